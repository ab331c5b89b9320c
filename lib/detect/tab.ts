/**
 * The chrome.tabs / chrome.scripting adapter of detection: which tab to inspect, and running
 * ./probe.ts in it. Thin on purpose; everything it returns goes through ./verdict.ts.
 *
 * Which tab ("the current tab"):
 * - `?tab=<id>` in the page's URL wins. It exists for popup.html / sidepanel.html opened as a
 *   normal page (tests, or a user who opened it in a tab), where "the active tab" would be the
 *   page itself.
 * - Otherwise the active tab of the page's own window: for the toolbar popup and the side panel
 *   that is the tab the user is looking at (the last focused window may be another one).
 * - The calling page itself is never a target (an extension page opened in a tab).
 *
 * Access: `activeTab` grants the tab when the user clicks the toolbar icon (or presses the
 * shortcut, or uses the action's context menu) on it, until it navigates away; a configured app's
 * granted host permission also allows it. Without either, executeScript rejects, and the verdict
 * explains what to do.
 */
import { type Browser, browser } from 'wxt/browser';
import { parsePageReport } from './page-report';
import { type PageReport, probeClerkPage } from './probe';

export interface TargetTab {
  id: number;
  windowId: number;
  /** Undefined when the extension has no access to the tab yet. */
  url: string | null;
}

function tabIdFromSearch(search: string): number | null {
  const raw = new URLSearchParams(search).get('tab');
  const id = raw === null ? Number.NaN : Number(raw);
  return Number.isInteger(id) && id >= 0 ? id : null;
}

export async function resolveTargetTab(search = globalThis.location?.search ?? ''): Promise<TargetTab | null> {
  const explicit = tabIdFromSearch(search);
  let tab: Browser.tabs.Tab | undefined;
  if (explicit !== null) {
    tab = await browser.tabs.get(explicit).catch(() => undefined);
  } else {
    // currentWindow: the window the popup or the side panel belongs to, i.e. whose icon was clicked.
    [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    const self = await browser.tabs.getCurrent().catch(() => undefined);
    if (tab && self && tab.id === self.id) return null;
  }
  if (tab?.id === undefined || tab.windowId === undefined) return null;
  return { id: tab.id, windowId: tab.windowId, url: tab.url ?? null };
}

export type ProbeResult = { ok: true; report: PageReport } | { ok: false; error: string };

/** Runs the probe in the tab's top frame, in the page's own JavaScript world. */
export async function probeTab(tabId: number): Promise<ProbeResult> {
  try {
    const [result] = await browser.scripting.executeScript({ target: { tabId }, world: 'MAIN', func: probeClerkPage });
    if (result?.result === undefined || result.result === null) return { ok: false, error: 'The page returned nothing.' };
    // The page's own world answered: nothing of it is trusted before its shape is checked.
    const report = parsePageReport(result.result);
    if (!report) return { ok: false, error: 'The page answered with something that is not a report of its Clerk.' };
    return { ok: true, report };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
