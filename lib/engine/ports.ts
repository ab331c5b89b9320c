/**
 * The chrome.* calls the engine makes, in one thin adapter. Everything here is implemented by
 * WXT's in-memory browser except cookies and permissions, which tests stub.
 */
import { browser } from 'wxt/browser';
import type { AppConfig } from '../apps';
import { hasHostPermissions } from '../permissions';

export interface BadgeState {
  text: string;
  color: string;
  title: string;
}

export const chromePorts = {
  alarms: {
    get: (name: string) => browser.alarms.get(name),
    getAll: () => browser.alarms.getAll(),
    clear: (name: string) => browser.alarms.clear(name),
    createPeriodic: (name: string, periodMs: number, firstAt: number) =>
      browser.alarms.create(name, { when: firstAt, periodInMinutes: periodMs / 60_000 }),
    createOnce: (name: string, at: number) => browser.alarms.create(name, { when: at }),
  },
  async setBadge(badge: BadgeState) {
    await Promise.all([
      browser.action.setBadgeText({ text: badge.text }),
      browser.action.setBadgeBackgroundColor({ color: badge.color }),
      browser.action.setTitle({ title: badge.title }),
    ]);
  },
  async notify(id: string, title: string, message: string) {
    // Only when the user granted the optional permission on the options page.
    if (!(await browser.permissions.contains({ permissions: ['notifications'] }))) return;
    await browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title, message });
  },
  openTab: (url: string) => browser.tabs.create({ url }).then(() => undefined),
  hasPermission: (app: AppConfig) => hasHostPermissions(app),
};

export type Ports = typeof chromePorts;
