/**
 * The emulator's session-lifetime model: the one place that decides a session's timestamps and
 * status. Pure functions of an instance's settings, a session record and the server's `now`; no
 * I/O, no HTTP, no tokens.
 *
 * Working model (from FIELD-NOTES §1; Clerk does not publish the exact formula, so it is kept here
 * and nowhere else):
 *
 * - Server time = real time + `clockOffsetMs`. Every server timestamp (session fields, JWT
 *   `iat`/`exp`/`nbf`, the `Date` response header) uses server time. All timestamps are in ms.
 * - Activity is token creation (`POST /v1/client/sessions/{id}/tokens[/{template}]`) and touch
 *   (`POST .../touch`) only. Reading the client (`GET /v1/client`) is never activity. Sign-in counts
 *   as the first activity (`last_active_at = created_at`).
 * - `expire_at = min(created_at + maxLifetime, last_active_at + inactivityTimeout)`, each term only
 *   while its setting is on: with the inactivity timeout off, `created_at + maxLifetime`; with the
 *   maximum lifetime off, `last_active_at + inactivityTimeout`. Clerk requires at least one of the
 *   two to be on (FIELD-NOTES §6); `assertLifetimes` enforces that.
 * - `abandon_at = last_active_at + 30 days`.
 * - A session is live (`active`, or `pending` with open tasks) while `now < expire_at` and
 *   `now < abandon_at`. At the first of the two deadlines it becomes `expired` (or `abandoned` when
 *   the abandon deadline comes first). Expiry is evaluated on every request, so there are no timers.
 *   A session at exactly its deadline is over (a 1 ms earlier request still sees it live).
 * - Terminal statuses, set by requests: `ended` (`/end`), `removed` (`/remove`,
 *   `DELETE /v1/client/sessions`), `revoked` (`/v1/me/sessions/{id}/revoke`, the control API).
 *   Once terminal, `expire_at`, `abandon_at` and `last_active_at` freeze. Nothing is `replaced`:
 *   in single-session mode Clerk refuses a second sign-in (`session_exists`) instead.
 */

export const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;
export const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;

export type SessionStatus = 'active' | 'pending' | 'ended' | 'removed' | 'revoked' | 'expired' | 'abandoned';

/** Statuses a session can still be used in (token minting, touch). */
export const LIVE_STATUSES: ReadonlySet<SessionStatus> = new Set(['active', 'pending']);

/** Per-instance settings (the Dashboard's "Sessions" page, plus the emulator's clock skew). */
export interface SessionSettings {
  /** Maximum lifetime, ms, or `null` when off. Clerk's default is 7 days. */
  maxLifetimeMs: number | null;
  /** Inactivity timeout, ms, or `null` when off (Clerk's default). */
  inactivityTimeoutMs: number | null;
  /** Session token (JWT) lifetime, ms. Clerk's default is 60 s. */
  tokenLifetimeMs: number;
  /** Single-session mode (Clerk's default): a second sign-in on a client with a live session is refused. */
  singleSessionMode: boolean;
  /** Server clock = real clock + offset (ms); simulates skew between browser and server. */
  clockOffsetMs: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  maxLifetimeMs: SEVEN_DAYS_MS,
  inactivityTimeoutMs: null,
  tokenLifetimeMs: 60_000,
  singleSessionMode: true,
  clockOffsetMs: 0,
};

/** The lifetime-relevant part of a session record. */
export interface SessionTimes {
  status: SessionStatus;
  createdAt: number;
  updatedAt: number;
  lastActiveAt: number;
  /** Frozen deadlines once the session reached a terminal status. */
  frozen?: { expireAt: number; abandonAt: number };
}

export function serverNow(settings: Pick<SessionSettings, 'clockOffsetMs'>, realNow: number = Date.now()): number {
  return realNow + settings.clockOffsetMs;
}

/** Clerk refuses turning both lifetimes off; so does the control API. Throws when both are off. */
export function assertLifetimes(settings: Pick<SessionSettings, 'maxLifetimeMs' | 'inactivityTimeoutMs'>): void {
  if (settings.maxLifetimeMs === null && settings.inactivityTimeoutMs === null) {
    throw new Error('At least one of the maximum lifetime and the inactivity timeout must be on.');
  }
}

export function expireAt(session: SessionTimes, settings: SessionSettings): number {
  if (session.frozen) return session.frozen.expireAt;
  assertLifetimes(settings);
  const absolute = settings.maxLifetimeMs === null ? Infinity : session.createdAt + settings.maxLifetimeMs;
  const idle = settings.inactivityTimeoutMs === null ? Infinity : session.lastActiveAt + settings.inactivityTimeoutMs;
  return Math.min(absolute, idle);
}

export function abandonAt(session: SessionTimes): number {
  if (session.frozen) return session.frozen.abandonAt;
  return session.lastActiveAt + THIRTY_DAYS_MS;
}

/**
 * Moves a live session to `expired`/`abandoned` when a deadline has passed (mutates, returns true
 * when the status changed). `updated_at` becomes the deadline that ended it.
 */
export function evaluateExpiry(session: SessionTimes, settings: SessionSettings, now: number): boolean {
  if (!LIVE_STATUSES.has(session.status)) return false;
  const expire = expireAt(session, settings);
  const abandon = abandonAt(session);
  const deadline = Math.min(expire, abandon);
  if (now < deadline) return false;
  session.frozen = { expireAt: expire, abandonAt: abandon };
  session.status = abandon < expire ? 'abandoned' : 'expired';
  session.updatedAt = deadline;
  return true;
}

/** Records activity (token creation or touch) on a live session. Callers evaluate expiry first. */
export function recordActivity(session: SessionTimes, now: number): void {
  if (!LIVE_STATUSES.has(session.status)) throw new Error(`activity on a ${session.status} session`);
  session.lastActiveAt = now;
  session.updatedAt = now;
}

/** Ends a session with a terminal status set by a request or the control API. */
export function terminate(
  session: SessionTimes,
  status: Exclude<SessionStatus, 'active' | 'pending'>,
  settings: SessionSettings,
  now: number,
): void {
  if (!LIVE_STATUSES.has(session.status)) return;
  session.frozen = { expireAt: expireAt(session, settings), abandonAt: abandonAt(session) };
  session.status = status;
  session.updatedAt = now;
}

/**
 * Makes a session expire now (control API "force-expire"): its deadline becomes `now`, so the
 * timestamps stay consistent with the status.
 */
export function forceExpire(session: SessionTimes, now: number): void {
  if (!LIVE_STATUSES.has(session.status)) return;
  session.frozen = { expireAt: now, abandonAt: abandonAt(session) };
  session.status = 'expired';
  session.updatedAt = now;
}

/** Factor verification age `[first factor minutes, second factor minutes or -1]`. */
export function factorVerificationAge(firstFactorVerifiedAt: number, now: number): [number, number] {
  return [Math.max(0, Math.floor((now - firstFactorVerifiedAt) / 60_000)), -1];
}
