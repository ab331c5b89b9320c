/**
 * The toolbar popup and the side panel (`layout="panel"`): picks a view from the store
 * (lib/popup-view) and lays out the sections. Every number comes from lib/session-math through
 * the section components; nothing is computed here. No Clerk code: the popup only reads storage
 * and sends protocol messages.
 *
 * The popup is a glance (Chrome caps it at 800 x 600): status, the sign-out action, then the
 * numbers come first; sessions, claims and history follow below, and in full in the side panel.
 * Lazy chunks, off the first paint: tab detection (components/detect), the setup doctor, what
 * is below the glance (Details), the sign-out dialog and the notice of an unfinished sign-out.
 */
import { lazy, Suspense, useState } from 'react';
import { browser } from 'wxt/browser';
import type { AppConfig } from '../lib/apps';
import { formatAgo, formatRelative } from '../lib/format';
import { sendMessage } from '../lib/messaging';
import { requestHostPermissions } from '../lib/permissions';
import { refreshPermission, selectedApp, usePopupStore } from '../lib/popup-store';
import { choosePopupView, type PopupViewKind, signOutToReport } from '../lib/popup-view';
import { expiredByDeadline } from '../lib/session-math';
import type { SessionSnapshot } from '../lib/snapshot';
import { localTime } from './popup/format-time';
import { PopupHeader } from './popup/PopupHeader';
import { SessionOverview } from './popup/SessionOverview';
import { SignOutPanel } from './popup/SignOutPanel';
import { StatusBanner } from './popup/StatusBanner';

function openOptions() {
  void browser.runtime.openOptionsPage();
}

export type PopupLayout = 'popup' | 'panel';

const detect = () => import('./detect/DetectCard');
const DetectCard = lazy(() => detect().then((m) => ({ default: m.DetectCard })));
const CheckTabButton = lazy(() => detect().then((m) => ({ default: m.CheckTabButton })));
const Details = lazy(() => import('./popup/Details'));
const PopupDoctor = lazy(() => import('./doctor/PopupDoctor'));
const SignOutNotice = lazy(() => import('./popup/SignOutNotice'));

export function Popup({ layout = 'popup' }: { layout?: PopupLayout }) {
  const state = usePopupStore();
  const app = selectedApp(state);
  const view = choosePopupView({
    loaded: state.loaded,
    app,
    permission: state.permission,
    snapshot: state.snapshot,
    now: state.now,
  });

  const className = `popup layout-${layout}`;
  if (view.kind === 'loading') {
    return (
      <main className={className}>
        <StatusBanner kind="loading" />
      </main>
    );
  }
  if (view.kind === 'not-configured' || !app) {
    return (
      <main className={className}>
        <h1 className="app-label">Clerk Session Inspector</h1>
        <StatusBanner kind="not-configured" />
        <Suspense fallback={null}>
          <DetectCard layout={layout} />
        </Suspense>
        <section className="card empty">
          <p>
            Open your Clerk app’s tab and click this extension’s icon there: it finds the app by itself. Or add its publishable
            key (and the origin it runs on) on the options page.
          </p>
          <div className="button-row">
            <Suspense fallback={null}>
              <CheckTabButton />
            </Suspense>
            <button type="button" onClick={openOptions}>
              Open options to add an app
            </button>
          </div>
        </section>
      </main>
    );
  }

  const snapshot = state.snapshot;
  const details = snapshot && view.kind !== 'permission-missing';
  const signOut = details && <SignOutPanel key={app.id} snapshot={snapshot} app={app} compact={layout === 'popup'} />;
  return (
    <main className={className}>
      <PopupHeader apps={state.apps} app={app} snapshot={snapshot} onOpenOptions={openOptions} layout={layout} />
      <Suspense fallback={null}>
        <DetectCard layout={layout} />
      </Suspense>
      <StatusBanner kind={view.kind} confirming={snapshot !== null && expiredByDeadline(snapshot, state.now)} />
      {view.kind !== 'permission-missing' && (
        <Suspense fallback={null}>
          <PopupDoctor app={app} permission={state.permission} snapshot={snapshot} />
        </Suspense>
      )}
      <ViewBody kind={view.kind} app={app} snapshot={snapshot} now={state.now} layout={layout} />
      {signOutToReport(state.signOutReport) && (
        <Suspense fallback={null}>
          <SignOutNotice report={state.signOutReport} />
        </Suspense>
      )}
      {layout === 'popup' && signOut}
      {details && (
        <>
          {view.hasSession && <SessionOverview snapshot={snapshot} app={app} now={state.now} />}
          {layout === 'panel' && signOut}
          <Suspense fallback={null}>
            <Details snapshot={snapshot} history={state.history} now={state.now} />
          </Suspense>
        </>
      )}
      <footer className="footer small muted">
        <Suspense fallback={null}>
          <CheckTabButton />
        </Suspense>
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
  layout,
}: {
  kind: PopupViewKind;
  app: AppConfig;
  snapshot: SessionSnapshot | null;
  now: number;
  layout: PopupLayout;
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
      return snapshot ? <ErrorDetails kind={kind} snapshot={snapshot} now={now} compact={layout === 'popup'} /> : null;
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
          {snapshot?.error && <ErrorDetails kind="stale" snapshot={snapshot} now={now} compact={layout === 'popup'} />}
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
