/**
 * The toolbar popup: picks a view from the store (lib/popup-view) and lays out the sections.
 * Every number comes from lib/session-math through the section components; nothing is computed
 * here. No Clerk code: the popup only reads storage and sends protocol messages.
 */
import { useState } from 'react';
import { browser } from 'wxt/browser';
import type { AppConfig } from '../lib/apps';
import { runDoctor } from '../lib/doctor/checks';
import { formatAgo, formatRelative } from '../lib/format';
import { sendMessage } from '../lib/messaging';
import { requestHostPermissions } from '../lib/permissions';
import { refreshPermission, selectedApp, usePopupStore } from '../lib/popup-store';
import { choosePopupView, type PopupViewKind } from '../lib/popup-view';
import type { SessionSnapshot } from '../lib/snapshot';
import { SetupDoctor } from './doctor/SetupDoctor';
import { localTime } from './popup/format-time';
import { PopupHeader } from './popup/PopupHeader';
import { RefreshHistory } from './popup/RefreshHistory';
import { SessionList } from './popup/SessionList';
import { SessionOverview } from './popup/SessionOverview';
import { SignOutPanel } from './popup/SignOutPanel';
import { StatusBanner } from './popup/StatusBanner';
import { TokenPanel } from './popup/TokenPanel';

function openOptions() {
  void browser.runtime.openOptionsPage();
}

export function Popup() {
  const state = usePopupStore();
  const app = selectedApp(state);
  const view = choosePopupView({
    loaded: state.loaded,
    app,
    permission: state.permission,
    snapshot: state.snapshot,
    now: state.now,
  });

  if (view.kind === 'loading') {
    return (
      <main className="popup">
        <StatusBanner kind="loading" />
      </main>
    );
  }
  if (view.kind === 'not-configured' || !app) {
    return (
      <main className="popup">
        <h1 className="app-label">Clerk Session Inspector</h1>
        <StatusBanner kind="not-configured" />
        <section className="card empty">
          <p>Add the publishable key of your Clerk app (and the origin it runs on) to see its session here.</p>
          <button type="button" className="primary" onClick={openOptions}>
            Open options to add an app
          </button>
        </section>
      </main>
    );
  }

  const snapshot = state.snapshot;
  return (
    <main className="popup">
      <PopupHeader apps={state.apps} app={app} snapshot={snapshot} onOpenOptions={openOptions} />
      <StatusBanner kind={view.kind} />
      {view.kind !== 'permission-missing' && (
        <SetupDoctor
          compact
          title="Needs your attention"
          checks={runDoctor({ app, permission: state.permission, snapshot, extensionId: browser.runtime.id })}
        />
      )}
      <ViewBody kind={view.kind} app={app} snapshot={snapshot} now={state.now} />
      {snapshot && view.kind !== 'permission-missing' && (
        <>
          {view.hasSession && <SessionOverview snapshot={snapshot} app={app} now={state.now} />}
          <SessionList snapshot={snapshot} now={state.now} />
          <TokenPanel snapshot={snapshot} now={state.now} />
          <RefreshHistory history={state.history} now={state.now} />
          <SignOutPanel key={app.id} snapshot={snapshot} app={app} />
        </>
      )}
      <footer className="footer small muted">
        {snapshot ? (
          <span data-testid="written-at">
            Snapshot written {formatAgo(state.now - snapshot.writtenAt)} · {snapshot.mode} mode
          </span>
        ) : (
          <span>No snapshot yet</span>
        )}
      </footer>
    </main>
  );
}

/** The part of each view that is specific to it (call to action, error details). */
function ViewBody({
  kind,
  app,
  snapshot,
  now,
}: {
  kind: PopupViewKind;
  app: AppConfig;
  snapshot: SessionSnapshot | null;
  now: number;
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
    case 'signed-out':
      return <SignedOut app={app} snapshot={snapshot} />;
    case 'stale':
    case 'unreachable':
      return snapshot ? <ErrorDetails kind={kind} snapshot={snapshot} now={now} /> : null;
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
          {snapshot?.error && <ErrorDetails kind="stale" snapshot={snapshot} now={now} />}
        </>
      );
    default:
      return null;
  }
}

function OpenSyncHostButton({ app }: { app: AppConfig }) {
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

function SignedOut({ app, snapshot }: { app: AppConfig; snapshot: SessionSnapshot | null }) {
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

function ErrorDetails({ kind, snapshot, now }: { kind: 'stale' | 'unreachable'; snapshot: SessionSnapshot; now: number }) {
  const error = snapshot.error;
  const lastGood = snapshot.lastRefresh?.at ?? null;
  return (
    <section className="card error-details" data-testid="error-details">
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
      {error?.retryAt && error.retryAt > now && <p className="small">Next retry {formatRelative(error.retryAt - now)}.</p>}
      <p className="small" data-testid="last-good">
        {lastGood !== null && snapshot.sessions.length > 0
          ? `Showing last good data from ${localTime(lastGood)} (${formatAgo(now - lastGood)}).`
          : lastGood !== null
            ? `Last good refresh ${formatAgo(now - lastGood)}.`
            : 'No good data yet.'}
      </p>
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
