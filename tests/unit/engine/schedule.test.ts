import { describe, expect, it } from 'vitest';
import {
  alarmName,
  backoffMs,
  DEFAULT_SCHEDULE,
  mintDue,
  mintLead,
  nextMintAt,
  parseAlarmName,
  scheduleFromBuild,
} from '../../../lib/engine/schedule';

const config = { minAlarmMs: 30_000, syncPeriodMs: 30_000, mintLeadMs: 5_000 };
const NOW = 1_000_000;

describe('alarm names', () => {
  it.each([
    ['sync', 'app-1', 'sync:app-1'],
    ['mint', 'app-1', 'mint:app-1'],
    ['sync', 'app:with:colons', 'sync:app:with:colons'],
  ] as const)('%s + %s round-trips as %s', (kind, appId, name) => {
    expect(alarmName(kind, appId)).toBe(name);
    expect(parseAlarmName(name)).toEqual({ kind, appId });
  });

  it.each(['tick', 'sync:', 'other:app-1', 'SYNC:app-1', ''])('"%s" is not an engine alarm', (name) => {
    expect(parseAlarmName(name)).toBeNull();
  });
});

describe('nextMintAt', () => {
  it.each([
    // [token expires (local) relative to now, expected mint time relative to now]
    ['a 60 s token: exp - lead', 60_000, 55_000],
    ['exactly at the floor', 35_000, 30_000],
    ['1 ms under the floor is raised to it', 34_999, 30_000],
    ['already expired: the floor', -10_000, 30_000],
    ['a long token: exp - lead', 3_600_000, 3_595_000],
  ])('%s', (_, expiresIn, mintIn) => {
    expect(nextMintAt(NOW + expiresIn, NOW, config)).toBe(NOW + mintIn);
  });

  it('honours a lower floor (unpacked test builds)', () => {
    expect(nextMintAt(NOW + 8_000, NOW, { ...config, minAlarmMs: 1_000 })).toBe(NOW + 3_000);
  });
});

describe('mintLead', () => {
  it.each([
    ['unknown lifetime: the configured lead', undefined, 5_000],
    ['60 s token: the configured lead', 60_000, 5_000],
    ['20 s token: exactly a quarter', 20_000, 5_000],
    ['8 s token: a quarter of it', 8_000, 2_000],
  ])('%s', (_, lifetime, lead) => {
    expect(mintLead(config, lifetime)).toBe(lead);
  });

  it('short tokens move the mint time and the due test with them', () => {
    const fast = { ...config, minAlarmMs: 1_000 };
    expect(nextMintAt(NOW + 8_000, NOW, fast, 8_000)).toBe(NOW + 6_000);
    expect(mintDue(NOW + 3_001, NOW, config, 8_000)).toBe(false);
    expect(mintDue(NOW + 3_000, NOW, config, 8_000)).toBe(true);
  });
});

describe('mintDue', () => {
  it.each([
    ['no token yet', null, true],
    ['expires well after lead + jitter', 6_001, false],
    ['exactly lead + 1 s jitter', 6_000, true],
    ['inside the lead', 4_000, true],
    ['already expired', -1, true],
    ['a fresh 60 s token', 60_000, false],
  ])('%s', (_, expiresIn, due) => {
    expect(mintDue(expiresIn === null ? null : NOW + expiresIn, NOW, config)).toBe(due);
  });
});

describe('backoffMs', () => {
  it.each([
    [0, undefined, 5_000],
    [1, undefined, 5_000],
    [2, undefined, 10_000],
    [3, undefined, 20_000],
    [7, undefined, 300_000],
    [8, undefined, 300_000],
    [50, undefined, 300_000],
    [1, 60_000, 60_000],
    [1, 1_000, 5_000],
    // Retry-after is clamped to the backoff maximum (issue 11, item 12): a year-long retry-after
    // must not stop keep-alive for a year.
    [8, 600_000, 300_000],
    [1, 31_536_000_000, 300_000],
    [1, Number.POSITIVE_INFINITY, 300_000],
    [1, Number.NaN, 5_000],
    [1, -5_000, 5_000],
  ])('after %i failures with retry-after %s → %i ms', (failures, retryAfter, expected) => {
    expect(backoffMs(failures, retryAfter)).toBe(expected);
  });
});

describe('scheduleFromBuild', () => {
  it('defaults match Chrome’s 30 s floor for packed extensions', () => {
    expect(scheduleFromBuild(30, 30)).toEqual(DEFAULT_SCHEDULE);
  });
  it('never syncs more often than the floor allows', () => {
    expect(scheduleFromBuild(30, 10)).toMatchObject({ minAlarmMs: 30_000, syncPeriodMs: 30_000 });
    expect(scheduleFromBuild(1, 5)).toMatchObject({ minAlarmMs: 1_000, syncPeriodMs: 5_000 });
  });
});
