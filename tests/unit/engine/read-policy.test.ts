import { describe, expect, it } from 'vitest';
import { MEASURE_EVERY_PERIODS, measureEveryMs, measurementDue, nextReadAt, skipSyncRead } from '../../../lib/engine/read-policy';
import { UNKNOWN_BEHAVIOUR } from '../../../lib/engine/server-behaviour';
import type { ServerBehaviour } from '../../../lib/snapshot';
import { MIN, SEC, testApp } from './builders';
import { SCHEDULE, setup } from './harness';

const P = 30 * SEC;
const T = 1_000_000;
const settled = (at: number): ServerBehaviour => ({
  readsCountAsActivity: { verdict: 'no', streak: 0, at },
  remintOnRead: { verdict: 'no', streak: 0, at },
});
const base = {
  now: T,
  syncPeriodMs: P,
  lastReadAt: T - 10 * SEC,
  mintAlarmAt: T + 45 * SEC,
  mintDue: false,
  stale: false,
  sessionLive: true,
  behaviour: settled(T - MIN),
  measureEveryMs: MEASURE_EVERY_PERIODS * P,
};

describe('read policy (pure)', () => {
  it('skips a sync read within one sync period of the last read, or when the mint read is within one period', () => {
    expect(skipSyncRead(base)).toBe(true);
    expect(skipSyncRead({ ...base, lastReadAt: T - 40 * SEC, mintAlarmAt: T + 25 * SEC })).toBe(true);
    // Neither: the last read is a period old and the mint is further than a period away.
    expect(skipSyncRead({ ...base, lastReadAt: T - 30 * SEC, mintAlarmAt: T + 31 * SEC })).toBe(false);
    // No mint alarm (long tokens far away, or none): one read per period.
    expect(skipSyncRead({ ...base, lastReadAt: T - 30 * SEC, mintAlarmAt: null })).toBe(false);
    // Chrome fires alarms up to a second early: 29.5 s after the last read counts as a period.
    expect(skipSyncRead({ ...base, lastReadAt: T - 29.5 * SEC, mintAlarmAt: null })).toBe(false);
  });

  it('reads when a mint is due, the snapshot is stale, the session is not live, or no read is known', () => {
    expect(skipSyncRead({ ...base, mintDue: true })).toBe(false);
    expect(skipSyncRead({ ...base, stale: true })).toBe(false);
    expect(skipSyncRead({ ...base, sessionLive: false })).toBe(false);
    expect(skipSyncRead({ ...base, lastReadAt: null })).toBe(false);
  });

  it('reads to measure the server behaviours: unknown, a streak in progress, or last checked too long ago', () => {
    expect(measurementDue(UNKNOWN_BEHAVIOUR, T, MEASURE_EVERY_PERIODS * P)).toBe(true);
    expect(skipSyncRead({ ...base, behaviour: UNKNOWN_BEHAVIOUR })).toBe(false);
    const inProgress: ServerBehaviour = { ...settled(T), remintOnRead: { verdict: 'no', streak: 1, at: T } };
    expect(measurementDue(inProgress, T, MEASURE_EVERY_PERIODS * P)).toBe(true);
    expect(measurementDue(settled(T - MEASURE_EVERY_PERIODS * P), T, MEASURE_EVERY_PERIODS * P)).toBe(false);
    expect(measurementDue(settled(T - MEASURE_EVERY_PERIODS * P - 1), T, MEASURE_EVERY_PERIODS * P)).toBe(true);
    const yes: ServerBehaviour = { ...settled(T), readsCountAsActivity: { verdict: 'yes', streak: 2, at: T } };
    expect(measurementDue(yes, T, MEASURE_EVERY_PERIODS * P)).toBe(false);
  });

  it('next read: the first sync alarm that reads before the mint, else the mint', () => {
    expect(nextReadAt({ lastReadAt: T, nextSyncAt: T + 10 * SEC, mintAlarmAt: T + 55 * SEC, syncPeriodMs: P })).toBe(
      T + 55 * SEC,
    );
    // Long tokens: the sync alarm a period after the read.
    expect(nextReadAt({ lastReadAt: T, nextSyncAt: T + 10 * SEC, mintAlarmAt: T + 10 * MIN, syncPeriodMs: P })).toBe(
      T + 40 * SEC,
    );
  });
});

describe('read policy in the engine (in-memory Clerk, product timings: 60 s tokens, 30 s sync)', () => {
  const reads = (h: Awaited<ReturnType<typeof setup>>) => h.clerk.counts.readClient;

  it('keep-alive, app tab closed: one mint and one read per token lifetime; two reads within a period only to re-measure, every 10 periods', async () => {
    const h = await setup({ schedule: SCHEDULE, clerk: (c) => c.signIn() });
    const readTimes: number[] = [];
    const gateway = h.clerk.gateway.bind(h.clerk);
    h.clerk.gateway = () => {
      const g = gateway();
      return {
        ...g,
        readClient: () => {
          readTimes.push(h.clock.now);
          return g.readClient();
        },
      };
    };
    await h.engine.start();
    // The first minutes measure the undocumented behaviours (reads without a mint): let them settle.
    await h.runAlarmsUntil(h.clock.now + 3 * MIN);
    const from = h.clock.now;
    const before = { reads: reads(h), mints: h.clerk.counts.mintToken, times: readTimes.length };
    const minutes = 10;
    await h.runAlarmsUntil(from + minutes * MIN);
    const r = reads(h) - before.reads;
    const m = h.clerk.counts.mintToken - before.mints;
    // About 1.1 mints and 1.1 reads a minute (one every ~55 s), plus a re-measurement every
    // 5 min: <= 2.5 requests a minute in all (4.7 before the read policy).
    expect(m).toBeGreaterThanOrEqual(10);
    expect((r + m) / minutes).toBeLessThanOrEqual(2.5);
    const window = readTimes.slice(before.times);
    const close = window.filter((t, i) => i > 0 && t - (window[i - 1] as number) < SCHEDULE.syncPeriodMs - SEC);
    expect(close.length).toBeLessThanOrEqual(Math.ceil((minutes * MIN) / (MEASURE_EVERY_PERIODS * SCHEDULE.syncPeriodMs)));
    // No loss of truth: the session the user sees is the server's, its activity from the last mint.
    const snapshot = await h.snapshot();
    const server = h.clerk.session('sess_1');
    const shown = snapshot?.sessions.find((s) => s.id === 'sess_1');
    expect(shown?.lastActiveAt).toBe(server?.lastActiveAt);
    // The popup's "next refresh" is the next read, not a sync alarm that will skip its read.
    expect(snapshot?.nextRefreshAt).toBe((await h.alarm('mint:app-dev'))?.scheduledTime);
  });

  it('a schedule may set its own re-check interval (the build knob tests use)', () => {
    expect(measureEveryMs({ syncPeriodMs: P })).toBe(MEASURE_EVERY_PERIODS * P);
    expect(measureEveryMs({ syncPeriodMs: P, measureEveryMs: 6 * SEC })).toBe(6 * SEC);
  });

  it('keep-alive: a measurement read comes back about every 10 sync periods', async () => {
    const h = await setup({ schedule: SCHEDULE, clerk: (c) => c.signIn() });
    await h.engine.start();
    await h.runAlarmsUntil(h.clock.now + 3 * MIN);
    const at = (await h.snapshot())?.serverBehaviour.remintOnRead.at ?? 0;
    await h.runAlarmsUntil(at + MEASURE_EVERY_PERIODS * SCHEDULE.syncPeriodMs + 2 * SCHEDULE.syncPeriodMs);
    expect((await h.snapshot())?.serverBehaviour.remintOnRead.at).toBeGreaterThan(at);
  });

  it('observe: one read per sync alarm, as before', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })], schedule: SCHEDULE, clerk: (c) => c.signIn() });
    await h.engine.start();
    const before = reads(h);
    const fired = await h.runAlarmsUntil(h.clock.now + 5 * MIN);
    expect(reads(h) - before).toBe(fired.filter((n) => n.startsWith('sync:')).length);
    expect(h.clerk.counts.mintToken).toBe(0);
  });

  it('keep-alive, signed out: one read per sync alarm', async () => {
    const h = await setup({ schedule: SCHEDULE });
    await h.engine.start();
    const before = reads(h);
    const fired = await h.runAlarmsUntil(h.clock.now + 3 * MIN);
    expect(reads(h) - before).toBe(fired.filter((n) => n.startsWith('sync:')).length);
  });

  it("keep-alive: the app's own mint (its __session changed) is read at once, and the SDK is kept", async () => {
    const h = await setup({ schedule: SCHEDULE, clerk: (c) => c.signIn() });
    await h.engine.start();
    await h.runAlarmsUntil(h.clock.now + 3 * MIN);
    h.advance(5 * SEC);
    h.clerk.appActivity();
    const created = h.clerk.gatewaysCreated;
    const before = reads(h);
    await h.engine.onAppTokenChanged('app-dev');
    expect(reads(h)).toBe(before + 1);
    expect(h.clerk.disposed).toBe(0);
    expect(h.clerk.gatewaysCreated).toBe(created);
    expect((await h.snapshot())?.sessions[0]?.lastActiveAt).toBe(h.clerk.session('sess_1')?.lastActiveAt);
  });

  it("reads caused by the app's mints are no evidence of the server's read behaviours (they would look like re-mints)", async () => {
    const h = await setup({ schedule: SCHEDULE, clerk: (c) => c.signIn() });
    await h.engine.start();
    await h.runAlarmsUntil(h.clock.now + 3 * MIN);
    const before = (await h.snapshot())?.serverBehaviour;
    expect(before?.remintOnRead.verdict).toBe('no');
    for (let i = 0; i < 3; i++) {
      h.advance(20 * SEC);
      h.clerk.appActivity();
      h.advance(300);
      await h.engine.onAppTokenChanged('app-dev');
    }
    const after = await h.snapshot();
    expect(after?.lastRefresh?.trigger).toBe('app-token');
    expect(after?.serverBehaviour).toEqual(before);
  });

  it("observe reads the app's own mint at once (one read, no mint), so it is not a sync period behind the app's tab", async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })], clerk: (c) => c.signIn() });
    await h.engine.start();
    h.advance(5 * SEC);
    h.clerk.appActivity();
    const before = { reads: reads(h), mints: h.clerk.counts.mintToken };
    await h.engine.onAppTokenChanged('app-dev');
    expect(reads(h)).toBe(before.reads + 1);
    expect(h.clerk.counts.mintToken).toBe(before.mints);
    const after = await h.snapshot();
    expect(after?.lastRefresh?.trigger).toBe('app-token');
    expect(after?.sessions[0]?.lastActiveAt).toBe(h.clerk.session('sess_1')?.lastActiveAt);
  });
});
