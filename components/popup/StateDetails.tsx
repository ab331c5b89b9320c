/**
 * The own part of the popup's rare views: permission missing (with "Grant access"), waiting for
 * the first sync, expired, and the error details of a stale or unreachable FAPI. A lazy chunk
 * (components/Popup.tsx): the status banner above it is in the first paint and says what the
 * state is; these details follow a few milliseconds later.
 */
import { useState } from 'react';
import type { AppConfig } from '../../lib/apps';
import { formatAgo, formatRelative } from '../../lib/format';
import { sendMessage } from '../../lib/messaging';
import { requestHostPermissions } from '../../lib/permissions';
import { refreshPermission } from '../../lib/popup-store';
import type { SessionSnapshot } from '../../lib/snapshot';
import { localTime } from './format-time';
import { OpenSyncHostButton } from './SignedOut';

export type StateDetailsKind = 'permission-missing' | 'waiting' | 'expired' | 'stale' | 'unreachable';

export default function StateDetails({
  kind,
  app,
  snapshot,
  now,
  compact,
}: {
  kind: StateDetailsKind;
  app: AppConfig;
  snapshot: SessionSnapshot | null;
  now: number;
  /** The popup's glance (not the side panel). */
  compact: boolean;
}) {
  switch (kind) {
    case 'permission-missing':
      return <PermissionMissing app={app} />;
    case 'waiting':
      return (
        <section className="card empty">
          <p>
            Waiting for the first sync of <strong>{app.label}</strong>. The background service worker writes a snapshot within a
            few seconds; it appears here by itself.
          </p>
        </section>
      );
    case 'stale':
    case 'unreachable':
      return snapshot ? <ErrorDetails kind={kind} snapshot={snapshot} now={now} compact={compact} /> : null;
    case 'expired':
      return (
        <>
          <section className="card empty">
            <p>
              This session can no longer be used. Sign in again in your app
              {app.syncHost ? ` (${app.syncHost})` : ''}; the extension picks up the new session by itself.
            </p>
            {app.syncHost && <OpenSyncHostButton app={app} />}
          </section>
          {snapshot?.error && <ErrorDetails kind="stale" snapshot={snapshot} now={now} compact={compact} />}
        </>
      );
  }
}

function ErrorDetails({
  kind,
  snapshot,
  now,
  compact = false,
}: {
  kind: 'stale' | 'unreachable';
  snapshot: SessionSnapshot;
  now: number;
  /** The popup's glance: the retry and the last good data on one line. */
  compact?: boolean;
}) {
  const error = snapshot.error;
  const lastGood = snapshot.lastRefresh?.at ?? null;
  const retry = error?.retryAt && error.retryAt > now ? `Next retry ${formatRelative(error.retryAt - now)}.` : null;
  const lastGoodText =
    lastGood !== null && snapshot.sessions.length > 0
      ? `Showing last good data from ${localTime(lastGood)} (${formatAgo(now - lastGood)}).`
      : lastGood !== null
        ? `Last good refresh ${formatAgo(now - lastGood)}.`
        : 'No good data yet.';
  return (
    <section className={compact ? 'card error-details compact' : 'card error-details'} data-testid="error-details">
      {kind === 'unreachable' && (
        <p>
          Could not reach <code>{snapshot.fapiHost}</code>
          {error?.kind === 'timeout' ? ' (timed out)' : ''}.
        </p>
      )}
      {error && (
        <p>
          <strong>{error.kind === 'http' && error.httpStatus ? `HTTP ${error.httpStatus}` : error.kind}:</strong> {error.message}{' '}
          <span className="muted">
            at {localTime(error.at)} ({formatAgo(now - error.at)})
          </span>
        </p>
      )}
      {compact ? (
        <p className="small">
          {retry && <>{retry} </>}
          <span data-testid="last-good">{lastGoodText}</span>
        </p>
      ) : (
        <>
          {retry && <p className="small">{retry}</p>}
          <p className="small" data-testid="last-good">
            {lastGoodText}
          </p>
        </>
      )}
    </section>
  );
}

function PermissionMissing({ app }: { app: AppConfig }) {
  const [message, setMessage] = useState<string | null>(null);
  const grant = async () => {
    setMessage(null);
    // request() must be the first thing in the click handler: it needs the user gesture.
    let granted = false;
    try {
      granted = await requestHostPermissions(app);
    } catch (error) {
      setMessage(`Chrome refused the request: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (!granted) {
      setMessage('Permission was not granted. Without it the extension cannot read this app’s session.');
      return;
    }
    await refreshPermission();
    sendMessage('appsChanged', {}).catch(() => undefined);
  };
  return (
    <section className="card empty">
      <p>
        To read the session of <strong>{app.label}</strong>, the extension needs access to its Frontend API
        {app.syncHost ? ' and to the sync host' : ''}. Chrome asks you once.
      </p>
      <button type="button" className="primary" onClick={() => void grant()}>
        Grant access
      </button>
      {message && (
        <p className="inline-error" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}
