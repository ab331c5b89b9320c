/**
 * Turning a published snapshot into alarms (engine.ts calls it after each sync): the periodic
 * sync alarm, keep-alive's one-shot mint alarm, the popup's "next refresh", and whether a
 * keep-alive sync alarm may leave out its read (read-policy.ts). The timing rules are pure
 * (schedule.ts, read-policy.ts); this module reads and writes the alarms through `ports`.
 */
import type { AppConfig } from '../apps';
import { isEndedStatus } from '../session-math';
import type { SessionSnapshot } from '../snapshot';
import { engineStateItem } from '../storage';
import type { Ports } from './ports';
import { measureEveryMs, measurementDue, nextReadAt, skipSyncRead } from './read-policy';
import { alarmName, mintDue, mintLead, nextMintAt, type ScheduleConfig } from './schedule';

/** A snapshot that is stale, carries an error or a refused mint is refreshed on every sync alarm. */
function readsEveryAlarm(snapshot: SessionSnapshot): boolean {
  return snapshot.stale || snapshot.error !== null || snapshot.setup?.mint?.ok === false;
}

export function createScheduling({ now, schedule, ports }: { now: () => number; schedule: ScheduleConfig; ports: Ports }) {
  /** Sets the alarms after a sync at `at`; returns the snapshot's next refresh (local ms). */
  async function scheduleAfter(app: AppConfig, snapshot: SessionSnapshot, at: number, notBefore: number | null) {
    const sync = await ports.alarms.get(alarmName('sync', app.id));
    if (!sync) await ports.alarms.createPeriodic(alarmName('sync', app.id), schedule.syncPeriodMs, at + schedule.syncPeriodMs);
    // Inside its own handler a periodic alarm may still report the time it just fired at.
    let nextSync = sync?.scheduledTime ?? at + schedule.syncPeriodMs;
    while (nextSync <= at) nextSync += schedule.syncPeriodMs;
    const session = snapshot.sessions.find((s) => s.id === snapshot.currentSessionId);
    // Keep minting while reads fail: an outage of reads longer than the inactivity timeout must
    // not let a kept-alive session lapse. Only a session known to have ended stops it.
    const keepMinting = app.mode === 'keep-alive' && session !== undefined && !isEndedStatus(session.status) && snapshot.token;
    if (keepMinting && snapshot.token) {
      const { token } = snapshot;
      const lifetime = token.expiresAt - token.issuedAt;
      const state = await engineStateItem(app.id).getValue();
      let mintAt = nextMintAt(token.expiresAt - snapshot.clockOffsetMs, at, schedule, lifetime);
      if (state.mintNotBefore !== null) mintAt = Math.max(mintAt, state.mintNotBefore);
      // Chrome clamps a new alarm to at least `minAlarmMs` from now: a sync between two mints must
      // not push back the mint alarm set earlier for this token (the token would lapse). Keep it.
      const target = token.expiresAt - snapshot.clockOffsetMs - mintLead(schedule, lifetime);
      const existing = await ports.alarms.get(alarmName('mint', app.id));
      if (
        existing &&
        existing.scheduledTime > at &&
        existing.scheduledTime >= target - 1000 &&
        existing.scheduledTime <= mintAt
      ) {
        mintAt = existing.scheduledTime;
      } else {
        await ports.alarms.createOnce(alarmName('mint', app.id), mintAt);
      }
      const lastReadAt = snapshot.setup.read?.ok ? snapshot.setup.read.at : null;
      if (
        lastReadAt !== null &&
        !readsEveryAlarm(snapshot) &&
        !measurementDue(snapshot.serverBehaviour, at, measureEveryMs(schedule))
      ) {
        // The sync alarms before the mint skip their reads (read-policy.ts): the next refresh is later.
        const read = nextReadAt({ lastReadAt, nextSyncAt: nextSync, mintAlarmAt: mintAt, syncPeriodMs: schedule.syncPeriodMs });
        return Math.max(notBefore ?? 0, read);
      }
      return Math.min(mintAt, Math.max(notBefore ?? 0, nextSync));
    }
    await ports.alarms.clear(alarmName('mint', app.id));
    return Math.max(notBefore ?? 0, nextSync);
  }

  /** Keep-alive: the sync alarm's read would show nothing new (read-policy.ts); no request is sent. */
  async function syncReadSkippable(app: AppConfig, previous: SessionSnapshot): Promise<boolean> {
    const session = previous.sessions.find((s) => s.id === previous.currentSessionId);
    const token = previous.token;
    const at = now();
    const mintAlarm = await ports.alarms.get(alarmName('mint', app.id));
    return skipSyncRead({
      now: at,
      syncPeriodMs: schedule.syncPeriodMs,
      lastReadAt: previous.setup?.read?.ok ? previous.setup.read.at : null,
      mintAlarmAt: mintAlarm?.scheduledTime ?? null,
      mintDue: token ? mintDue(token.expiresAt - previous.clockOffsetMs, at, schedule, token.expiresAt - token.issuedAt) : true,
      stale: readsEveryAlarm(previous),
      sessionLive: session !== undefined && !isEndedStatus(session.status),
      behaviour: previous.serverBehaviour,
      measureEveryMs: measureEveryMs(schedule),
    });
  }

  return { scheduleAfter, syncReadSkippable };
}
