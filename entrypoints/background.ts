/**
 * The service worker: wiring only. Every listener is registered synchronously in main(), because
 * Chrome delivers the event that woke the worker only to listeners that exist by the end of
 * the first turn. The engine (lib/engine) does the work.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { AppConfig } from '../lib/apps';
import { loadApps } from '../lib/apps-store';
import {
  type BuildEnv,
  measureEverySecondsFromEnv,
  minAlarmSecondsFromEnv,
  syncPeriodSecondsFromEnv,
} from '../lib/build-defaults';
import { readHostCookies } from '../lib/diagnostics/cookie-adapter';
import { fetchJwksOverHttp } from '../lib/diagnostics/jwks';
import { createDiagnose } from '../lib/diagnostics/worker-diagnose';
import { createCookieWatch } from '../lib/engine/cookie-watch';
import { createEngine } from '../lib/engine/engine';
import { createDirectGateway } from '../lib/engine/fapi-direct';
import { chooseIdentity, identitySource, readCookies, readIdentity, removeLegacyIdentityCopies } from '../lib/engine/identity';
import { chromePorts } from '../lib/engine/ports';
import { scheduleFromBuild } from '../lib/engine/schedule';
import { createSdkGateway } from '../lib/engine/sdk-gateway';
import { frontendApiFor } from '../lib/frontend-api';
import { listenForMessages } from '../lib/messaging';
import { appsItem, snapshotItem } from '../lib/storage';
import { registerSurfaceListeners } from '../lib/surfaces';
import { trafficFindingItem } from '../lib/traffic/finding-store';

export default defineBackground({
  // An ES module worker: the Clerk SDK's lazy UI import stays a separate chunk instead of being
  // inlined (~2.9 MB) into a classic script.
  type: 'module',
  main() {
    // Named variables only: reading `import.meta.env` whole makes the build inline every WXT_*
    // variable of the build machine (its output path among them).
    const env: BuildEnv = {
      WXT_CLERK_PUBLISHABLE_KEY: import.meta.env.WXT_CLERK_PUBLISHABLE_KEY,
      WXT_CLERK_SYNC_HOST: import.meta.env.WXT_CLERK_SYNC_HOST,
      WXT_CLERK_APP_LABEL: import.meta.env.WXT_CLERK_APP_LABEL,
      WXT_CLERK_MODE: import.meta.env.WXT_CLERK_MODE,
      WXT_MIN_ALARM_SECONDS: import.meta.env.WXT_MIN_ALARM_SECONDS,
      WXT_SYNC_PERIOD_SECONDS: import.meta.env.WXT_SYNC_PERIOD_SECONDS,
      WXT_MEASURE_EVERY_SECONDS: import.meta.env.WXT_MEASURE_EVERY_SECONDS,
    };
    const apps = () => loadApps(env);
    const sourceOf = (app: AppConfig, key: { instanceType: 'development' | 'production'; fapiHost: string }) =>
      identitySource(key.instanceType, frontendApiFor(key, app).host, app.syncHost, app.publishableKey);
    const engine = createEngine({
      now: Date.now,
      schedule: scheduleFromBuild(minAlarmSecondsFromEnv(env), syncPeriodSecondsFromEnv(env), measureEverySecondsFromEnv(env)),
      ports: chromePorts,
      loadApps: apps,
      gatewayFor: (app, key, useSdk) => {
        const direct = createDirectGateway({
          ...key,
          syncHost: app.syncHost,
          publishableKey: app.publishableKey,
          frontendApi: frontendApiFor(key, app),
        });
        if (!useSdk) return direct;
        const source = sourceOf(app, key);
        return createSdkGateway({
          publishableKey: app.publishableKey,
          readIdentity: async () => readIdentity(await source),
          reader: direct,
        });
      },
      inspectIdentity: async (app, key) => {
        const source = await sourceOf(app, key);
        return source.cookieUrl ? chooseIdentity(source, await readCookies(source)) : null;
      },
      // Issue 13: the token verdict (JWKS check) and the cookie report, in the worker.
      diagnose: createDiagnose({ now: Date.now, fetchJwks: fetchJwksOverHttp, readHostCookies, loadApps: apps }),
    });

    browser.runtime.onInstalled.addListener(() => void engine.start('startup'));
    browser.runtime.onStartup.addListener(() => void engine.start('startup'));
    browser.alarms.onAlarm.addListener((alarm) => engine.onAlarm(alarm.name));

    const cookies = createCookieWatch({
      loadApps: apps,
      readCookies,
      onChanged: (appId, clientChanged) => engine.onSyncCookieChanged(appId, clientChanged),
      onAppToken: (appId) => engine.onAppTokenChanged(appId),
      onError: (appId, error) => console.warn(`[cookies] ${appId}:`, error instanceof Error ? error.message : error),
    });
    browser.cookies.onChanged.addListener(({ cookie }) => void cookies.onCookieChanged(cookie));

    // The options page saved apps: schedule new ones, forget removed ones, sync.
    appsItem.watch(() => void engine.start('startup'));

    listenForMessages(
      {
        // The stored snapshot, no network: pages normally read storage themselves.
        getState: ({ appId }) => snapshotItem(appId).getValue(),
        refreshNow: ({ appId }) => engine.refresh(appId, 'manual', 'always'),
        setMode: ({ appId, mode }) => engine.setMode(appId, mode),
        selectApp: async ({ appId }) => {
          await engine.selectApp(appId);
          return null;
        },
        signOutAll: ({ appId, scope }) => engine.signOutAll(appId, scope),
        removeSession: ({ appId, sessionId }) => engine.removeSession(appId, sessionId),
        openSyncHost: async ({ appId }) => {
          await engine.openSyncHost(appId);
          return null;
        },
        copyToken: ({ appId }) => engine.copyToken(appId),
        appsChanged: async () => {
          await engine.start('startup');
          return null;
        },
        trafficFinding: async ({ finding }) => {
          await trafficFindingItem.setValue(finding && { ...finding, receivedAt: Date.now() });
          return null;
        },
      },
      async () => (await apps()).map((app) => app.id),
    );

    // Earlier versions let the SDK keep the raw client JWT on disk: remove it.
    void removeLegacyIdentityCopies();
    // Surfaces (issue 12): the action's "Open in side panel" menu, and finishing an "Inspect this
    // app" whose popup Chrome closed while its permission prompt was up. See lib/surfaces.ts.
    registerSurfaceListeners();

    // A worker woken by an alarm after its alarms were lost (e.g. an update) re-creates them, and
    // one woken after its predecessor was stopped mid-sign-out completes that sign-out's report.
    void engine.wake();
  },
});
