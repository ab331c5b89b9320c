/**
 * chrome.sidePanel adapter: opening the side panel from an extension page's click. Chrome allows
 * `sidePanel.open` only in response to a user action, so the window id is looked up ahead of
 * time (`prepareSidePanel` at mount) and the click calls `open` synchronously.
 */
import { browser } from 'wxt/browser';

let windowId: number | null = null;

export function sidePanelSupported(): boolean {
  return typeof browser.sidePanel?.open === 'function';
}

/** Call once when the page mounts. */
export function prepareSidePanel(): void {
  if (!sidePanelSupported()) return;
  browser.windows
    .getCurrent()
    .then((w) => {
      windowId = w.id ?? null;
    })
    .catch(() => undefined);
}

/** Call straight from the click handler. */
export function openSidePanel(): Promise<void> {
  if (!sidePanelSupported()) return Promise.reject(new Error('This browser has no side panel.'));
  if (windowId === null) return Promise.reject(new Error('The window is not known yet; try again.'));
  return browser.sidePanel.open({ windowId });
}
