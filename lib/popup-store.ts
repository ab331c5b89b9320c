/**
 * The popup's state: apps, the selected app's snapshot and history, and a ticking `now`.
 * Reads storage directly (no round trip to the service worker, which may be asleep), then
 * follows storage changes live.
 */
import { create } from 'zustand';
import type { AppConfig } from './apps';
import type { RefreshAttempt, SessionSnapshot } from './snapshot';
import { appsItem, historyItem, selectedAppIdItem, snapshotItem } from './storage';

export interface PopupState {
  loaded: boolean;
  apps: AppConfig[];
  selectedAppId: string | null;
  snapshot: SessionSnapshot | null;
  history: RefreshAttempt[];
  now: number;
  tick: (now: number) => void;
}

export const usePopupStore = create<PopupState>((set) => ({
  loaded: false,
  apps: [],
  selectedAppId: null,
  snapshot: null,
  history: [],
  now: Date.now(),
  tick: (now) => set({ now }),
}));

export function selectedApp(state: Pick<PopupState, 'apps' | 'selectedAppId'>): AppConfig | null {
  return state.apps.find((a) => a.id === state.selectedAppId) ?? state.apps[0] ?? null;
}

/** Loads everything once and keeps following storage; returns an unsubscribe. */
export async function connectPopupStore(): Promise<() => void> {
  let unwatchApp: Array<() => void> = [];
  const follow = async (appId: string | null) => {
    for (const unwatch of unwatchApp) unwatch();
    unwatchApp = [];
    if (!appId) {
      usePopupStore.setState({ snapshot: null, history: [], loaded: true });
      return;
    }
    const snapshots = snapshotItem(appId);
    const history = historyItem(appId);
    unwatchApp = [
      snapshots.watch((snapshot) => usePopupStore.setState({ snapshot })),
      history.watch((list) => usePopupStore.setState({ history: list })),
    ];
    const [snapshot, list] = await Promise.all([snapshots.getValue(), history.getValue()]);
    usePopupStore.setState({ snapshot, history: list, loaded: true });
  };
  const refreshApps = async () => {
    const [apps, selectedAppId] = await Promise.all([appsItem.getValue(), selectedAppIdItem.getValue()]);
    const previous = selectedApp(usePopupStore.getState())?.id ?? null;
    usePopupStore.setState({ apps, selectedAppId });
    const current = selectedApp({ apps, selectedAppId })?.id ?? null;
    if (current !== previous || !usePopupStore.getState().loaded) await follow(current);
  };
  const unwatchApps = appsItem.watch(() => void refreshApps());
  const unwatchSelected = selectedAppIdItem.watch(() => void refreshApps());
  await refreshApps();
  return () => {
    unwatchApps();
    unwatchSelected();
    for (const unwatch of unwatchApp) unwatch();
  };
}
