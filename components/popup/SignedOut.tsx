/**
 * The signed-out view's own part (part of the first paint: a developer signs out often), and the
 * "Open <sync host> to sign in" button it shares with the expired view.
 */
import { useState } from 'react';
import type { AppConfig } from '../../lib/apps';
import { sendMessage } from '../../lib/messaging';
import type { SessionSnapshot } from '../../lib/snapshot';
import { openOptions } from './open-options';

export function OpenSyncHostButton({ app }: { app: AppConfig }) {
  const [error, setError] = useState<string | null>(null);
  const host = app.syncHost ? new URL(app.syncHost).host : '';
  return (
    <>
      <button
        type="button"
        className="primary"
        onClick={() => {
          setError(null);
          sendMessage('openSyncHost', { appId: app.id }).catch((e: unknown) =>
            setError(e instanceof Error ? e.message : String(e)),
          );
        }}
      >
        Open {host} to sign in
      </button>
      {error && (
        <p className="inline-error" role="alert">
          Could not open it: {error}
        </p>
      )}
    </>
  );
}

export function SignedOut({ app, snapshot }: { app: AppConfig; snapshot: SessionSnapshot | null }) {
  return (
    <section className="card empty">
      <p data-testid="session-state" className="big-value-text">
        Signed out
      </p>
      {app.syncHost ? (
        <>
          <p>Sign in to your app in this browser; the extension picks up the session from its cookie.</p>
          <OpenSyncHostButton app={app} />
        </>
      ) : (
        <>
          <p>No sync host is set, so the extension cannot pick up the session of your web app. Set its origin in options.</p>
          <button type="button" onClick={openOptions}>
            Open options
          </button>
        </>
      )}
      {snapshot?.error?.kind === 'no-identity' && <p className="small muted">{snapshot.error.message}</p>}
    </section>
  );
}
