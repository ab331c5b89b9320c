/**
 * Snapshot builders for the popup's states, shared by the component tests and the screenshot
 * test (which passes them to the real service worker). Plain data, times relative to `now`.
 */
import { type AppConfig, makeAppConfig } from '../../../lib/apps';
import { UNKNOWN_BEHAVIOUR } from '../../../lib/engine/server-behaviour';
import { EMPTY_SETUP } from '../../../lib/engine/snapshot-base';
import { publishableKeyFor } from '../../../lib/publishable-key';
import type { RefreshAttempt, SessionRecord, SessionSnapshot } from '../../../lib/snapshot';

export const FAPI_HOST = 'happy-otter-42.clerk.accounts.dev';
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export function fixtureApp(overrides: Partial<AppConfig> = {}): AppConfig {
  return makeAppConfig({
    id: 'app-fixture',
    label: 'dev',
    publishableKey: publishableKeyFor(FAPI_HOST, 'development'),
    syncHost: 'http://localhost:3000',
    declared: { inactivityTimeoutSeconds: 30 * 60, maximumLifetimeSeconds: 7 * 24 * 3600 },
    ...overrides,
  });
}

export function fixtureSession(now: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: 'sess_2abcDEF',
    status: 'active',
    user: { id: 'user_2xyzUVW', name: 'Ada Lovelace', email: 'ada@example.com', imageUrl: null },
    createdAt: now - 2 * HOUR - 5 * MIN,
    updatedAt: now - 20_000,
    lastActiveAt: now - 20_000,
    expireAt: now - 20_000 + 30 * MIN,
    abandonAt: now + 30 * DAY,
    lastActiveTokenIssuedAt: now - 20_000,
    ...overrides,
  };
}

export function fixtureSnapshot(now: number, overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  const session = fixtureSession(now);
  const iat = Math.floor((now - 20_000) / 1000);
  return {
    appId: 'app-fixture',
    label: 'dev',
    instanceType: 'development',
    fapiHost: FAPI_HOST,
    syncHost: 'http://localhost:3000',
    mode: 'keep-alive',
    multiSession: true,
    sessions: [
      session,
      fixtureSession(now, {
        id: 'sess_9other',
        user: { id: 'user_3grace', name: 'Grace Hopper', email: 'grace@example.com', imageUrl: null },
        createdAt: now - 3 * DAY,
        lastActiveAt: now - 10 * MIN,
        expireAt: now + 20 * MIN,
      }),
    ],
    currentSessionId: session.id,
    token: {
      header: { alg: 'RS256', kid: 'ins_2abc', typ: 'JWT' },
      claims: {
        azp: 'http://localhost:3000',
        exp: iat + 60,
        fva: [5, -1],
        iat,
        iss: `https://${FAPI_HOST}`,
        nbf: iat - 10,
        o: { id: 'org_2acme', slg: 'acme', rol: 'admin', per: 'read,write' },
        sid: session.id,
        sts: 'active',
        sub: session.user.id,
        v: 2,
        plan_tier: 'gold',
      },
      issuedAt: iat * 1000,
      expiresAt: (iat + 60) * 1000,
      mintedBy: 'extension',
      mintLatencyMs: 142,
      preview: 'eyJhbGciOi…x1Yw',
    },
    lastRefresh: {
      at: now - 20_000,
      appId: 'app-fixture',
      mode: 'keep-alive',
      trigger: 'alarm',
      outcome: 'ok',
      latencyMs: 142,
      minted: true,
    },
    clockOffsetMs: 0,
    inactivityTimeout: { seconds: 30 * 60, source: 'declared' },
    maximumLifetime: { seconds: 7 * 24 * 3600, source: 'declared' },
    error: null,
    stale: false,
    writtenAt: now - 20_000,
    nextRefreshAt: now + 25_000,
    setup: EMPTY_SETUP,
    serverBehaviour: UNKNOWN_BEHAVIOUR,
    sideEffectError: null,
    ...overrides,
  };
}

export function fixtureHistory(now: number, count = 30): RefreshAttempt[] {
  return Array.from({ length: count }, (_, i) => {
    const failed = i === count - 8 || i === count - 7;
    return {
      at: now - (count - i) * 30_000,
      appId: 'app-fixture',
      mode: 'keep-alive' as const,
      trigger: i % 10 === 0 ? ('manual' as const) : ('alarm' as const),
      outcome: failed ? ('error' as const) : ('ok' as const),
      latencyMs: failed ? 10_000 : 90 + ((i * 37) % 120),
      minted: !failed,
      ...(failed ? { error: 'timeout after 10 s' } : {}),
    };
  });
}

/** The named states, as the screenshot test and the component tests use them. */
export function stateSnapshots(now: number): Record<string, SessionSnapshot> {
  const base = fixtureSnapshot(now);
  const current = base.sessions[0] as SessionRecord;
  const appIat = Math.floor((now - 28 * MIN - 30_000) / 1000);
  return {
    healthy: base,
    expiring: fixtureSnapshot(now, {
      sessions: [{ ...current, lastActiveAt: now - 28 * MIN - 30_000, expireAt: now + 90_000 }],
      lastRefresh: { ...(base.lastRefresh as RefreshAttempt), at: now - 28 * MIN - 30_000 },
      mode: 'observe',
      token: base.token
        ? {
            ...base.token,
            claims: { ...base.token.claims, iat: appIat, nbf: appIat - 10, exp: appIat + 60 },
            mintedBy: 'app',
            mintLatencyMs: null,
            issuedAt: appIat * 1000,
            expiresAt: (appIat + 60) * 1000,
          }
        : null,
    }),
    expired: fixtureSnapshot(now, {
      sessions: [{ ...current, status: 'expired', lastActiveAt: now - 40 * MIN, expireAt: now - 10 * MIN }],
      token: null,
    }),
    'signed-out': fixtureSnapshot(now, { sessions: [], currentSessionId: null, token: null }),
    stale: fixtureSnapshot(now, {
      stale: true,
      error: {
        kind: 'http',
        httpStatus: 503,
        message: 'Frontend API answered 503 Service Unavailable',
        at: now - 45_000,
        retryAt: now + 75_000,
      },
      lastRefresh: { ...(base.lastRefresh as RefreshAttempt), at: now - 6 * MIN },
    }),
    unreachable: fixtureSnapshot(now, {
      stale: true,
      error: { kind: 'network', message: 'Failed to fetch', at: now - 30_000, retryAt: now + 30_000 },
      lastRefresh: { ...(base.lastRefresh as RefreshAttempt), at: now - 4 * MIN },
    }),
  };
}
