/**
 * The popup's state: apps, the selected app's snapshot and history, whether its host permissions
 * are granted, and a ticking `now`. Reads storage directly (no round trip to the service worker,
 * which may be asleep), then follows storage changes live. Holds no Clerk code and no raw token.
 *
 * The first paint waits for one round trip to the browser: the apps, the selected id and the
 * whole of `storage.session` (every app's snapshot and sign-out report) are read at once, and
 * `loaded` turns true with them. The history (below the fold, in a lazy chunk) and the host
 * permission follow in a second round trip. Until then `permission` is 'unknown', which shows the
 * snapshot as it is: a snapshot the worker wrote without the permission already says so
 * (`error.kind === 'permission'`); a grant revoked since the last sync shows a moment later.
 */
import { browser } from 'wxt/browser';
import { create } from 'zustand';
import type { AppConfig } from './apps';
import type { PermissionState } from './popup-view';
import type { SignOutReport } from './protocol';
import type { RefreshAttempt, SessionSnapshot } from './snapshot';
import { appsItem, historyItem, selectedAppIdItem, signOutReportItem, snapshotItem } from './storage';
import { type AreaContents, readArea } from './storage-item';

export interface PopupState {
  loaded: boolean;
  apps: AppConfig[];
  selectedAppId: string | null;
  snapshot: SessionSnapshot | null;
  history: RefreshAttempt[];
  /** The selected app's last sign-out as the worker saved it (running, done or interrupted). */
  signOutReport: SignOutReport | null;
  /** Host permissions of the selected app; 'unknown' when the browser cannot tell. */
  permission: PermissionState;
  now: number;
  tick: (now: number) => void;
}

/** What the popup knows before anything is read (also what the tests reset to). */
const INITIAL: Omit<PopupState, 'now' | 'tick'> = {
  loaded: false,
  apps: [],
  selectedAppId: null,
  snapshot: null,
  history: [],
  signOutReport: null,
  permission: 'unknown',
};

export const usePopupStore = create<PopupState>((set) => ({
  ...INITIAL,
  now: Date.now(),
  tick: (now) => set({ now }),
}));

export function selectedApp(state: Pick<PopupState, 'apps' | 'selectedAppId'>): AppConfig | null {
  return state.apps.find((a) => a.id === state.selectedAppId) ?? state.apps[0] ?? null;
}

/**
 * Re-reads whether the selected app's hosts are granted (after a grant, or on app change). The
 * hosts come from the publishable key: lib/permissions (with the key parser and Clerk's) is a
 * lazy chunk, as the first paint does not wait for the permission.
 */
export async function refreshPermission(): Promise<PermissionState> {
  const app = selectedApp(usePopupStore.getState());
  let permission: PermissionState = 'unknown';
  if (app) {
    try {
      const { hasHostPermissions } = await import('./permissions');
      permission = (await hasHostPermissions(app)) ? 'granted' : 'missing';
    } catch {
      permission = 'unknown';
    }
  }
  // Another app was selected meanwhile: its own refresh decides.
  if ((selectedApp(usePopupStore.getState())?.id ?? null) !== (app?.id ?? null)) return permission;
  usePopupStore.setState({ permission });
  return permission;
}

/** Shows another app: stored, so the popup reopens on it and the engine serves it. */
export async function selectAppLocally(appId: string): Promise<void> {
  await selectedAppIdItem.setValue(appId);
}

/** Loads everything once and keeps following storage; returns an unsubscribe. */
export async function connectPopupStore(): Promise<() => void> {
  let unwatchApp: Array<() => void> = [];
  // Storage reads resolve in any order: switching apps twice quickly could let the first app's
  // read land last and show its snapshot under the second app's header. Every read carries the
  // app it is for, and a result for an app that is no longer followed is dropped.
  let followed: string | null = null;
  let appsRead = 0;
  const isFollowed = (appId: string) => followed === appId;
  const own = (appId: string, snapshot: SessionSnapshot | null) => (snapshot && snapshot.appId !== appId ? null : snapshot);
  /** `shown`: the app's session-area items are already in the store (the first paint's read). */
  const follow = async (appId: string | null, shown = false) => {
    for (const unwatch of unwatchApp) unwatch();
    unwatchApp = [];
    followed = appId;
    if (!appId) {
      usePopupStore.setState({ snapshot: null, history: [], signOutReport: null, loaded: true });
      return;
    }
    const snapshots = snapshotItem(appId);
    const history = historyItem(appId);
    const reports = signOutReportItem(appId);
    unwatchApp = [
      snapshots.watch((snapshot) => {
        if (isFollowed(appId)) usePopupStore.setState({ snapshot: own(appId, snapshot) });
      }),
      history.watch((list) => {
        if (isFollowed(appId)) usePopupStore.setState({ history: list });
      }),
      reports.watch((signOutReport) => {
        if (isFollowed(appId)) usePopupStore.setState({ signOutReport });
      }),
    ];
    // The old app's snapshot is never shown under the new header while the new one loads.
    if (!shown) usePopupStore.setState({ snapshot: null, history: [], signOutReport: null });
    // Read again once watched (also for the first paint's app): a write between the first read
    // and the watch is not lost.
    const [snapshot, list, signOutReport] = await Promise.all([
      snapshots.getValue(),
      history.getValue(),
      reports.getValue(),
      refreshPermission(),
    ]);
    if (!isFollowed(appId)) return;
    usePopupStore.setState({ snapshot: own(appId, snapshot), history: list, signOutReport, loaded: true });
  };
  /** `session`: the session area read with the apps (first paint), or nothing (a later change). */
  const refreshApps = async (session?: Promise<AreaContents | undefined>) => {
    const read = ++appsRead;
    const [apps, selectedAppId, area] = await Promise.all([appsItem.getValue(), selectedAppIdItem.getValue(), session]);
    // A newer read started meanwhile: it decides what is selected.
    if (read !== appsRead) return;
    const previous = selectedApp(usePopupStore.getState())?.id ?? null;
    const current = selectedApp({ apps, selectedAppId })?.id ?? null;
    if (area && current) {
      const snapshot = own(current, snapshotItem(current).pick(area));
      usePopupStore.setState({
        apps,
        selectedAppId,
        snapshot,
        signOutReport: signOutReportItem(current).pick(area),
        loaded: true,
      });
      await follow(current, true);
      return;
    }
    usePopupStore.setState({ apps, selectedAppId });
    if (current !== previous || !usePopupStore.getState().loaded) await follow(current);
    else await refreshPermission();
  };
  const unwatchApps = appsItem.watch(() => void refreshApps());
  const unwatchSelected = selectedAppIdItem.watch(() => void refreshApps());
  // A grant from the options page (or chrome://extensions) shows up without reopening the popup.
  const onPermissionsChanged = () => void refreshPermission();
  const permissionEvents = [browser.permissions?.onAdded, browser.permissions?.onRemoved].filter(
    (event): event is NonNullable<typeof event> => {
      try {
        return typeof event?.addListener === 'function';
      } catch {
        return false;
      }
    },
  );
  for (const event of permissionEvents) {
    try {
      event.addListener(onPermissionsChanged);
    } catch {
      // The in-memory test browser does not implement permission events.
    }
  }
  // Should the whole-area read fail, the app's items are read on their own, as after a change.
  await refreshApps(readArea('session').catch(() => undefined));
  return () => {
    unwatchApps();
    unwatchSelected();
    for (const unwatch of unwatchApp) unwatch();
    for (const event of permissionEvents) {
      try {
        event.removeListener(onPermissionsChanged);
      } catch {
        // see above
      }
    }
  };
}

/**
 * Resolves once the store holds the first read (`loaded`), or after `timeoutMs` so that a slow
 * browser shows "Loading" rather than an empty page.
 */
export function whenLoaded(timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (usePopupStore.getState().loaded) return resolve();
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const unsubscribe = usePopupStore.subscribe((state) => {
      if (state.loaded) done();
    });
  });
}

/**
 * Ticks `now` every second. Countdowns are recomputed from absolute timestamps on each tick, so
 * nothing accumulates and a throttled timer only makes a tick late, never wrong.
 */
export function startPopupClock(): () => void {
  usePopupStore.getState().tick(Date.now());
  const id = setInterval(() => usePopupStore.getState().tick(Date.now()), 1000);
  return () => clearInterval(id);
}

/** Test helper: back to the initial state. */
export function resetPopupStore(): void {
  usePopupStore.setState(INITIAL);
}
