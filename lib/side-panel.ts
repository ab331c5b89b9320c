/**
 * chrome.sidePanel adapter: opening the side panel from an extension page's click. Chrome allows
 * `sidePanel.open` only in response to a user action, so the window id is looked up ahead of
 * time (`prepareSidePanel` at mount) and the click calls `open` synchronously. A click that
 * comes before the lookup answered (a busy machine) waits for it: the click's transient user
 * activation lasts seconds, so `open` is still allowed then.
 */
import { browser } from 'wxt/browser';

let windowId: number | null = null;
let lookup: Promise<number | null> | null = null;

export function sidePanelSupported(): boolean {
  return typeof browser.sidePanel?.open === 'function';
}

/** Call once when the page mounts. */
export function prepareSidePanel(): Promise<number | null> {
  if (!sidePanelSupported()) return Promise.resolve(null);
  lookup ??= browser.windows
    .getCurrent()
    .then((w) => {
      windowId = w.id ?? null;
      return windowId;
    })
    .catch(() => null);
  return lookup;
}

/** Call straight from the click handler. */
export function openSidePanel(): Promise<void> {
  if (!sidePanelSupported()) return Promise.reject(new Error('This browser has no side panel.'));
  if (windowId !== null) return browser.sidePanel.open({ windowId });
  return prepareSidePanel().then((id) => {
    if (id === null) throw new Error('The window is not known; try again.');
    return browser.sidePanel.open({ windowId: id });
  });
}
