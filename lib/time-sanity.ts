/**
 * What a plausible timestamp or duration from Clerk looks like. Pure and tiny (the popup's
 * formatting uses it too). Anything outside these bounds is a unit mix-up (seconds for
 * milliseconds), a zero, a broken proxy or a hostile answer, and is refused where it enters
 * (fapi-parse.ts: `malformed`; clock.ts: the sample is ignored), so it never reaches a countdown.
 */

/** Clerk sessions did not exist before 2019: earlier server times (1970, seconds read as ms) are refused. */
export const EARLIEST_SERVER_MS = Date.UTC(2019, 0, 1);
/** Far beyond any real deadline (a 10-year lifetime from today), yet excludes 1e300 and year 275760. */
export const LATEST_SERVER_MS = Date.UTC(2100, 0, 1);
/** The longest lifetime anything in Clerk can have (sessions, JWT templates): 10 years. */
export const MAX_LIFETIME_SECONDS = 10 * 366 * 86_400;

/** A server epoch-milliseconds time between 2019 and 2100. */
export function isPlausibleServerMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= EARLIEST_SERVER_MS && value <= LATEST_SERVER_MS;
}

/** A whole number of seconds in [min, 10 years]: a stored lifetime setting. */
export function isPlausibleLifetimeSeconds(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_LIFETIME_SECONDS;
}
