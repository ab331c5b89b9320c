/**
 * SessionSnapshot: everything the popup and the badge show about one app, written by the
 * background engine to `storage.session` and read by the popup without any Clerk code.
 *
 * Times are epoch milliseconds. Server timestamps (sessions, token claims) are in the server's
 * clock; `clockOffsetMs` (server minus local) converts them. Local timestamps (`writtenAt`,
 * refresh attempts) are in this browser's clock.
 *
 * Never holds a raw token or cookie: only decoded token header and claims and a short preview.
 */
import type { Mode } from './apps';
import type { InstanceType } from './publishable-key';

export type SessionStatus = 'active' | 'pending' | 'ended' | 'removed' | 'revoked' | 'expired' | 'abandoned' | 'replaced';

export interface SessionUser {
  id: string;
  name: string | null;
  email: string | null;
  imageUrl: string | null;
}

export interface SessionRecord {
  id: string;
  /** A Clerk status; unknown future values are kept as strings. */
  status: SessionStatus | (string & {});
  user: SessionUser;
  createdAt: number;
  updatedAt: number;
  lastActiveAt: number;
  expireAt: number;
  abandonAt: number;
  /** `iat` of the session's `last_active_token` in the client response, in server ms; null if none. */
  lastActiveTokenIssuedAt: number | null;
}

export interface TokenInfo {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** iat and exp in server ms. */
  issuedAt: number;
  expiresAt: number;
  /** The extension minted it (keep-alive), or it is the app's own last token (observe). */
  mintedBy: 'extension' | 'app';
  /** First and last characters only, e.g. "eyJhbGciOi…x1Yw". */
  preview: string;
  /** How long the mint took (extension-minted tokens only); null for the app's own tokens. */
  mintLatencyMs: number | null;
}

export type RefreshTrigger = 'alarm' | 'manual' | 'sync-cookie' | 'startup' | 'mode-change' | 'sign-out';
export type RefreshOutcome = 'ok' | 'signed-out' | 'error';

export interface RefreshAttempt {
  /** Local ms when the attempt started. */
  at: number;
  appId: string;
  mode: Mode;
  trigger: RefreshTrigger;
  outcome: RefreshOutcome;
  latencyMs: number;
  /** A token was minted by this attempt (keep-alive). */
  minted: boolean;
  error?: string;
}

export type ErrorKind =
  | 'network'
  | 'timeout'
  | 'http'
  | 'rate-limited'
  | 'unauthorized'
  | 'malformed'
  | 'permission'
  | 'config'
  | 'no-identity'
  | 'unknown';

export interface SnapshotError {
  kind: ErrorKind;
  message: string;
  /** Local ms. */
  at: number;
  httpStatus?: number;
  /** Local ms of the next retry (backoff, honouring retry-after). */
  retryAt?: number;
}

export type TimeoutSource = 'declared' | 'inferred' | 'unknown';

export interface LifetimeSetting {
  /** Seconds; 0 = off; null = unknown. */
  seconds: number | null;
  source: TimeoutSource;
}

export interface SessionSnapshot {
  appId: string;
  label: string;
  instanceType: InstanceType;
  fapiHost: string;
  syncHost: string | null;
  /** The mode that produced this snapshot. */
  mode: Mode;
  /** From `auth_config.single_session_mode`; null until the environment was read. */
  multiSession: boolean | null;
  sessions: SessionRecord[];
  /** The client's `last_active_session_id`; null when signed out. */
  currentSessionId: string | null;
  token: TokenInfo | null;
  /** The last sync that succeeded: when (local ms), what triggered it, whether it minted, its latency. */
  lastRefresh: RefreshAttempt | null;
  /** Server minus local clock, from the `Date` header and token `iat`. */
  clockOffsetMs: number;
  inactivityTimeout: LifetimeSetting;
  maximumLifetime: LifetimeSetting;
  /** The latest failure; cleared by the next success. */
  error: SnapshotError | null;
  /** True when the last attempt failed: the data is the last good state. */
  stale: boolean;
  /** Local ms of the last write. */
  writtenAt: number;
  /** Local ms when the engine plans the next refresh. */
  nextRefreshAt: number | null;
}
