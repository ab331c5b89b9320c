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
import type { CookieReport } from './diagnostics/cookies';
import type { StoredVerdict } from './diagnostics/token-verdict';
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
  /**
   * `last_active_organization_id`: the session's active organization (null: the personal
   * account). Absent in snapshots written before organizations were read.
   */
  activeOrganizationId?: string | null;
}

export interface TokenInfo {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** iat and exp in server ms. */
  issuedAt: number;
  expiresAt: number;
  /**
   * The extension minted it (keep-alive); it is the app's own last token (observe); or Clerk
   * minted it for the extension's own client read (an instance that re-mints on read, detected
   * at run time: server-behaviour.ts).
   */
  mintedBy: 'extension' | 'app' | 'read';
  /** First and last characters only, e.g. "eyJhbGciOi…x1Yw". */
  preview: string;
  /** How long the mint took (extension-minted tokens only); null for the app's own tokens. */
  mintLatencyMs: number | null;
}

/** `app-token`: a read after the app's own tab minted (its `__session` cookie changed). */
export type RefreshTrigger = 'alarm' | 'manual' | 'sync-cookie' | 'app-token' | 'startup' | 'mode-change' | 'sign-out';
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
  /** Clerk's error code (`origin_invalid`, `native_api_disabled`, …), when Clerk sent one. */
  code?: string;
  /** Local ms of the next retry (backoff, honouring retry-after). */
  retryAt?: number;
}

export type TimeoutSource = 'declared' | 'inferred' | 'unknown';

export interface LifetimeSetting {
  /** Seconds; 0 = off; null = unknown. */
  seconds: number | null;
  source: TimeoutSource;
}

/** One step of a sync, as the setup doctor needs it: when it last ran, and how it went. */
export interface StepOutcome {
  /** Local ms. */
  at: number;
  ok: boolean;
  error: SnapshotError | null;
}

/** What the syncs learned about the app's setup (lib/doctor reads it). */
export interface SetupEvidence {
  /** `GET /v1/environment` (sent without identity). */
  environment: (StepOutcome & { nativeApiEnabled: boolean | null; sessionMinter?: boolean | null }) | null;
  /** The identity cookie identity.ts chose on the last sync. */
  identity: {
    cookieName: string | null;
    suffixed: boolean;
    /** Suffixed identity cookies of other Clerk instances on the same host. */
    otherInstances: number;
    partitionedOnly: boolean;
  } | null;
  /** The last client read (`GET /v1/client`). */
  read: StepOutcome | null;
  /** The last token mint (keep-alive); a refused mint never hides a good read. */
  mint: (StepOutcome & { sessionId: string }) | null;
}

/** What an undocumented server behaviour looks like on this instance, measured at run time. */
export interface BehaviourObservation {
  verdict: 'unknown' | 'yes' | 'no';
  /** Consecutive reads that showed the behaviour (two make a "yes"). */
  streak: number;
  /** Local ms of the observation that set the verdict. */
  at: number | null;
}

export interface ServerBehaviour {
  /** A client read moved `last_active_at`: reads count as activity. */
  readsCountAsActivity: BehaviourObservation;
  /** Each client read came back with a freshly minted `last_active_token`. */
  remintOnRead: BehaviourObservation;
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
  /** At most MAX_STORED_SESSIONS (lib/limits.ts), the current one always among them. */
  sessions: SessionRecord[];
  /** Sessions on the client that were not kept (over the cap); absent or 0 when none. */
  sessionsOmitted?: number;
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
  setup: SetupEvidence;
  /** Per instance, carried from snapshot to snapshot like an inferred lifetime. */
  serverBehaviour: ServerBehaviour;
  /** A side effect after publishing (history, badge, notification) failed; the data above is good. */
  sideEffectError: string | null;
  /**
   * Diagnostics (issue 13); optional so snapshots written before them still load.
   * Would a Clerk backend accept the current token (lib/diagnostics/token-verdict.ts)? Computed
   * in the worker when the token changes; null when there is no token or no verdict yet.
   */
  tokenVerdict?: StoredVerdict | null;
  /** The claims of the token before the current one: what the last refresh changed. */
  previousTokenClaims?: Record<string, unknown> | null;
  /** Clerk cookie metadata (never values) on the sync host and the FAPI domain, and findings. */
  cookieReport?: CookieReport | null;
}
