/**
 * Detection state for the popup and the side panel (zustand): the tab checked, its verdict, and
 * the "Inspect this app" outcome. `runDetection` wires the tab adapter, the pure verdict and
 * storage together; a tab of an app that is already configured selects that app.
 * Loaded lazily (the popup's first paint does not wait for it).
 */
import { create } from 'zustand';
import { sendMessage } from '../messaging';
import { appsItem, lastModeItem, selectedAppIdItem } from '../storage';
import { type AdoptOutcome, inspectApp } from './adopt';
import { restrictionFor } from './restricted';
import { probeTab, resolveTargetTab, type TargetTab } from './tab';
import { judgeTab, type Verdict } from './verdict';

export type Adoption = { kind: 'idle' } | { kind: 'asking' } | AdoptOutcome;

export interface DetectState {
  running: boolean;
  /** The last run was asked for ("Check this tab"), so every verdict is worth saying. */
  explicit: boolean;
  tab: TargetTab | null;
  verdict: Verdict | null;
  adoption: Adoption;
}

const initial: DetectState = { running: false, explicit: false, tab: null, verdict: null, adoption: { kind: 'idle' } };

export const useDetectStore = create<DetectState>(() => ({ ...initial }));

export function resetDetectStore(): void {
  useDetectStore.setState({ ...initial });
}

let runs = 0;

/** Checks the current tab; a newer run wins over an older one still in flight. */
export async function runDetection({ explicit }: { explicit: boolean }): Promise<Verdict> {
  const run = ++runs;
  useDetectStore.setState({ running: true, explicit });
  try {
    return await detect(run);
  } finally {
    // Whatever the page answered or threw, "Checking…" ends (issue 19, item 4).
    if (run === runs) useDetectStore.setState({ running: false });
  }
}

async function detect(run: number): Promise<Verdict> {
  const [tab, apps, selectedAppId, lastMode] = await Promise.all([
    resolveTargetTab().catch(() => null),
    appsItem.getValue(),
    selectedAppIdItem.getValue(),
    lastModeItem.getValue(),
  ]);
  let report = null;
  let injectionError: string | null = null;
  // A restricted page is known from its URL (when Chrome shows it to us): no injection attempt.
  if (tab && !(tab.url && restrictionFor(tab.url))) {
    const probed = await probeTab(tab.id);
    if (probed.ok) report = probed.report;
    else injectionError = probed.error;
  }
  const verdict = judgeTab({ tabUrl: tab?.url ?? null, report, injectionError, apps, lastMode });
  if (run !== runs) return verdict;
  useDetectStore.setState({ running: false, tab, verdict, adoption: { kind: 'idle' } });
  // Only a tab on the app's own sync host selects it unasked: any page can name any key
  // (issue 19, item 6). Otherwise the card offers the switch (switchToDetectedApp).
  if (verdict.kind === 'configured' && verdict.sameOrigin) {
    const shown = apps.find((a) => a.id === selectedAppId) ?? apps[0];
    if (shown?.id !== verdict.app.id) await selectApp(verdict.app.id);
  }
  return verdict;
}

async function selectApp(appId: string): Promise<void> {
  await selectedAppIdItem.setValue(appId);
  // The engine follows the stored choice too; telling it just makes it sooner.
  sendMessage('selectApp', { appId }).catch(() => undefined);
}

/** The user's "Show this app" on a page that names a configured app's key from another origin. */
export async function switchToDetectedApp(): Promise<void> {
  const { verdict } = useDetectStore.getState();
  if (verdict?.kind === 'configured') await selectApp(verdict.app.id);
}

/**
 * The side panel's re-checks (issue 19, item 7): a tab switch in its own window, or the load of
 * the tab it shows (or of its window's active tab); never another window's tabs.
 */
export function recheckOnActivated(info: { tabId: number; windowId: number }, shown: TargetTab | null): boolean {
  return shown === null || info.windowId === shown.windowId;
}

export function recheckOnUpdated(
  tabId: number,
  change: { status?: string },
  tab: { windowId?: number; active?: boolean },
  shown: TargetTab | null,
): boolean {
  if (change.status !== 'complete') return false;
  if (shown === null) return tab.active === true;
  return tabId === shown.id || (tab.windowId === shown.windowId && tab.active === true);
}

/**
 * The "Inspect this app" click. Synchronous up to `permissions.request` (see ./adopt.ts). A draft
 * with a host warning is adopted only with `confirmedHost` naming exactly its FAPI host (the
 * second click, on the warning), which the saved app then records.
 */
export function inspectDetected({ confirmedHost, shown }: { confirmedHost?: string; shown?: Verdict } = {}): Promise<Adoption> {
  const { verdict } = useDetectStore.getState();
  // Exactly the verdict on screen: a newer check (another tab loaded) may have replaced it.
  if (shown && shown !== verdict) {
    const adoption: Adoption = {
      kind: 'failed',
      message: 'The tab changed while you looked: check the new result and try again.',
    };
    useDetectStore.setState({ adoption });
    return Promise.resolve(adoption);
  }
  if (verdict?.kind !== 'detected') return Promise.resolve(useDetectStore.getState().adoption);
  if (verdict.hostWarning && confirmedHost !== verdict.fapiHost) return Promise.resolve(useDetectStore.getState().adoption);
  const draft = verdict.hostWarning ? { ...verdict.draft, confirmedFapiHost: verdict.fapiHost } : verdict.draft;
  const outcome = inspectApp(draft, verdict.origins);
  useDetectStore.setState({ adoption: { kind: 'asking' } });
  return outcome.then((adoption) => {
    useDetectStore.setState({ adoption });
    if (adoption.kind === 'added') sendMessage('appsChanged', {}).catch(() => undefined);
    return adoption;
  });
}
