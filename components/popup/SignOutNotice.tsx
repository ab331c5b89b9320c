/**
 * The last sign-out as the worker saved it, shown when the popup opens: one that is still
 * running (the popup was closed while it ran), or one a stopped worker interrupted, with what
 * Clerk says really ended (lib/engine/signout.ts, finishInterrupted). A finished sign-out was
 * already shown in its own dialog, so it is not repeated here (`signOutToReport`). A lazy chunk
 * (components/Popup.tsx): most popups never show it.
 */
import { signOutToReport } from '../../lib/popup-view';
import type { SignOutReport } from '../../lib/protocol';
import { signOutReportItem } from '../../lib/storage';
import { localTime } from './format-time';
import { ResultList } from './SignOutFlow';

export default function SignOutNotice({ report }: { report: SignOutReport | null }) {
  if (!signOutToReport(report)) return null;
  if (report.status === 'running') {
    return (
      <section className="card note" data-testid="signout-notice" aria-live="polite">
        <p>A sign-out of all sessions is running (started {localTime(report.at)})…</p>
      </section>
    );
  }
  return (
    <section className="card danger-zone" data-testid="signout-notice" role="alert">
      <h2>Sign-out interrupted</h2>
      <p>
        The extension was stopped during the sign-out started at {localTime(report.at)}. Clerk was asked afterwards what really
        ended:
      </p>
      <ResultList title="Ended" items={report.ended} mark="✓" />
      <ResultList title="Not ended" items={report.failed} mark="✕" />
      {report.failed.length > 0 && <p>Sign out again to end {report.failed.length === 1 ? 'it' : 'them'}.</p>}
      <button type="button" onClick={() => void signOutReportItem(report.appId).removeValue()}>
        Dismiss
      </button>
    </section>
  );
}
