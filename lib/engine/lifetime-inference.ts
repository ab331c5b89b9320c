/**
 * What the session lifetimes are, since Clerk does not tell browsers: declared by the user,
 * inferred from how `expire_at` moves with activity, or unknown. Pure.
 *
 * Working model (see session-math.ts): expire_at = min(created_at + max, last_active_at + inactivity).
 * - Activity moved last_active_at by d and expire_at by the same d: the inactivity timeout is on
 *   and equals expire_at - last_active_at.
 * - Activity moved last_active_at but expire_at stayed: expire_at is the maximum-lifetime
 *   deadline (= expire_at - created_at), and the inactivity timeout is off, or at least longer
 *   than the lifetime left. We say "off" and label it inferred.
 * Settings are per Clerk instance, so an inference from one session carries over to the next.
 *
 * Never inferred or carried: a value ≤ 0 (besides the "off" marker 0 for the inactivity timeout),
 * a fraction of a second or more than 10 years, and a carried value the next session contradicts
 * (expire_at can never lie beyond last_active_at + timeout, nor beyond created_at + maximum).
 * Inconsistent data (an expire_at behind last_active_at) would otherwise infer a negative timeout
 * that shows an active session as "expired", session after session.
 */
import type { LifetimeSetting, SessionRecord } from '../snapshot';
import { isPlausibleLifetimeSeconds } from '../time-sanity';

export interface Lifetimes {
  inactivityTimeout: LifetimeSetting;
  maximumLifetime: LifetimeSetting;
}

/** Server timestamps are ms; Clerk rounds nothing, but allow a second of slack for our own emulation of clocks. */
const SLACK_MS = 1000;
/**
 * The least activity that tells the two cases apart. Keep-alive mints once on first sight of a
 * new session, often within a second of the sign-in: that mint must already be evidence, or the
 * inactivity window says "unknown" until the first scheduled mint (~50 s later). Both timestamps
 * come from the same server clock, so a quarter of the activity is tolerance enough.
 */
const MIN_ACTIVITY_MS = 100;

const UNKNOWN: LifetimeSetting = { seconds: null, source: 'unknown' };

function declared(seconds: number | null): LifetimeSetting | null {
  return seconds === null ? null : { seconds, source: 'declared' };
}

/** Seconds of a window from `from` to `to` (server ms), if it is a plausible lifetime. */
function seconds(from: number, to: number): number | null {
  const value = Math.round((to - from) / 1000);
  return isPlausibleLifetimeSeconds(value, 1) ? value : null;
}

/** A carried inference, if it is well-formed and the next session does not contradict it. */
function carriedSetting(
  setting: LifetimeSetting | undefined,
  min: number,
  contradicts: (seconds: number) => boolean,
): LifetimeSetting {
  if (setting?.source !== 'inferred' || !isPlausibleLifetimeSeconds(setting.seconds, min)) return UNKNOWN;
  return setting.seconds > 0 && contradicts(setting.seconds) ? UNKNOWN : setting;
}

export function inferLifetimes(
  previous: SessionRecord | null,
  next: SessionRecord | null,
  carried: Lifetimes | null,
  declaredSettings: { inactivityTimeoutSeconds: number | null; maximumLifetimeSeconds: number | null },
): Lifetimes {
  let inactivity = carriedSetting(
    carried?.inactivityTimeout,
    0,
    (timeout) => next !== null && next.expireAt > next.lastActiveAt + timeout * 1000 + SLACK_MS,
  );
  let maximum = carriedSetting(
    carried?.maximumLifetime,
    1,
    (lifetime) => next !== null && next.expireAt > next.createdAt + lifetime * 1000 + SLACK_MS,
  );

  if (previous && next && previous.id === next.id) {
    const activity = next.lastActiveAt - previous.lastActiveAt;
    const moved = next.expireAt - previous.expireAt;
    const tolerance = Math.min(SLACK_MS, activity / 4);
    if (activity >= MIN_ACTIVITY_MS) {
      if (Math.abs(moved - activity) <= tolerance) {
        const timeout = seconds(next.lastActiveAt, next.expireAt);
        if (timeout !== null) inactivity = { seconds: timeout, source: 'inferred' };
      } else if (Math.abs(moved) <= tolerance) {
        const lifetime = seconds(next.createdAt, next.expireAt);
        if (lifetime !== null) {
          maximum = { seconds: lifetime, source: 'inferred' };
          // A timeout inferred earlier may now merely be capped by the lifetime: keep it.
          if (inactivity.source !== 'inferred') inactivity = { seconds: 0, source: 'inferred' };
        }
      }
    }
  }
  return {
    inactivityTimeout: declared(declaredSettings.inactivityTimeoutSeconds) ?? inactivity,
    maximumLifetime: declared(declaredSettings.maximumLifetimeSeconds) ?? maximum,
  };
}
