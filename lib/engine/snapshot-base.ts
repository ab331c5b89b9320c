/**
 * The parts every sync result is built from (sync.ts): the empty snapshot of an app (declared
 * lifetimes, nothing known yet), the signed-out client, an error as the snapshot stores it, and
 * which errors only mean "this session is over".
 */
import type { AppConfig } from '../apps';
import type { ParsedPublishableKey } from '../publishable-key';
import type { SessionSnapshot, SetupEvidence, SnapshotError } from '../snapshot';
import type { FapiError } from './fapi-errors';
import type { ClientState } from './fapi-parse';
import { UNKNOWN_BEHAVIOUR } from './server-behaviour';

export const EMPTY_SETUP: SetupEvidence = { environment: null, identity: null, read: null, mint: null };

export function describe(error: FapiError, at: number, retryAt?: number): SnapshotError {
  return { kind: error.kind, message: error.message, at, httpStatus: error.httpStatus, retryAt, code: error.code };
}

/** Errors that only mean "this session is over" (the read that follows shows it), not "mints are refused". */
export function sessionGone(e: FapiError): boolean {
  return e.kind === 'unauthorized' || e.kind === 'no-identity' || e.httpStatus === 404;
}

export function emptySnapshot(app: AppConfig, key: ParsedPublishableKey | null, at: number): SessionSnapshot {
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
    setup: EMPTY_SETUP,
    serverBehaviour: UNKNOWN_BEHAVIOUR,
    sideEffectError: null,
  };
}

export const SIGNED_OUT: ClientState = { clientId: null, lastActiveSessionId: null, sessions: [], lastActiveTokens: new Map() };

/** A token's identity (its `jti`, else its `iat`): two reads that agree saw the same token. */
export function tokenKey(token: { claims: Record<string, unknown> } | null | undefined): string | null {
  if (!token) return null;
  const { jti, iat } = token.claims;
  return typeof jti === 'string' ? jti : typeof iat === 'number' ? `iat:${iat}` : null;
}
