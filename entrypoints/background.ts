/**
 * The service worker: wiring only. Every listener is registered synchronously in main(), because
 * Chrome delivers the event that woke the worker only to listeners that exist by the end of
 * the first turn. The engine (lib/engine) does the work.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { loadApps } from '../lib/apps-store';
import { minAlarmSecondsFromEnv, syncPeriodSecondsFromEnv } from '../lib/build-defaults';
import { createEngine } from '../lib/engine/engine';
import { createDirectGateway } from '../lib/engine/fapi-direct';
import { cookieMatches, identitySource, isSyncCookie, syncCookieFingerprint } from '../lib/engine/identity';
import { chromePorts } from '../lib/engine/ports';
import { scheduleFromBuild } from '../lib/engine/schedule';
import { createSdkGateway } from '../lib/engine/sdk-gateway';
import { listenForMessages } from '../lib/messaging';
import { parsePublishableKey } from '../lib/publishable-key';
import { appsItem, snapshotItem } from '../lib/storage';
import { registerSurfaceListeners } from '../lib/surfaces';

export default defineBackground({
  // An ES module worker: the Clerk SDK's lazy UI import stays a separate chunk instead of being
  // inlined (~2.9 MB) into a classic script.
  type: 'module',
  main() {
    const env = import.meta.env;
    const engine = createEngine({
      now: Date.now,
      schedule: scheduleFromBuild(minAlarmSecondsFromEnv(env), syncPeriodSecondsFromEnv(env)),
      ports: chromePorts,
      loadApps: () => loadApps(env),
      gatewayFor: (app, key, useSdk) => {
        const direct = createDirectGateway({ instanceType: key.instanceType, fapiHost: key.fapiHost, syncHost: app.syncHost });
        if (!useSdk) return direct;
        // The SDK reads its identity cookie at `syncHost`: the app's origin for development keys,
        // but the FAPI domain for production keys (`__client` lives there). Same rule as identity.ts.
        const { cookieUrl } = identitySource(key.instanceType, key.fapiHost, app.syncHost);
        return createSdkGateway({ publishableKey: app.publishableKey, syncHost: cookieUrl, reader: direct });
      },
    });

    browser.runtime.onInstalled.addListener(() => void engine.start('startup'));
    browser.runtime.onStartup.addListener(() => void engine.start('startup'));
    browser.alarms.onAlarm.addListener((alarm) => engine.onAlarm(alarm.name));

    // React to the app signing in, out or switching accounts at once, not at the next alarm.
    // Cookie events come in bursts (and clerk-js rewrites its cookies with the same values all
    // the time): wait for the burst to end, then refresh only if the values really changed.
    const pending = new Map<string, ReturnType<typeof setTimeout>>();
    const fingerprints = new Map<string, string>();
    browser.cookies.onChanged.addListener(({ cookie }) => {
      if (!isSyncCookie(cookie.name)) return;
      void loadApps(env).then((apps) => {
        for (const app of apps) {
          const key = parsePublishableKey(app.publishableKey);
          if (!key.ok) continue;
          const source = identitySource(key.key.instanceType, key.key.fapiHost, app.syncHost);
          if (!cookieMatches(source, cookie.domain)) continue;
          clearTimeout(pending.get(app.id));
          const settle = async () => {
            const fingerprint = await syncCookieFingerprint(source);
            if (fingerprints.get(app.id) === fingerprint) return;
            fingerprints.set(app.id, fingerprint);
            await engine.onSyncCookieChanged(app.id);
          };
          pending.set(
            app.id,
            setTimeout(() => void settle(), 300),
          );
        }
      });
    });

    // The options page saved apps: schedule new ones, forget removed ones, sync.
    appsItem.watch(() => void engine.start('startup'));

    listenForMessages({
      // The stored snapshot, no network: pages normally read storage themselves.
      getState: ({ appId }) => snapshotItem(appId).getValue(),
      refreshNow: ({ appId }) => engine.refresh(appId, 'manual', 'always'),
      setMode: ({ appId, mode }) => engine.setMode(appId, mode),
      selectApp: async ({ appId }) => {
        await engine.selectApp(appId);
        return null;
      },
      signOutAll: ({ appId, scope }) => engine.signOutAll(appId, scope),
      openSyncHost: async ({ appId }) => {
        await engine.openSyncHost(appId);
        return null;
      },
      copyToken: async ({ appId }) => ({ token: await engine.copyToken(appId) }),
      appsChanged: async () => {
        await engine.start('startup');
        return null;
      },
    });

    // Surfaces (issue 12): the action's "Open in side panel" menu, and finishing an "Inspect this
    // app" whose popup Chrome closed while its permission prompt was up. See lib/surfaces.ts.
    registerSurfaceListeners();

    // A worker woken by an alarm after its alarms were lost (e.g. an update) re-creates them.
    void engine.reconcile();
  },
});
