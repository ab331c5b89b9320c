import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { appsItem, engineStateItem, snapshotItem } from '../../../lib/storage';
import { MIN, SEC, testApp } from './builders';
import { SCHEDULE, setup } from './harness';

describe('engine schedule', () => {
  it('start() creates the sync alarm with the configured period and writes a snapshot', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    const sync = await h.alarm('sync:app-dev');
    expect(sync).toMatchObject({
      periodInMinutes: SCHEDULE.syncPeriodMs / 60_000,
      scheduledTime: h.clock.now + SCHEDULE.syncPeriodMs,
    });
    expect(await h.snapshot()).toMatchObject({ appId: 'app-dev', currentSessionId: 'sess_1', stale: false, error: null });
  });

  it('nextRefreshAt is in the future when the periodic alarm still reports the time it fired at', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })], clerk: (c) => c.signIn() });
    await h.engine.start();
    const sync = await h.alarm('sync:app-dev');
    // Chrome runs the handler at the alarm's time; the alarm has not moved on yet.
    h.clock.now = sync?.scheduledTime ?? 0;
    await h.engine.onAlarm('sync:app-dev');
    expect((await h.snapshot())?.nextRefreshAt).toBe(h.clock.now + SCHEDULE.syncPeriodMs);
  });

  it('honours another period from the build', async () => {
    const h = await setup({ schedule: { ...SCHEDULE, syncPeriodMs: 2 * MIN }, clerk: (c) => c.signIn() });
    await h.engine.start();
    expect((await h.alarm('sync:app-dev'))?.periodInMinutes).toBe(2);
  });

  it('start() twice neither duplicates nor resets the alarms', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    const first = await fakeBrowser.alarms.getAll();
    h.advance(10 * SEC);
    await h.engine.start();
    await h.engine.reconcile();
    const second = await fakeBrowser.alarms.getAll();
    expect(second.map((a) => a.name).sort()).toEqual(['mint:app-dev', 'sync:app-dev']);
    expect(second).toHaveLength(first.length);
    for (const alarm of first) expect(second.find((a) => a.name === alarm.name)?.scheduledTime).toBe(alarm.scheduledTime);
  });

  it('a new engine after the alarms were lost (worker restart, update) re-creates them', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    await fakeBrowser.alarms.clearAll();
    h.advance(40 * SEC);
    h.restart();
    await h.engine.reconcile();
    expect(await h.alarm('sync:app-dev')).toMatchObject({ scheduledTime: h.clock.now + SCHEDULE.syncPeriodMs });
    await h.engine.start();
    expect(await h.alarmNames()).toEqual(['mint:app-dev', 'sync:app-dev']);
  });

  it('the alarms and snapshot of a removed app are cleared; other apps keep theirs', async () => {
    const other = testApp({ id: 'app-stg', label: 'staging' });
    const h = await setup({ apps: [testApp(), other], clerk: (c) => c.signIn() });
    await h.engine.start();
    expect(await h.alarmNames()).toEqual(['mint:app-dev', 'mint:app-stg', 'sync:app-dev', 'sync:app-stg']);
    await appsItem.setValue([other]);
    await h.engine.reconcile();
    expect(await h.alarmNames()).toEqual(['mint:app-stg', 'sync:app-stg']);
    expect(await snapshotItem('app-dev').getValue()).toBeNull();
    expect(await snapshotItem('app-stg').getValue()).not.toBeNull();
  });

  it('an alarm for an app that no longer exists forgets it without a request', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    await engineStateItem('app-dev').setValue({
      consecutiveFailures: 2,
      notBefore: null,
      notifiedForSessionEnd: null,
      mintFailures: 0,
      mintNotBefore: null,
    });
    await appsItem.setValue([]);
    const reads = h.clerk.counts.readClient;
    await h.engine.onAlarm('sync:app-dev');
    expect(h.clerk.counts.readClient).toBe(reads);
    expect(await h.alarmNames()).toEqual([]);
    expect(await h.snapshot()).toBeNull();
    expect((await h.state()).consecutiveFailures).toBe(0);
  });

  it('keep-alive schedules mint:<id> at exp − lead', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    const snap = await h.snapshot();
    // Token times are server time; the Date header has one-second resolution.
    const offset = snap?.clockOffsetMs ?? Number.NaN;
    expect(Math.abs(offset)).toBeLessThanOrEqual(1000);
    const exp = (snap?.token?.expiresAt ?? 0) - offset;
    expect(snap?.token?.mintedBy).toBe('extension');
    expect((await h.alarm('mint:app-dev'))?.scheduledTime).toBe(exp - SCHEDULE.mintLeadMs);
    expect(snap?.nextRefreshAt).toBe(Math.min(exp - SCHEDULE.mintLeadMs, h.clock.now + SCHEDULE.syncPeriodMs));
  });

  it('keep-alive: the mint alarm is converted from server time with the clock offset', async () => {
    const h = await setup({
      clerk: (c) => {
        c.serverOffsetMs = 120 * SEC;
        c.signIn();
      },
    });
    h.advance(500); // the middle of a second: the Date header then gives the offset exactly
    await h.engine.start();
    const snap = await h.snapshot();
    expect(snap?.clockOffsetMs).toBe(120 * SEC);
    const expLocal = (snap?.token?.expiresAt ?? 0) - 120 * SEC;
    expect((await h.alarm('mint:app-dev'))?.scheduledTime).toBe(expLocal - SCHEDULE.mintLeadMs);
  });

  it('keep-alive respects the minimum alarm delay for short tokens', async () => {
    const h = await setup({
      clerk: (c) => {
        c.tokenLifetimeSeconds = 20;
        c.signIn();
      },
    });
    await h.engine.start();
    expect((await h.alarm('mint:app-dev'))?.scheduledTime).toBe(h.clock.now + SCHEDULE.minAlarmMs);
  });

  it('observe mode never has a mint alarm, also after switching from keep-alive', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })], clerk: (c) => c.signIn() });
    await h.engine.start();
    expect(await h.alarmNames()).toEqual(['sync:app-dev']);
    await h.runAlarmsUntil(h.clock.now + 5 * MIN);
    expect(await h.alarmNames()).toEqual(['sync:app-dev']);

    await h.engine.setMode('app-dev', 'keep-alive');
    expect(await h.alarmNames()).toEqual(['mint:app-dev', 'sync:app-dev']);
    await h.engine.setMode('app-dev', 'observe');
    expect(await h.alarmNames()).toEqual(['sync:app-dev']);
    expect((await h.snapshot())?.mode).toBe('observe');
  });

  it('signed out: no mint alarm in keep-alive either', async () => {
    const h = await setup();
    await h.engine.start();
    expect(await h.alarmNames()).toEqual(['sync:app-dev']);
    expect(h.clerk.counts.mintToken).toBe(0);
  });
});
