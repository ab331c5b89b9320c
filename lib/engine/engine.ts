/**
 * The session engine: keeps one SessionSnapshot per configured app up to date, on alarms, on
 * sync-cookie changes and on request. Owns the per-app operation queue; the SDK instance is
 * sdk-holder.ts, one sync is sync.ts, the sign-out operations are signout-operations.ts, the
 * alarms after a sync are scheduling.ts, and publishing (snapshot, history, badge,
 * notification) is publish.ts. No chrome.* calls of its own: they come in through `ports`.
 *
 * The service worker is killed ~30 s after its last event, so nothing here may rely on memory
 * between alarms except caches that are cheap to lose (the SDK instance, raw tokens for the
 * copy action). Everything that matters is in storage (lib/storage.ts).
 */
import type { AppConfig } from '../apps';
import { type Diagnose, type PendingVerdict, withDiagnostics } from '../diagnostics/snapshot-diagnostics';
import { frontendApiFor } from '../frontend-api';
import { trustedAppKey } from '../host-trust';
import type { ParsedPublishableKey } from '../publishable-key';
import type { RefreshTrigger, SessionSnapshot } from '../snapshot';
import { appsItem, engineStateItem, historyItem, selectedAppIdItem, signOutReportItem, snapshotItem } from '../storage';
import type { ClerkGateway } from './gateway';
import type { IdentityChoice } from './identity';
import type { Ports } from './ports';
import { createPublisher } from './publish';
import { type AlarmKind, alarmName, parseAlarmName, type ScheduleConfig } from './schedule';
import { createScheduling } from './scheduling';
import { createSdkHolder } from './sdk-holder';
import { createSignOutOperations } from './signout-operations';
import { type MintPolicy, runSync } from './sync';
import { createVerdictRunner } from './verdict-runner';

export interface EngineDeps {
  now: () => number;
  schedule: ScheduleConfig;
  ports: Ports;
  loadApps: () => Promise<AppConfig[]>;
  /** A gateway for an app; `useSdk` is true for the selected app in keep-alive mode. */
  gatewayFor: (app: AppConfig, key: ParsedPublishableKey, useSdk: boolean) => ClerkGateway;
  /** Which cookie is the app's identity (identity.ts over chrome.cookies); null without a sync host. */
  inspectIdentity: (app: AppConfig, key: ParsedPublishableKey) => Promise<IdentityChoice | null>;
  /** Diagnostics (token verdict, cookie report) added to each snapshot; optional for tests. */
  diagnose?: (app: AppConfig) => Diagnose;
}

export type Engine = ReturnType<typeof createEngine>;

interface PendingRefresh {
  promise: Promise<SessionSnapshot | null>;
  started: boolean;
}

/** Which running or queued refresh a new request may share. */
type JoinRule = 'any' | 'queued';

export function createEngine(deps: EngineDeps) {
  const { now, schedule, ports } = deps;
  /** Per app, the tail of its operation queue: syncs and sign-outs run one at a time, in order. */
  const queues = new Map<string, Promise<unknown>>();
  /** The latest refresh per app, so a caller can share it instead of queueing another. */
  const pending = new Map<string, PendingRefresh>();
  /** Raw current tokens, for the copy action only. Memory only: lost with the worker, by design. */
  const rawTokens = new Map<string, string>();
  const sdkHolder = createSdkHolder({ loadApps: deps.loadApps, gatewayFor: deps.gatewayFor });
  const { selectedAppId, gatewayFor } = sdkHolder;
  const disposeSdk = sdkHolder.dispose;
  const { scheduleAfter, syncReadSkippable } = createScheduling({ now, schedule, ports });
  const { publish, updateBadge } = createPublisher({
    now,
    ports,
    loadApps: deps.loadApps,
    selectedAppId: (apps) => selectedAppId(apps),
  });

  function enqueue<T>(appId: string, operation: () => Promise<T>): Promise<T> {
    const run = (queues.get(appId) ?? Promise.resolve()).catch(() => {}).then(operation);
    const tail = run.catch(() => {});
    queues.set(appId, tail);
    void tail.then(() => {
      if (queues.get(appId) === tail) queues.delete(appId);
    });
    return run;
  }

  const verdicts = createVerdictRunner({ now, enqueue });

  async function syncApp(
    app: AppConfig,
    trigger: RefreshTrigger,
    policy: MintPolicy,
    alarmKind: AlarmKind | null,
  ): Promise<SessionSnapshot | null> {
    const parsed = trustedAppKey(app);
    // A setup the extension cannot serve reads nothing (it would show another client's data).
    const unsupported = parsed.ok ? frontendApiFor(parsed.key, app).unsupported : undefined;
    const key = parsed.ok && !unsupported ? parsed.key : null;
    const previous = await snapshotItem(app.id).getValue();
    const state = { ...(await engineStateItem(app.id).getValue()) };
    state.mintFailures ??= 0;
    state.mintNotBefore ??= null;
    if (trigger === 'alarm' && alarmKind === 'sync' && app.mode === 'keep-alive' && previous) {
      if (await syncReadSkippable(app, previous)) return previous;
    }
    const automatic = trigger === 'alarm' || trigger === 'sync-cookie' || trigger === 'app-token';
    const backingOff = automatic && state.notBefore !== null && now() < state.notBefore;
    // Reads back off after failures; the mint alarm still mints (the token endpoint may answer).
    if (backingOff && alarmKind !== 'mint') return previous;

    const result = await runSync({
      app,
      key,
      keyProblem: parsed.ok ? (unsupported ?? '') : parsed.message,
      trigger,
      policy,
      mintOnly: backingOff,
      mintAlarm: alarmKind === 'mint',
      previous,
      state,
      schedule,
      now,
      hasPermission: () => ports.hasPermission(app),
      gateway: () => (key ? gatewayFor(app, key) : Promise.reject(new Error('no key'))),
      previousRawToken: rawTokens.get(app.id) ?? null,
      inspectIdentity: () => (key ? deps.inspectIdentity(app, key) : Promise.resolve(null)),
    });
    if (result.rawToken) rawTokens.set(app.id, result.rawToken);
    else if (result.snapshot.token === null) rawTokens.delete(app.id);
    await engineStateItem(app.id).setValue(result.state);
    const diagnose = deps.diagnose?.(app) ?? null;
    let snapshot = result.snapshot;
    let pendingVerdict: PendingVerdict | null = null;
    if (diagnose)
      ({ snapshot, pendingVerdict } = await withDiagnostics(snapshot, previous, rawTokens.get(app.id) ?? null, diagnose));
    snapshot.nextRefreshAt = await scheduleAfter(app, snapshot, snapshot.writtenAt, result.state.notBefore);
    await publish(app, snapshot, result.attempt);
    // Outside the queue (verdict-runner.ts): a slow JWKS host must never delay what is queued.
    if (diagnose && pendingVerdict) verdicts.start(app.id, diagnose, pendingVerdict, snapshot);
    return snapshot;
  }

  /**
   * Refreshes an app in its queue, or shares a refresh already there: `any` shares a running
   * one too (alarms, cookie changes: its answer is fresh), `queued` only one that has not
   * started (a mode change must not get an answer computed for the old mode).
   */
  function refresh(
    appId: string,
    trigger: RefreshTrigger,
    policy: MintPolicy = 'if-due',
    join: JoinRule = 'any',
    alarmKind: AlarmKind | null = null,
  ): Promise<SessionSnapshot | null> {
    const running = pending.get(appId);
    if (running && (join === 'any' || !running.started)) {
      return running.promise;
    }
    const entry: PendingRefresh = { promise: Promise.resolve(null), started: false };
    entry.promise = enqueue(appId, async () => {
      entry.started = true;
      try {
        const app = (await deps.loadApps()).find((a) => a.id === appId);
        if (!app) {
          await forgetApp(appId);
          return null;
        }
        return await syncApp(app, trigger, policy, alarmKind);
      } finally {
        if (pending.get(appId) === entry) pending.delete(appId);
      }
    });
    pending.set(appId, entry);
    return entry.promise;
  }

  async function forgetApp(appId: string) {
    await Promise.all([
      ports.alarms.clear(alarmName('sync', appId)),
      ports.alarms.clear(alarmName('mint', appId)),
      snapshotItem(appId).removeValue(),
      engineStateItem(appId).removeValue(),
      signOutReportItem(appId).removeValue(),
      // The history is on disk: a removed app leaves nothing of it behind.
      historyItem(appId).removeValue(),
    ]);
    rawTokens.delete(appId);
    disposeSdk(appId);
  }

  /** Creates missing alarms and removes those of deleted apps. Safe to call any number of times. */
  async function reconcile(): Promise<AppConfig[]> {
    const apps = await deps.loadApps();
    const ids = new Set(apps.map((a) => a.id));
    for (const alarm of await ports.alarms.getAll()) {
      const parsed = parseAlarmName(alarm.name);
      if (parsed && !ids.has(parsed.appId)) await forgetApp(parsed.appId);
    }
    for (const app of apps) {
      if (!(await ports.alarms.get(alarmName('sync', app.id)))) {
        await ports.alarms.createPeriodic(alarmName('sync', app.id), schedule.syncPeriodMs, now() + schedule.syncPeriodMs);
      }
    }
    return apps;
  }

  const signOuts = createSignOutOperations({
    now,
    loadApps: deps.loadApps,
    gatewayFor: (app, key) => deps.gatewayFor(app, key, false),
    enqueue,
    disposeSdk,
    resync: (app) => syncApp(app, 'sign-out', 'never', null),
    forgetToken: (appId) => rawTokens.delete(appId),
  });

  return {
    refresh,
    reconcile,
    /** Resolves when every token verdict started so far is stored (tests; nothing waits on it). */
    verdictsSettled: () => verdicts.settled(),
    signOutAll: signOuts.signOutAll,
    removeSession: signOuts.removeSession,
    updateBadge,

    async onAlarm(name: string): Promise<void> {
      const parsed = parseAlarmName(name);
      if (!parsed) return;
      await refresh(parsed.appId, 'alarm', 'if-due', 'any', parsed.kind);
    },

    /**
     * Every worker start (an alarm, a message or a cookie woke it): re-create missing alarms, and
     * finish the report of a sign-out the previous worker was stopped in the middle of.
     */
    async wake(): Promise<void> {
      const apps = await reconcile();
      await Promise.all(apps.map((app) => signOuts.recover(app)));
    },

    /** Install, update, browser start, and a worker that finds its alarms missing. */
    async start(trigger: RefreshTrigger = 'startup'): Promise<void> {
      const apps = await reconcile();
      await Promise.all(apps.map((app) => signOuts.recover(app)));
      await Promise.all(apps.map((app) => refresh(app.id, trigger, 'if-due')));
      await updateBadge();
    },

    async setMode(appId: string, mode: AppConfig['mode']): Promise<SessionSnapshot | null> {
      // Also checked at the message boundary; the stored mode drives minting, so check again.
      if (mode !== 'keep-alive' && mode !== 'observe') throw new Error('Unknown mode.');
      const apps = await appsItem.getValue();
      if (!apps.some((a) => a.id === appId)) throw new Error('Unknown app.');
      await appsItem.setValue(apps.map((a) => (a.id === appId ? { ...a, mode } : a)));
      if (mode === 'observe') disposeSdk(appId);
      return refresh(appId, 'mode-change', 'if-due', 'queued');
    },

    async selectApp(appId: string): Promise<void> {
      await selectedAppIdItem.setValue(appId);
      disposeSdk();
      await updateBadge();
      void refresh(appId, 'manual', 'if-due', 'queued');
    },

    /**
     * The app's identity cookies moved. A new client behind the cookie needs a new SDK (it keeps
     * the client it loaded); a touch on the same client (`__client_uat` only: a session or
     * organization switch) does not, and rebuilding would cost the next mint two loading requests.
     */
    async onSyncCookieChanged(appId: string, clientChanged = true): Promise<void> {
      if (clientChanged) disposeSdk(appId);
      await refresh(appId, 'sync-cookie', 'if-due', 'queued');
    },

    /**
     * The app's tab minted its own token: read, to show the activity it caused (observe: that read
     * only, never a mint). The SDK stays (same client, same session): rebuilding it would cost its
     * two loading requests.
     */
    async onAppTokenChanged(appId: string): Promise<void> {
      const app = (await deps.loadApps()).find((a) => a.id === appId);
      if (app) await refresh(appId, 'app-token', app.mode === 'keep-alive' ? 'if-due' : 'never', 'queued');
    },

    async copyToken(appId: string): Promise<{ token: string | null; expiredAgoMs: number | null }> {
      // The worker restarted since the last sync: read the app's last token (no mint).
      if (!rawTokens.has(appId)) await refresh(appId, 'manual', 'never', 'queued');
      const token = rawTokens.get(appId) ?? null;
      const snapshot = await snapshotItem(appId).getValue();
      const expiredAgoMs = snapshot?.token ? now() + snapshot.clockOffsetMs - snapshot.token.expiresAt : null;
      return { token, expiredAgoMs: token && expiredAgoMs !== null && expiredAgoMs > 0 ? expiredAgoMs : null };
    },

    async openSyncHost(appId: string): Promise<void> {
      const app = (await deps.loadApps()).find((a) => a.id === appId);
      if (app?.syncHost) await ports.openTab(app.syncHost);
    },
  };
}
