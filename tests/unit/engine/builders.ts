/**
 * Plain-data builders for the engine's unit tests: apps, session records, snapshots and unsigned
 * JWT strings (the engine decodes tokens, it never verifies them). Times are explicit numbers.
 */
import { type AppConfig, makeAppConfig } from '../../../lib/apps';
import { UNKNOWN_BEHAVIOUR } from '../../../lib/engine/server-behaviour';
import { EMPTY_SETUP } from '../../../lib/engine/snapshot-base';
import { publishableKeyFor } from '../../../lib/publishable-key';
import type { SessionRecord, SessionSnapshot, TokenInfo } from '../../../lib/snapshot';

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const DEV_HOST = 'happy-otter-42.clerk.accounts.dev';
export const PROD_HOST = 'clerk.example.com';
/** A fixed, round local "now" so expectations read as offsets from it. */
export const T0 = Date.UTC(2026, 4, 12, 10, 0, 0);

function base64url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** An unsigned `header.payload.sig` JWT with the given claims. */
export function makeJwt(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'ins_test' }) {
  return `${base64url(header)}.${base64url(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

export function testApp(overrides: Partial<AppConfig> = {}): AppConfig {
  return makeAppConfig({
    id: 'app-dev',
    label: 'dev',
    publishableKey: publishableKeyFor(DEV_HOST, 'development'),
    syncHost: 'http://localhost:3000',
    ...overrides,
  });
}

export function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: 'sess_1',
    status: 'active',
    user: { id: 'user_1', name: 'Ada Lovelace', email: 'ada@example.com', imageUrl: null },
    createdAt: T0 - 2 * HOUR,
    updatedAt: T0 - 10 * SEC,
    lastActiveAt: T0 - 10 * SEC,
    expireAt: T0 - 10 * SEC + 30 * MIN,
    abandonAt: T0 + 30 * DAY,
    lastActiveTokenIssuedAt: null,
    ...overrides,
  };
}

export function tokenInfoAt(issuedAt: number, lifetimeMs = MIN, mintedBy: TokenInfo['mintedBy'] = 'app'): TokenInfo {
  return {
    header: { alg: 'RS256' },
    claims: { iat: issuedAt / 1000, exp: (issuedAt + lifetimeMs) / 1000, sid: 'sess_1', sub: 'user_1', jti: 'jti_x' },
    issuedAt,
    expiresAt: issuedAt + lifetimeMs,
    mintedBy,
    preview: 'eyJhbGciOi…abcd',
    mintLatencyMs: null,
  };
}

export function snapshot(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    appId: 'app-dev',
    label: 'dev',
    instanceType: 'development',
    fapiHost: DEV_HOST,
    syncHost: 'http://localhost:3000',
    mode: 'keep-alive',
    multiSession: false,
    sessions: [sessionRecord()],
    currentSessionId: 'sess_1',
    token: null,
    lastRefresh: null,
    clockOffsetMs: 0,
    inactivityTimeout: { seconds: 30 * 60, source: 'declared' },
    maximumLifetime: { seconds: 7 * 24 * 3600, source: 'declared' },
    error: null,
    stale: false,
    writtenAt: T0,
    nextRefreshAt: null,
    setup: EMPTY_SETUP,
    serverBehaviour: UNKNOWN_BEHAVIOUR,
    sideEffectError: null,
    ...overrides,
  };
}
