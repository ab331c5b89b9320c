/**
 * The worker's listeners for the extension's surfaces (issue 12), registered from
 * entrypoints/background.ts in one separate block:
 * - the action's context menu item "Open in side panel";
 * - `permissions.onAdded`, which finishes an "Inspect this app" whose popup Chrome closed while
 *   its permission prompt was up (lib/detect/adopt.ts).
 * Registration is synchronous (a service worker must register listeners in its first turn).
 */
import { type Browser, browser } from 'wxt/browser';
import { completePendingAdoption } from './detect/adopt';

export const SIDE_PANEL_MENU_ID = 'open-side-panel';

/** Menu items persist across worker restarts; re-created on install and update. */
export async function createActionMenu(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: SIDE_PANEL_MENU_ID, title: 'Open in side panel', contexts: ['action'] }, () => {
    // Reading lastError keeps Chrome from logging "Unchecked runtime.lastError" for a duplicate.
    void browser.runtime.lastError;
  });
}

export function onMenuClicked(info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab): void {
  if (info.menuItemId !== SIDE_PANEL_MENU_ID || tab?.windowId === undefined) return;
  // Synchronously, inside the click: sidePanel.open needs the user action.
  browser.sidePanel.open({ windowId: tab.windowId }).catch(() => undefined);
}

export function registerSurfaceListeners(): void {
  browser.runtime.onInstalled.addListener(() => void createActionMenu().catch(() => undefined));
  browser.contextMenus?.onClicked.addListener(onMenuClicked);
  browser.permissions?.onAdded?.addListener(() => void completePendingAdoption().catch(() => undefined));
}
