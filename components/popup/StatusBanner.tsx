import { type PopupViewKind, VIEW_LABELS } from '../../lib/popup-view';

const ICONS: Record<PopupViewKind, string> = {
  loading: '…',
  'not-configured': '⚙',
  'permission-missing': '!',
  waiting: '…',
  'signed-out': '○',
  healthy: '✓',
  warning: '!',
  expiring: '‼',
  expired: '✕',
  stale: '⟳',
  unreachable: '⚠',
};

const SENTENCES: Record<PopupViewKind, string> = {
  loading: 'Reading the stored snapshot.',
  'not-configured': 'Add your Clerk app on the options page.',
  'permission-missing': 'The extension may not read this app’s hosts yet.',
  waiting: 'The background has not written a snapshot for this app yet.',
  'signed-out': 'No one is signed in to this app in this browser.',
  healthy: 'The session is active.',
  warning: 'The session ends soon.',
  expiring: 'The session is about to end.',
  expired: 'The session has ended.',
  stale: 'The last refresh failed; the data below may be out of date.',
  unreachable: 'The Frontend API could not be reached.',
};

/**
 * The one live region: it only changes when the status changes (no numbers inside), so a screen
 * reader announces "Expiring" once, not every second.
 */
export function StatusBanner({ kind, confirming = false }: { kind: PopupViewKind; confirming?: boolean }) {
  return (
    <div className={`status status-${kind}`} data-testid="status" aria-live="polite" aria-atomic="true">
      <span className="status-icon" aria-hidden="true">
        {ICONS[kind]}
      </span>
      <strong className="status-label">{VIEW_LABELS[kind]}</strong>
      <span className="status-sentence">
        {kind === 'expired' && confirming
          ? 'Expired (by its deadline; confirming…): Clerk has not confirmed the end yet.'
          : SENTENCES[kind]}
      </span>
    </div>
  );
}
