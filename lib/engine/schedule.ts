/**
 * The refresh schedule, as pure functions. The engine turns them into chrome.alarms.
 *
 * Two alarms per app, because a packed extension may not schedule an alarm sooner than 30 s
 * from now (unpacked builds may; tests use that):
 *   sync:<appId>  periodic, every `syncPeriodMs`: reads the client (`GET /v1/client`).
 *   mint:<appId>  one-shot, keep-alive only, set right after each mint for `exp - mintLeadMs`.
 * With Clerk's default 60 s tokens that mints once every ~55 s (about 1.1 tokens per token
 * lifetime) and never lets the token lapse; one periodic alarm alone could only mint every 30 s
 * (2 per lifetime) or let the token lapse.
 */

export interface ScheduleConfig {
  /** Chrome's floor for alarm delays: 30 s for packed extensions. */
  minAlarmMs: number;
  syncPeriodMs: number;
  /** Mint this long before the current token expires. */
  mintLeadMs: number;
  /** Re-check the server's read behaviours this often (read-policy.ts); default 10 sync periods. */
  measureEveryMs?: number;
}

export const DEFAULT_SCHEDULE: ScheduleConfig = { minAlarmMs: 30_000, syncPeriodMs: 30_000, mintLeadMs: 5_000 };

export function scheduleFromBuild(
  minAlarmSeconds: number,
  syncPeriodSeconds: number,
  measureEverySeconds: number | null = null,
): ScheduleConfig {
  const minAlarmMs = minAlarmSeconds * 1000;
  return {
    minAlarmMs,
    syncPeriodMs: Math.max(minAlarmMs, syncPeriodSeconds * 1000),
    mintLeadMs: DEFAULT_SCHEDULE.mintLeadMs,
    ...(measureEverySeconds === null ? {} : { measureEveryMs: measureEverySeconds * 1000 }),
  };
}

export type AlarmKind = 'sync' | 'mint';

export function alarmName(kind: AlarmKind, appId: string): string {
  return `${kind}:${appId}`;
}

export function parseAlarmName(name: string): { kind: AlarmKind; appId: string } | null {
  const match = /^(sync|mint):(.+)$/.exec(name);
  return match ? { kind: match[1] as AlarmKind, appId: match[2] as string } : null;
}

/** The lead time for a token of this lifetime: at most a quarter of it, so short tokens are not re-minted at once. */
export function mintLead(config: ScheduleConfig, tokenLifetimeMs?: number): number {
  return tokenLifetimeMs ? Math.min(config.mintLeadMs, tokenLifetimeMs / 4) : config.mintLeadMs;
}

/** Local ms when the next mint should happen for a token expiring at `expiresAtLocal`. */
export function nextMintAt(expiresAtLocal: number, now: number, config: ScheduleConfig, tokenLifetimeMs?: number): number {
  return Math.max(now + config.minAlarmMs, expiresAtLocal - mintLead(config, tokenLifetimeMs));
}

/**
 * A mint is due when there is no token or it expires within the lead time plus one second of
 * alarm jitter (Chrome fires alarms up to about a second late or early).
 */
export function mintDue(expiresAtLocal: number | null, now: number, config: ScheduleConfig, tokenLifetimeMs?: number): boolean {
  return expiresAtLocal === null || expiresAtLocal - now <= mintLead(config, tokenLifetimeMs) + 1000;
}

const BACKOFF_BASE_MS = 5_000;
/** The longest pause between automatic refreshes, whatever the server asks for. */
export const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * Exponential backoff after consecutive failures (5 s, 10 s, 20 s … 5 min), never sooner than
 * the server's `retry-after`, and never later than the maximum: a `retry-after` of a year (a
 * misconfigured proxy, a hostile answer) would otherwise stop keep-alive and let the session
 * lapse. Deterministic: one engine per browser, so no jitter is needed to spread a thundering herd.
 */
export function backoffMs(consecutiveFailures: number, retryAfterMs?: number): number {
  const failures = Number.isFinite(consecutiveFailures) ? Math.max(0, consecutiveFailures - 1) : 0;
  const exponential = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures, 32));
  const retryAfter = retryAfterMs !== undefined && retryAfterMs >= 0 && !Number.isNaN(retryAfterMs) ? retryAfterMs : 0;
  return Math.min(BACKOFF_MAX_MS, Math.max(exponential, retryAfter));
}
