/**
 * The session engine: keeps one SessionSnapshot per configured app up to date, on alarms, on
 * sync-cookie changes and on request. Owns scheduling, single-flight refresh, backoff, the
 * badge and sign-out. No chrome.* calls of its own: they come in through `ports`.
 *
 * The service worker is killed ~30 s after its last event, so nothing here may rely on memory
 * between alarms except caches that are cheap to lose (the SDK instance, raw tokens for the
 * copy action). Everything that matters is in storage (lib/storage.ts).
 */
import type { AppConfig } from '../apps';
import { decodeJwt } from '../jwt';
import type { SignOutItem, SignOutReport, SignOutScope } from '../protocol';
import { type ParsedPublishableKey, parsePublishableKey } from '../publishable-key';
import { currentSession, isEndedStatus, mostUrgentLeftMs, sessionNumbers } from '../session-math';
import type { RefreshAttempt, RefreshTrigger, SessionSnapshot, SnapshotError } from '../snapshot';
import { appendHistory, appsItem, engineStateItem, selectedAppIdItem, snapshotItem } from '../storage';
import { badgeFor } from './badge';
import { type ClockSample, estimateClockOffset } from './clock';
import { FapiError, toFapiError } from './fapi-errors';
import { attributeToken, type ClientState } from './fapi-parse';
import type { ClerkGateway, Timed } from './gateway';
import { inferLifetimes } from './lifetime-inference';
import type { Ports } from './ports';
import { alarmName, backoffMs, mintDue, mintLead, nextMintAt, parseAlarmName, type ScheduleConfig } from './schedule';

export interface EngineDeps {
  now: () => number;
  schedule: ScheduleConfig;
  ports: Ports;
  loadApps: () => Promise<AppConfig[]>;
  /** A gateway for an app; `useSdk` is true for the selected app in keep-alive mode. */
  gatewayFor: (app: AppConfig, key: ParsedPublishableKey, useSdk: boolean) => ClerkGateway;
}

export type Engine = ReturnType<typeof createEngine>;

function describe(error: FapiError, at: number, retryAt?: number): SnapshotError {
  return { kind: error.kind, message: error.message, at, httpStatus: error.httpStatus, retryAt };
}

function userLabel(snapshot: SessionSnapshot | null, sessionId: string): string {
  const user = snapshot?.sessions.find((s) => s.id === sessionId)?.user;
  return user?.email ?? user?.name ?? user?.id ?? sessionId;
}

export function createEngine(deps: EngineDeps) {
  const { now, schedule, ports } = deps;
  /** One operation per app at a time; a second caller joins the running one. */
  const flights = new Map<string, Promise<SessionSnapshot | null>>();
  /** Raw current tokens, for the copy action only. Memory only: lost with the worker, by design. */
  const rawTokens = new Map<string, string>();
  let sdk: { appId: string; gateway: ClerkGateway } | null = null;

  async function selectedAppId(apps: AppConfig[]): Promise<string | null> {
    const id = await selectedAppIdItem.getValue();
    return apps.find((a) => a.id === id)?.id ?? apps[0]?.id ?? null;
  }

  function disposeSdk(appId?: string) {
    if (sdk && (!appId || sdk.appId === appId)) {
      sdk.gateway.dispose();
      sdk = null;
    }
  }

  async function gatewayFor(app: AppConfig, key: ParsedPublishableKey): Promise<ClerkGateway> {
    const apps = await deps.loadApps();
    const useSdk = app.mode === 'keep-alive' && (await selectedAppId(apps)) === app.id;
    if (!useSdk) {
      // Another app took the SDK, or this app left keep-alive: never keep an SDK that mints on its own.
      if (sdk?.appId === app.id) disposeSdk();
      return deps.gatewayFor(app, key, false);
    }
    if (sdk?.appId !== app.id) {
      disposeSdk();
      sdk = { appId: app.id, gateway: deps.gatewayFor(app, key, true) };
    }
    return sdk.gateway;
  }

  function emptySnapshot(app: AppConfig, key: ParsedPublishableKey | null, at: number): SessionSnapshot {
    return {
      appId: app.id,
      label: app.label,
      instanceType: key?.instanceType ?? 'development',
      fapiHost: key?.fapiHost ?? '',
      syncHost: app.syncHost,
      mode: app.mode,
      multiSession: null,
      sessions: [],
      currentSessionId: null,
      token: null,
      lastRefresh: null,
      clockOffsetMs: 0,
      inactivityTimeout: {
        seconds: app.declared.inactivityTimeoutSeconds,
        source: app.declared.inactivityTimeoutSeconds === null ? 'unknown' : 'declared',
      },
      maximumLifetime: {
        seconds: app.declared.maximumLifetimeSeconds,
        source: app.declared.maximumLifetimeSeconds === null ? 'unknown' : 'declared',
      },
      error: null,
      stale: false,
      writtenAt: at,
      nextRefreshAt: null,
    };
  }

  async function publish(app: AppConfig, snapshot: SessionSnapshot, attempt: RefreshAttempt) {
    await snapshotItem(app.id).setValue(snapshot);
    await appendHistory(app.id, attempt);
    await updateBadge();
    await maybeNotify(app, snapshot);
  }

  async function scheduleAfter(app: AppConfig, snapshot: SessionSnapshot, at: number, notBefore: number | null) {
    const sync = await ports.alarms.get(alarmName('sync', app.id));
    if (!sync) await ports.alarms.createPeriodic(alarmName('sync', app.id), schedule.syncPeriodMs, at + schedule.syncPeriodMs);
    // Inside its own handler a periodic alarm may still report the time it just fired at.
    let nextSync = sync?.scheduledTime ?? at + schedule.syncPeriodMs;
    while (nextSync <= at) nextSync += schedule.syncPeriodMs;
    const signedIn = snapshot.currentSessionId !== null && !snapshot.stale;
    if (app.mode === 'keep-alive' && signedIn && snapshot.token && notBefore === null) {
      const { token } = snapshot;
      const lifetime = token.expiresAt - token.issuedAt;
      let mintAt = nextMintAt(token.expiresAt - snapshot.clockOffsetMs, at, schedule, lifetime);
      // Chrome clamps a new alarm to at least `minAlarmMs` from now: a sync between two mints must
      // not push back the mint alarm set earlier for this token (the token would lapse). Keep it.
      const target = token.expiresAt - snapshot.clockOffsetMs - mintLead(schedule, lifetime);
      const existing = await ports.alarms.get(alarmName('mint', app.id));
      if (
        existing &&
        existing.scheduledTime > at &&
        existing.scheduledTime >= target - 1000 &&
        existing.scheduledTime <= mintAt
      ) {
        mintAt = existing.scheduledTime;
      } else {
        await ports.alarms.createOnce(alarmName('mint', app.id), mintAt);
      }
      return Math.min(mintAt, nextSync);
    }
    await ports.alarms.clear(alarmName('mint', app.id));
    return Math.max(notBefore ?? 0, nextSync);
  }

  type MintPolicy = 'if-due' | 'always' | 'never';

  async function syncApp(app: AppConfig, trigger: RefreshTrigger, policy: MintPolicy): Promise<SessionSnapshot | null> {
    const startedAt = now();
    const parsed = parsePublishableKey(app.publishableKey);
    const key = parsed.ok ? parsed.key : null;
    const previous = await snapshotItem(app.id).getValue();
    const state = await engineStateItem(app.id).getValue();
    const automatic = trigger === 'alarm' || trigger === 'sync-cookie';
    if (automatic && state.notBefore !== null && startedAt < state.notBefore) return previous;

    const keepAlive = app.mode === 'keep-alive';
    let minted: Timed<string> | null = null;
    /** The session `minted` belongs to: after an account switch it is not the current one. */
    let mintedFor: string | null = null;
    try {
      if (!key) throw new FapiError('config', parsed.ok ? '' : parsed.message);
      if (!(await ports.hasPermission(app))) {
        throw new FapiError(
          'permission',
          `Access to ${key.fapiHost}${app.syncHost ? ` and ${app.syncHost}` : ''} was not granted. Grant it to sync.`,
        );
      }
      const gateway = await gatewayFor(app, key);
      const previousExpiry = previous?.token ? previous.token.expiresAt - previous.clockOffsetMs : null;
      const previousLifetime = previous?.token ? previous.token.expiresAt - previous.token.issuedAt : undefined;
      const wantsMint = (sessionId: string | null, expiry: number | null) =>
        keepAlive &&
        sessionId !== null &&
        policy !== 'never' &&
        (policy === 'always' || mintDue(expiry, startedAt, schedule, previousLifetime));

      // Mint first when we know the session, so the read that follows shows the activity it caused.
      // An ended session (expired, revoked…) cannot be kept alive: a mint for it only fails, every period.
      const previousCurrent = previous && !previous.stale ? currentSession(previous) : null;
      const knownSession = previousCurrent && !isEndedStatus(previousCurrent.status) ? previousCurrent.id : null;
      if (wantsMint(knownSession, previousExpiry) && knownSession) {
        try {
          minted = await gateway.mintToken(knownSession);
          mintedFor = knownSession;
        } catch (error) {
          const e = toFapiError(error);
          // The session ended, or the app's cookie is gone, since the last read: the read below shows that.
          if (e.kind !== 'unauthorized' && e.kind !== 'no-identity' && e.httpStatus !== 404) throw e;
        }
      }
      let read: Timed<ClientState>;
      try {
        read = await gateway.readClient();
      } catch (error) {
        const e = toFapiError(error);
        if (e.kind !== 'no-identity') throw e;
        // The app has no client in this browser (never opened, cookies cleared): signed out.
        read = {
          value: { clientId: null, lastActiveSessionId: null, sessions: [], lastActiveTokens: new Map() },
          latencyMs: 0,
          localMidpoint: startedAt,
          serverDateMs: null,
        };
      }
      let current = read.value.lastActiveSessionId;
      const currentLive = read.value.sessions.some((s) => s.id === current && !isEndedStatus(s.status));
      // The session of a stale snapshot (recovery after a failure) keeps its token's expiry: no needless mint.
      const knownExpiry = current !== null && previous?.currentSessionId === current ? previousExpiry : null;
      if (mintedFor !== current && current !== knownSession && currentLive && wantsMint(current, knownExpiry) && current) {
        // A session we had not seen (first sync, sign-in, account switch): mint, then re-read.
        minted = await gateway.mintToken(current);
        mintedFor = current;
        read = await gateway.readClient();
        current = read.value.lastActiveSessionId;
      }
      const multiSession = previous?.multiSession ?? (await gateway.readMultiSession().catch(() => null));

      const at = now();
      const clockSamples: ClockSample[] = [];
      if (read.serverDateMs !== null)
        clockSamples.push({ serverSecondMs: read.serverDateMs, localMidpoint: read.localMidpoint, latencyMs: read.latencyMs });
      const mintedIat = minted ? decodeJwt(minted.value)?.claims.iat : undefined;
      if (minted && typeof mintedIat === 'number') {
        clockSamples.push({ serverSecondMs: mintedIat * 1000, localMidpoint: minted.localMidpoint, latencyMs: minted.latencyMs });
      }
      const clockOffsetMs = estimateClockOffset(clockSamples) ?? previous?.clockOffsetMs ?? 0;

      const appToken = current ? read.value.lastActiveTokens.get(current) : undefined;
      const rawToken = minted && current && mintedFor === current && minted.value ? minted.value : appToken;
      const token = rawToken ? attributeToken(rawToken, minted, previous?.token ?? null) : null;
      if (rawToken) rawTokens.set(app.id, rawToken);
      else rawTokens.delete(app.id);

      const nextSession = read.value.sessions.find((s) => s.id === current) ?? null;
      const previousSession = previous ? currentSession(previous) : null;
      const lifetimes = inferLifetimes(previousSession, nextSession, previous, app.declared);
      const attempt: RefreshAttempt = {
        at: startedAt,
        appId: app.id,
        mode: app.mode,
        trigger,
        outcome: current ? 'ok' : 'signed-out',
        latencyMs: at - startedAt,
        minted: minted !== null,
      };
      const snapshot: SessionSnapshot = {
        ...emptySnapshot(app, key, at),
        multiSession,
        sessions: read.value.sessions,
        currentSessionId: current,
        token,
        lastRefresh: attempt,
        clockOffsetMs,
        ...lifetimes,
      };
      await engineStateItem(app.id).setValue({ ...state, consecutiveFailures: 0, notBefore: null });
      snapshot.nextRefreshAt = await scheduleAfter(app, snapshot, at, null);
      await publish(app, snapshot, attempt);
      return snapshot;
    } catch (error) {
      const e = toFapiError(error);
      const at = now();
      const failures = state.consecutiveFailures + 1;
      const notBefore = at + backoffMs(failures, e.retryAfterMs);
      await engineStateItem(app.id).setValue({ ...state, consecutiveFailures: failures, notBefore });
      const base = previous ?? emptySnapshot(app, key, at);
      const snapshot: SessionSnapshot = {
        ...base,
        label: app.label,
        mode: app.mode,
        syncHost: app.syncHost,
        error: describe(e, at, notBefore),
        stale: true,
        writtenAt: at,
      };
      snapshot.nextRefreshAt = await scheduleAfter(app, snapshot, at, notBefore);
      const attempt: RefreshAttempt = {
        at: startedAt,
        appId: app.id,
        mode: app.mode,
        trigger,
        outcome: 'error',
        latencyMs: at - startedAt,
        minted: minted !== null,
        error: e.message,
      };
      await publish(app, snapshot, attempt);
      return snapshot;
    }
  }

  /** Runs `operation` as the app's only flight, or joins the one already running. */
  function flight(appId: string, operation: () => Promise<SessionSnapshot | null>): Promise<SessionSnapshot | null> {
    const running = flights.get(appId);
    if (running) return running;
    const promise = operation().finally(() => flights.delete(appId));
    flights.set(appId, promise);
    return promise;
  }

  async function refresh(appId: string, trigger: RefreshTrigger, policy: MintPolicy = 'if-due'): Promise<SessionSnapshot | null> {
    return flight(appId, async () => {
      const app = (await deps.loadApps()).find((a) => a.id === appId);
      if (!app) {
        await forgetApp(appId);
        return null;
      }
      return syncApp(app, trigger, policy);
    });
  }

  async function forgetApp(appId: string) {
    await Promise.all([
      ports.alarms.clear(alarmName('sync', appId)),
      ports.alarms.clear(alarmName('mint', appId)),
      snapshotItem(appId).removeValue(),
      engineStateItem(appId).removeValue(),
    ]);
    rawTokens.delete(appId);
    disposeSdk(appId);
  }

  async function updateBadge() {
    const apps = await deps.loadApps();
    const id = await selectedAppId(apps);
    const app = apps.find((a) => a.id === id) ?? null;
    const snapshot = app ? await snapshotItem(app.id).getValue() : null;
    await ports.setBadge(badgeFor(app, snapshot, now()));
  }

  async function maybeNotify(app: AppConfig, snapshot: SessionSnapshot) {
    if (app.notifyBeforeSeconds === null) return;
    const numbers = sessionNumbers(snapshot, now());
    const left = mostUrgentLeftMs(numbers);
    if (left === null || !numbers.session || isEndedStatus(numbers.session.status)) return;
    if (left > app.notifyBeforeSeconds * 1000 || left <= 0) return;
    const end = now() + left;
    const state = await engineStateItem(app.id).getValue();
    // One notification per deadline; a deadline that moved by more than a minute is a new one.
    if (state.notifiedForSessionEnd !== null && Math.abs(state.notifiedForSessionEnd - end) < 60_000) return;
    await engineStateItem(app.id).setValue({ ...state, notifiedForSessionEnd: end });
    await ports.notify(
      `session-end:${app.id}`,
      `${app.label}: session ends soon`,
      `The Clerk session of ${userLabel(snapshot, numbers.session.id)} ends in ${Math.ceil(left / 60_000)} min.`,
    );
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

  async function signOutAll(appId: string, scope: SignOutScope): Promise<SignOutReport> {
    const report: SignOutReport = { appId, scope, at: now(), ended: [], failed: [], needsReverification: [] };
    // Wait for a running refresh, then hold the app's flight for the whole sign-out.
    await flights.get(appId)?.catch(() => null);
    await flight(appId, async () => {
      const app = (await deps.loadApps()).find((a) => a.id === appId);
      const parsed = app ? parsePublishableKey(app.publishableKey) : null;
      if (!app || !parsed?.ok) throw new Error('This app is not configured.');
      const gateway = await gatewayFor(app, parsed.key);
      const before = await gateway.readClient();
      const thisBrowser = before.value.sessions.filter((s) => !isEndedStatus(s.status));
      const current = before.value.lastActiveSessionId;
      const label = (id: string) => {
        const user = before.value.sessions.find((s) => s.id === id)?.user;
        return user?.email ?? user?.name ?? id;
      };

      if (scope === 'all-devices' && current) {
        // Other devices first: revoking needs a signed-in session on this client.
        let others: Awaited<ReturnType<ClerkGateway['otherDeviceSessions']>> = [];
        try {
          others = await gateway.otherDeviceSessions(
            current,
            before.value.sessions.map((s) => s.id),
          );
        } catch (error) {
          report.failed.push({
            sessionId: '*',
            userLabel: label(current),
            where: 'other-device',
            reason: `Could not list other devices: ${toFapiError(error).message}`,
          });
        }
        for (const other of others) {
          const item: SignOutItem = {
            sessionId: other.id,
            userLabel: `${label(current)} (${other.label})`,
            where: 'other-device',
          };
          try {
            await gateway.revokeSession(current, other.id);
            report.ended.push(item);
          } catch (error) {
            const e = toFapiError(error);
            if (e.httpStatus === 403) report.needsReverification.push(item);
            else report.failed.push({ ...item, reason: e.message });
          }
        }
      }

      let removeError: string | null = null;
      try {
        await gateway.removeAllSessions();
      } catch (error) {
        removeError = toFapiError(error).message;
      }
      // Trust the server, not the call: read again and report what really ended.
      const after = await deps
        .gatewayFor(app, parsed.key, false)
        .readClient()
        .catch(() => null);
      for (const session of thisBrowser) {
        const item: SignOutItem = { sessionId: session.id, userLabel: label(session.id), where: 'this-browser' };
        const still = after?.value.sessions.find((s) => s.id === session.id);
        if (after && (!still || isEndedStatus(still.status))) report.ended.push(item);
        else
          report.failed.push({
            ...item,
            reason: removeError ?? (after ? 'Clerk still lists this session as active.' : 'Could not confirm with Clerk.'),
          });
      }
      disposeSdk(app.id);
      rawTokens.delete(app.id);
      return syncApp(app, 'sign-out', 'never');
    });
    return report;
  }

  return {
    refresh,
    reconcile,
    signOutAll,
    updateBadge,

    async onAlarm(name: string): Promise<void> {
      const parsed = parseAlarmName(name);
      if (!parsed) return;
      await refresh(parsed.appId, 'alarm', 'if-due');
    },

    /** Install, update, browser start, and a worker that finds its alarms missing. */
    async start(trigger: RefreshTrigger = 'startup'): Promise<void> {
      const apps = await reconcile();
      await Promise.all(apps.map((app) => refresh(app.id, trigger, 'if-due')));
      await updateBadge();
    },

    async setMode(appId: string, mode: AppConfig['mode']): Promise<SessionSnapshot | null> {
      const apps = await appsItem.getValue();
      await appsItem.setValue(apps.map((a) => (a.id === appId ? { ...a, mode } : a)));
      if (mode === 'observe') disposeSdk(appId);
      await flights.get(appId)?.catch(() => null);
      return refresh(appId, 'mode-change', 'if-due');
    },

    async selectApp(appId: string): Promise<void> {
      await selectedAppIdItem.setValue(appId);
      disposeSdk();
      await updateBadge();
      void refresh(appId, 'manual', 'if-due');
    },

    /** The sync host's cookie changed: the app signed in, out, or switched client. */
    async onSyncCookieChanged(appId: string): Promise<void> {
      disposeSdk(appId);
      await refresh(appId, 'sync-cookie', 'if-due');
    },

    async copyToken(appId: string): Promise<string | null> {
      const cached = rawTokens.get(appId);
      if (cached) return cached;
      // The worker restarted since the last sync: read the app's last token (no mint).
      await refresh(appId, 'manual', 'never');
      return rawTokens.get(appId) ?? null;
    },

    async openSyncHost(appId: string): Promise<void> {
      const app = (await deps.loadApps()).find((a) => a.id === appId);
      if (app?.syncHost) await ports.openTab(app.syncHost);
    },
  };
}
