/**
 * Derived numbers: the single source of truth for every number the popup, the badge and the
 * notifications show. Pure functions of (snapshot, local now).
 *
 * Server timestamps are converted with the snapshot's clock offset (server minus local), so a
 * browser whose clock is two minutes off still counts down to the server's deadlines.
 *
 * Session lifetime model (Clerk does not document the formula; see README "Session lifetimes"):
 *   expire_at     = min(created_at + maximum lifetime, last_active_at + inactivity timeout)
 *   effective end = min(expire_at, abandon_at)
 * `expire_at` and `abandon_at` come from the server; the inactivity and maximum-lifetime deadlines
 * are only shown when the timeout is known (declared by the user or inferred).
 */
import type { AppConfig } from './apps';
import type { LifetimeSetting, SessionRecord, SessionSnapshot } from './snapshot';

export interface Window {
  /** Server ms; null when unknown. */
  deadline: number | null;
  /** ms left (negative once past); null when unknown. */
  leftMs: number | null;
  /** Length of the whole window in ms, for progress bars; null when unknown. */
  totalMs: number | null;
}

export interface InactivityWindow extends Window {
  setting: LifetimeSetting;
  /** true: on; false: declared or inferred off; null: unknown. */
  enabled: boolean | null;
}

export interface SessionNumbers {
  /** Local now converted to the server's clock. */
  serverNow: number;
  session: SessionRecord | null;
  sessionAgeMs: number | null;
  inactivity: InactivityWindow;
  maximumLifetime: Window & { setting: LifetimeSetting };
  /** min(expire_at, abandon_at): when the server will stop accepting this session. */
  effectiveEnd: Window;
  /** The current token's own countdown (exp - now). */
  token: Window;
  /** Since the current token was issued (its `iat`): the last token refresh, by whoever minted it. */
  tokenAgeMs: number | null;
  /** Local ms since the last successful sync with Clerk; null if none yet. */
  lastRefreshAgoMs: number | null;
  /** Local ms since the snapshot was written. */
  snapshotAgeMs: number;
}

export type HealthStatus = 'healthy' | 'warning' | 'expiring' | 'expired' | 'signed-out' | 'error';

const UNKNOWN_WINDOW: Window = { deadline: null, leftMs: null, totalMs: null };

export function serverNow(snapshot: Pick<SessionSnapshot, 'clockOffsetMs'>, now: number): number {
  return now + snapshot.clockOffsetMs;
}

export function currentSession(snapshot: SessionSnapshot): SessionRecord | null {
  if (!snapshot.currentSessionId) return null;
  return snapshot.sessions.find((s) => s.id === snapshot.currentSessionId) ?? null;
}

function windowFrom(start: number | null, deadline: number | null, at: number): Window {
  if (deadline === null) return UNKNOWN_WINDOW;
  return { deadline, leftMs: deadline - at, totalMs: start === null ? null : deadline - start };
}

export function inactivityWindow(session: SessionRecord, setting: LifetimeSetting, at: number): InactivityWindow {
  if (setting.seconds === null) return { ...UNKNOWN_WINDOW, setting, enabled: null };
  if (setting.seconds === 0) return { ...UNKNOWN_WINDOW, setting, enabled: false };
  const deadline = session.lastActiveAt + setting.seconds * 1000;
  return { ...windowFrom(session.lastActiveAt, deadline, at), setting, enabled: true };
}

export function maximumLifetimeWindow(
  session: SessionRecord,
  setting: LifetimeSetting,
  at: number,
): Window & { setting: LifetimeSetting } {
  if (!setting.seconds) return { ...UNKNOWN_WINDOW, setting };
  return { ...windowFrom(session.createdAt, session.createdAt + setting.seconds * 1000, at), setting };
}

export function sessionNumbers(snapshot: SessionSnapshot, now: number): SessionNumbers {
  const at = serverNow(snapshot, now);
  const session = currentSession(snapshot);
  const lastRefreshAgoMs = snapshot.lastRefresh ? now - snapshot.lastRefresh.at : null;
  const snapshotAgeMs = now - snapshot.writtenAt;
  const token = snapshot.token ? windowFrom(snapshot.token.issuedAt, snapshot.token.expiresAt, at) : UNKNOWN_WINDOW;
  const tokenAgeMs = snapshot.token ? at - snapshot.token.issuedAt : null;
  if (!session) {
    return {
      serverNow: at,
      session: null,
      sessionAgeMs: null,
      inactivity: { ...UNKNOWN_WINDOW, setting: snapshot.inactivityTimeout, enabled: null },
      maximumLifetime: { ...UNKNOWN_WINDOW, setting: snapshot.maximumLifetime },
      effectiveEnd: UNKNOWN_WINDOW,
      token,
      tokenAgeMs,
      lastRefreshAgoMs,
      snapshotAgeMs,
    };
  }
  return {
    serverNow: at,
    session,
    sessionAgeMs: at - session.createdAt,
    inactivity: inactivityWindow(session, snapshot.inactivityTimeout, at),
    maximumLifetime: maximumLifetimeWindow(session, snapshot.maximumLifetime, at),
    effectiveEnd: windowFrom(session.createdAt, Math.min(session.expireAt, session.abandonAt), at),
    token,
    tokenAgeMs,
    lastRefreshAgoMs,
    snapshotAgeMs,
  };
}

/** Statuses a session can no longer come back from. */
export function isEndedStatus(status: string): boolean {
  return status !== 'active' && status !== 'pending';
}

/** The most urgent ms left: the effective end, or the inactivity deadline when it comes first. */
export function mostUrgentLeftMs(numbers: SessionNumbers): number | null {
  const candidates = [numbers.effectiveEnd.leftMs, numbers.inactivity.leftMs].filter((v): v is number => v !== null);
  return candidates.length ? Math.min(...candidates) : null;
}

export function healthStatus(snapshot: SessionSnapshot, thresholds: AppConfig['thresholds'], now: number): HealthStatus {
  const numbers = sessionNumbers(snapshot, now);
  const session = numbers.session;
  if (!session) return snapshot.error ? 'error' : 'signed-out';
  const left = mostUrgentLeftMs(numbers);
  if (isEndedStatus(session.status) || (left !== null && left <= 0)) return 'expired';
  if (snapshot.error) return 'error';
  if (left !== null && left <= thresholds.criticalSeconds * 1000) return 'expiring';
  if (left !== null && left <= thresholds.warningSeconds * 1000) return 'warning';
  return 'healthy';
}

/** The word shown while a deadline has passed and Clerk has not yet said the session ended. */
export const EXPIRED_BY_DEADLINE = 'expired (by its deadline; confirming…)';

export interface StatusWord {
  /** What the pill, the session list and the banner say. */
  word: string;
  /** The status it is styled as (a CSS class suffix). */
  status: string;
  /** The deadline passed but Clerk's last answer still said active: waiting for the next read. */
  confirming: boolean;
}

/**
 * The status word for a session, from the same deadline its numbers count down to: once
 * `mostUrgentLeftMs` reaches 0 an "active" session reads as expired at once, not at the next
 * read ("ACTIVE · ends 2s ago" under an "Expired" banner).
 */
export function sessionStatusWord(session: SessionRecord, numbers: SessionNumbers): StatusWord {
  if (isEndedStatus(session.status)) return { word: session.status, status: session.status, confirming: false };
  const left = mostUrgentLeftMs(numbers);
  if (left !== null && left <= 0) return { word: EXPIRED_BY_DEADLINE, status: 'expired', confirming: true };
  return { word: session.status, status: session.status, confirming: false };
}

/** Whether the current session is past its deadline while Clerk still lists it as active. */
export function expiredByDeadline(snapshot: SessionSnapshot, now: number): boolean {
  const numbers = sessionNumbers(snapshot, now);
  return numbers.session !== null && sessionStatusWord(numbers.session, numbers).confirming;
}
