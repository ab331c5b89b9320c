import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { loadApps } from '../lib/apps-store';
import { parsePublishableKey } from '../lib/publishable-key';
import type { SessionSnapshot } from '../lib/snapshot';
import { snapshotItem } from '../lib/storage';

const TICK = 'tick';

async function writeSkeletonSnapshots(): Promise<void> {
  const apps = await loadApps(import.meta.env);
  for (const app of apps) {
    const key = parsePublishableKey(app.publishableKey);
    if (!key.ok) continue;
    const snapshot: SessionSnapshot = {
      appId: app.id,
      label: app.label,
      instanceType: key.key.instanceType,
      fapiHost: key.key.fapiHost,
      syncHost: app.syncHost,
      mode: app.mode,
      multiSession: null,
      sessions: [],
      currentSessionId: null,
      token: null,
      lastRefresh: null,
      clockOffsetMs: 0,
      inactivityTimeout: { seconds: null, source: 'unknown' },
      maximumLifetime: { seconds: null, source: 'unknown' },
      error: null,
      stale: false,
      writtenAt: Date.now(),
      nextRefreshAt: null,
    };
    await snapshotItem(app.id).setValue(snapshot);
  }
}

export default defineBackground({
  type: 'module',
  main() {
    browser.runtime.onInstalled.addListener(() => {
      void browser.alarms.create(TICK, { periodInMinutes: 0.5, delayInMinutes: 0 });
    });
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === TICK) return writeSkeletonSnapshots();
      return undefined;
    });
  },
});
