/**
 * When a keep-alive sync alarm may skip its client read (issue 14), as pure functions.
 *
 * In keep-alive every mint is followed by a read (engine: mint, then `GET /v1/client`), and that
 * read shows what the mint did (`last_active_at`, `expire_at`). A sync alarm between two mints
 * would read a state nothing changed: the extension's token is the only activity while the app's
 * tab is closed, and every other change is seen without it:
 *   - sign-in, sign-out, account switch in this browser: the identity cookies change (cookie-watch);
 *   - the app's tab minting its own token: its `__session` cookie changes (cookie-watch, keep-alive);
 *   - the session ended elsewhere (revoked, expired): the next mint is refused, and a read follows.
 * So a sync alarm reads only when a mint read is not near: the last read is at least one sync
 * period old and the mint alarm is more than one sync period away. With Clerk's 60 s tokens and
 * a 30 s sync alarm that is one mint and one read every ~55 s (2.2 requests a minute instead of
 * 4.7), and never two reads within one sync period.
 * Two more reads are kept: when the snapshot is stale or the session is not live (recovery,
 * signed out: one read per alarm, as in observe mode), and a measurement of the undocumented
 * server behaviours (server-behaviour.ts needs reads in which nobody minted) while one is unknown,
 * in progress, or last checked more than MEASURE_EVERY_PERIODS sync periods ago.
 */
import type { BehaviourObservation, ServerBehaviour } from '../snapshot';

/** Chrome fires alarms up to about a second early or late. */
export const ALARM_JITTER_MS = 1_000;
/** Re-check the undocumented behaviours this many sync periods after the last observation (5 min at 30 s). */
export const MEASURE_EVERY_PERIODS = 10;

export interface SyncReadInput {
  now: number;
  syncPeriodMs: number;
  /** Local ms of the last good client read; null if none is known. */
  lastReadAt: number | null;
  /** When the mint alarm fires (local ms); null when none is set. */
  mintAlarmAt: number | null;
  /** A mint is due now: then this sync mints, and reads after it. */
  mintDue: boolean;
  /** The snapshot is stale or carries an error: read to recover. */
  stale: boolean;
  /** The current session is known and live (keep-alive is keeping it alive). */
  sessionLive: boolean;
  behaviour: ServerBehaviour;
  /** Re-check the behaviours this long after the last observation. */
  measureEveryMs: number;
}

function settled(observation: BehaviourObservation, now: number, maxAgeMs: number): boolean {
  const inProgress = observation.verdict !== 'yes' && observation.streak > 0;
  return observation.verdict !== 'unknown' && !inProgress && observation.at !== null && now - observation.at <= maxAgeMs;
}

/** The re-check interval of a schedule: its own, else 10 sync periods. */
export function measureEveryMs(schedule: { syncPeriodMs: number; measureEveryMs?: number }): number {
  return schedule.measureEveryMs ?? MEASURE_EVERY_PERIODS * schedule.syncPeriodMs;
}

/** A read in which nobody mints is needed to measure (or re-check, `maxAge` after the last observation) the server's behaviours. */
export function measurementDue(behaviour: ServerBehaviour, now: number, maxAge: number): boolean {
  return !settled(behaviour.readsCountAsActivity, now, maxAge) || !settled(behaviour.remintOnRead, now, maxAge);
}

/** Whether a keep-alive read at `at` would be left out, given the last read and the mint alarm. */
function leftOut(at: number, lastReadAt: number, mintAlarmAt: number | null, syncPeriodMs: number): boolean {
  const recentRead = at - lastReadAt < syncPeriodMs - ALARM_JITTER_MS;
  const mintReadNear = mintAlarmAt !== null && mintAlarmAt - at <= syncPeriodMs;
  return recentRead || mintReadNear;
}

/** Whether this keep-alive sync alarm skips its client read (and so sends nothing). */
export function skipSyncRead(input: SyncReadInput): boolean {
  if (input.mintDue || input.stale || !input.sessionLive || input.lastReadAt === null) return false;
  if (measurementDue(input.behaviour, input.now, input.measureEveryMs)) return false;
  return leftOut(input.now, input.lastReadAt, input.mintAlarmAt, input.syncPeriodMs);
}

/**
 * The next time the snapshot will be refreshed (the popup's "next refresh"): the mint alarm, or
 * the first sync alarm before it whose read is not left out.
 */
export function nextReadAt(input: { lastReadAt: number; nextSyncAt: number; mintAlarmAt: number; syncPeriodMs: number }): number {
  for (let at = input.nextSyncAt; at < input.mintAlarmAt; at += input.syncPeriodMs) {
    if (!leftOut(at, input.lastReadAt, input.mintAlarmAt, input.syncPeriodMs)) return at;
  }
  return input.mintAlarmAt;
}
