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
 */
import type { LifetimeSetting, SessionRecord } from '../snapshot';

export interface Lifetimes {
  inactivityTimeout: LifetimeSetting;
  maximumLifetime: LifetimeSetting;
}

/** Server timestamps are ms; Clerk rounds nothing, but allow a second of slack for our own emulation of clocks. */
const SLACK_MS = 1000;

const UNKNOWN: LifetimeSetting = { seconds: null, source: 'unknown' };

function declared(seconds: number | null): LifetimeSetting | null {
  return seconds === null ? null : { seconds, source: 'declared' };
}

export function inferLifetimes(
  previous: SessionRecord | null,
  next: SessionRecord | null,
  carried: Lifetimes | null,
  declaredSettings: { inactivityTimeoutSeconds: number | null; maximumLifetimeSeconds: number | null },
): Lifetimes {
  let inactivity: LifetimeSetting = carried?.inactivityTimeout.source === 'inferred' ? carried.inactivityTimeout : UNKNOWN;
  let maximum: LifetimeSetting = carried?.maximumLifetime.source === 'inferred' ? carried.maximumLifetime : UNKNOWN;

  if (previous && next && previous.id === next.id) {
    const activity = next.lastActiveAt - previous.lastActiveAt;
    const moved = next.expireAt - previous.expireAt;
    if (activity > SLACK_MS) {
      if (Math.abs(moved - activity) <= SLACK_MS) {
        inactivity = { seconds: Math.round((next.expireAt - next.lastActiveAt) / 1000), source: 'inferred' };
      } else if (Math.abs(moved) <= SLACK_MS) {
        maximum = { seconds: Math.round((next.expireAt - next.createdAt) / 1000), source: 'inferred' };
        // A timeout inferred earlier may now merely be capped by the lifetime: keep it.
        if (inactivity.source !== 'inferred') inactivity = { seconds: 0, source: 'inferred' };
      }
    }
  }
  return {
    inactivityTimeout: declared(declaredSettings.inactivityTimeoutSeconds) ?? inactivity,
    maximumLifetime: declared(declaredSettings.maximumLifetimeSeconds) ?? maximum,
  };
}
