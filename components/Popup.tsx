/**
 * The toolbar popup and the side panel (`layout="panel"`): picks a view from the store
 * (lib/popup-view) and lays out the sections. Every number comes from lib/session-math through
 * the section components; nothing is computed here. No Clerk code: the popup only reads storage
 * and sends protocol messages.
 *
 * The popup is a glance (Chrome caps it at 800 x 600): status, the sign-out action, then the
 * numbers come first; sessions, claims and history follow below, and in full in the side panel.
 * Lazy chunks, off the first paint: tab detection (components/detect), the setup doctor, what
 * is below the glance (Details), the sign-out dialog and the notice of an unfinished sign-out,
 * the details of the rare views (components/popup/StateDetails) and the not-configured view.
 * They mount right after the first paint (`useAfterFirstPaint`), never in it.
 */
import { lazy, Suspense } from 'react';
import { formatAgo } from '../lib/format';
import { selectedApp, usePopupStore } from '../lib/popup-store';
import { choosePopupView, type PopupViewKind, signOutToReport } from '../lib/popup-view';
import { expiredByDeadline } from '../lib/session-math';
import { useAfterFirstPaint } from './popup/after-first-paint';
import { openOptions } from './popup/open-options';
import { PopupHeader } from './popup/PopupHeader';
import { SessionOverview } from './popup/SessionOverview';
import { SignedOut } from './popup/SignedOut';
import { SignOutPanel } from './popup/SignOutPanel';
import type { StateDetailsKind } from './popup/StateDetails';
import { StatusBanner } from './popup/StatusBanner';

export type PopupLayout = 'popup' | 'panel';

const detect = () => import('./detect/DetectCard');
const DetectCard = lazy(() => detect().then((m) => ({ default: m.DetectCard })));
const CheckTabButton = lazy(() => detect().then((m) => ({ default: m.CheckTabButton })));
const Details = lazy(() => import('./popup/Details'));
const PopupDoctor = lazy(() => import('./doctor/PopupDoctor'));
const SignOutNotice = lazy(() => import('./popup/SignOutNotice'));
const StateDetails = lazy(() => import('./popup/StateDetails'));
const NotConfigured = lazy(() => import('./popup/NotConfigured'));

/** The views whose own part is the StateDetails chunk: rare states (signed out is not one). */
const RARE: ReadonlySet<PopupViewKind> = new Set<StateDetailsKind>([
  'permission-missing',
  'waiting',
  'expired',
  'stale',
  'unreachable',
]);
const isRare = (kind: PopupViewKind): kind is StateDetailsKind => RARE.has(kind);

export function Popup({ layout = 'popup' }: { layout?: PopupLayout }) {
  const state = usePopupStore();
  const later = useAfterFirstPaint();
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
        {later && (
          <Suspense fallback={null}>
            <NotConfigured layout={layout} />
          </Suspense>
        )}
      </main>
    );
  }

  const snapshot = state.snapshot;
  const details = snapshot && view.kind !== 'permission-missing';
  const signOut = details && <SignOutPanel key={app.id} snapshot={snapshot} app={app} compact={layout === 'popup'} />;
  return (
    <main className={className}>
      <PopupHeader apps={state.apps} app={app} snapshot={snapshot} onOpenOptions={openOptions} layout={layout} />
      {later && (
        <Suspense fallback={null}>
          <DetectCard layout={layout} />
        </Suspense>
      )}
      <StatusBanner kind={view.kind} confirming={snapshot !== null && expiredByDeadline(snapshot, state.now)} />
      {later && view.kind !== 'permission-missing' && (
        <Suspense fallback={null}>
          <PopupDoctor app={app} permission={state.permission} snapshot={snapshot} />
        </Suspense>
      )}
      {view.kind === 'signed-out' && <SignedOut app={app} snapshot={snapshot} />}
      {later && isRare(view.kind) && (
        <Suspense fallback={null}>
          <StateDetails kind={view.kind} app={app} snapshot={snapshot} now={state.now} compact={layout === 'popup'} />
        </Suspense>
      )}
      {later && signOutToReport(state.signOutReport) && (
        <Suspense fallback={null}>
          <SignOutNotice report={state.signOutReport} syncHost={app.syncHost} />
        </Suspense>
      )}
      {layout === 'popup' && signOut}
      {details && (
        <>
          {view.hasSession && <SessionOverview snapshot={snapshot} app={app} now={state.now} />}
          {layout === 'panel' && signOut}
          {later && (
            <Suspense fallback={null}>
              <Details snapshot={snapshot} history={state.history} now={state.now} />
            </Suspense>
          )}
        </>
      )}
      <footer className="footer small muted">
        {later && (
          <Suspense fallback={null}>
            <CheckTabButton />
          </Suspense>
        )}
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
