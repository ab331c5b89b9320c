import { describe, expect, it } from 'vitest';
import { inferLifetimes, type Lifetimes } from '../../../lib/engine/lifetime-inference';
import type { SessionRecord } from '../../../lib/snapshot';
import { DAY, HOUR, MIN, SEC, sessionRecord, T0 } from './builders';

const NONE = { inactivityTimeoutSeconds: null, maximumLifetimeSeconds: null };
const created = T0 - 2 * HOUR;

/** A session following expire_at = min(created + max, last_active + inactivity). */
function at(lastActiveAt: number, inactivityMs: number | null, maxMs: number, id = 'sess_1'): SessionRecord {
  const byMax = created + maxMs;
  const expireAt = inactivityMs === null ? byMax : Math.min(byMax, lastActiveAt + inactivityMs);
  return sessionRecord({ id, createdAt: created, lastActiveAt, updatedAt: lastActiveAt, expireAt });
}

const unknown: Lifetimes = {
  inactivityTimeout: { seconds: null, source: 'unknown' },
  maximumLifetime: { seconds: null, source: 'unknown' },
};

describe('inferLifetimes', () => {
  it('expire_at moved with activity → the inactivity timeout is on and inferred', () => {
    const result = inferLifetimes(at(T0, 30 * MIN, 7 * DAY), at(T0 + 2 * MIN, 30 * MIN, 7 * DAY), null, NONE);
    expect(result.inactivityTimeout).toEqual({ seconds: 1800, source: 'inferred' });
    expect(result.maximumLifetime).toEqual({ seconds: null, source: 'unknown' });
  });

  it('expire_at did not move → maximum lifetime inferred, inactivity "off"', () => {
    const result = inferLifetimes(at(T0, null, 7 * DAY), at(T0 + 2 * MIN, null, 7 * DAY), null, NONE);
    expect(result.maximumLifetime).toEqual({ seconds: 7 * 24 * 3600, source: 'inferred' });
    expect(result.inactivityTimeout).toEqual({ seconds: 0, source: 'inferred' });
  });

  it('a timeout inferred earlier survives once the lifetime caps expire_at', () => {
    const carried: Lifetimes = { ...unknown, inactivityTimeout: { seconds: 1800, source: 'inferred' } };
    // Near the end of a 3 h lifetime, last_active + 30 min is beyond created + 3 h: capped.
    const maxMs = 2 * HOUR + 20 * MIN;
    const result = inferLifetimes(at(T0, 30 * MIN, maxMs), at(T0 + 2 * MIN, 30 * MIN, maxMs), carried, NONE);
    expect(result.inactivityTimeout).toEqual({ seconds: 1800, source: 'inferred' });
    expect(result.maximumLifetime).toEqual({ seconds: 2 * 3600 + 20 * 60, source: 'inferred' });
  });

  it('the first-sight mint within a second of the sign-in is already evidence (both cases)', () => {
    // Sign-in at T0, the extension's mint 300 ms later.
    const on = inferLifetimes(at(T0, 15 * MIN, 7 * DAY), at(T0 + 300, 15 * MIN, 7 * DAY), null, NONE);
    expect(on.inactivityTimeout).toEqual({ seconds: 900, source: 'inferred' });
    const off = inferLifetimes(at(T0, null, 7 * DAY), at(T0 + 300, null, 7 * DAY), null, NONE);
    expect(off.maximumLifetime).toEqual({ seconds: 7 * 24 * 3600, source: 'inferred' });
    expect(off.inactivityTimeout).toEqual({ seconds: 0, source: 'inferred' });
  });

  it.each([
    ['no activity in between', at(T0, 30 * MIN, 7 * DAY), at(T0, 30 * MIN, 7 * DAY)],
    ['activity under 100 ms', at(T0, 30 * MIN, 7 * DAY), at(T0 + 60, 30 * MIN, 7 * DAY)],
    [
      'a short activity whose expire_at moved by neither 0 nor the same amount',
      at(T0, 30 * MIN, 7 * DAY),
      { ...at(T0 + 400, 30 * MIN, 7 * DAY), expireAt: T0 + 30 * MIN + 200 },
    ],
    ['a different session', at(T0, 30 * MIN, 7 * DAY), at(T0 + 2 * MIN, 30 * MIN, 7 * DAY, 'sess_2')],
    [
      'expire_at moved by a different amount',
      at(T0, 30 * MIN, 7 * DAY),
      { ...at(T0 + 2 * MIN, 30 * MIN, 7 * DAY), expireAt: T0 + 30 * MIN + 60 * SEC },
    ],
  ])('%s → nothing inferred', (_, previous, next) => {
    expect(inferLifetimes(previous, next, null, NONE)).toEqual(unknown);
  });

  it('no previous or no next session → carried values only', () => {
    const carried: Lifetimes = {
      inactivityTimeout: { seconds: 900, source: 'inferred' },
      maximumLifetime: { seconds: 86_400, source: 'inferred' },
    };
    expect(inferLifetimes(null, at(T0, 15 * MIN, DAY), carried, NONE)).toEqual(carried);
    expect(inferLifetimes(at(T0, 15 * MIN, DAY), null, carried, NONE)).toEqual(carried);
  });

  it('carries an inference across sessions (settings are per instance)', () => {
    const carried: Lifetimes = { ...unknown, inactivityTimeout: { seconds: 900, source: 'inferred' } };
    const result = inferLifetimes(null, at(T0, 15 * MIN, DAY, 'sess_new'), carried, NONE);
    expect(result.inactivityTimeout).toEqual({ seconds: 900, source: 'inferred' });
  });

  it('declared values are not carried as if inferred', () => {
    const carried: Lifetimes = {
      inactivityTimeout: { seconds: 900, source: 'declared' },
      maximumLifetime: { seconds: 86_400, source: 'declared' },
    };
    expect(inferLifetimes(null, null, carried, NONE)).toEqual(unknown);
  });

  it('declared settings override an inference (including declared off = 0)', () => {
    const result = inferLifetimes(at(T0, 30 * MIN, 7 * DAY), at(T0 + 2 * MIN, 30 * MIN, 7 * DAY), null, {
      inactivityTimeoutSeconds: 0,
      maximumLifetimeSeconds: 3600,
    });
    expect(result).toEqual({
      inactivityTimeout: { seconds: 0, source: 'declared' },
      maximumLifetime: { seconds: 3600, source: 'declared' },
    });
  });

  describe('never an inferred value ≤ 0, never an inconsistent one carried (issue 11, item 15)', () => {
    it('activity that moved expire_at equally but left it behind last_active_at infers nothing', () => {
      const previous = sessionRecord({ createdAt: created, lastActiveAt: T0, expireAt: T0 - 5 * MIN });
      const next = sessionRecord({ createdAt: created, lastActiveAt: T0 + 2 * MIN, expireAt: T0 - 3 * MIN });
      const result = inferLifetimes(previous, next, null, NONE);
      expect(result.inactivityTimeout.seconds === null || result.inactivityTimeout.seconds > 0).toBe(true);
      expect(result).toEqual(unknown);
    });

    it('an expire_at before created_at infers no maximum lifetime', () => {
      const previous = sessionRecord({ createdAt: T0, lastActiveAt: T0, expireAt: T0 - MIN });
      const next = sessionRecord({ createdAt: T0, lastActiveAt: T0 + 2 * MIN, expireAt: T0 - MIN });
      expect(inferLifetimes(previous, next, null, NONE).maximumLifetime).toEqual({ seconds: null, source: 'unknown' });
    });

    it.each([
      ['a negative timeout', { seconds: -300, source: 'inferred' as const }],
      ['NaN', { seconds: Number.NaN, source: 'inferred' as const }],
      ['a fraction of a second', { seconds: 0.2, source: 'inferred' as const }],
      ['a century', { seconds: 100 * 365 * 86_400, source: 'inferred' as const }],
    ])('a stored inactivity timeout of %s is not carried over', (_, inactivityTimeout) => {
      const carried: Lifetimes = { ...unknown, inactivityTimeout };
      expect(inferLifetimes(null, at(T0, 15 * MIN, DAY), carried, NONE).inactivityTimeout).toEqual({
        seconds: null,
        source: 'unknown',
      });
    });

    it.each([
      ['zero', 0],
      ['negative', -3600],
    ])('a stored maximum lifetime of %s is not carried over', (_, seconds) => {
      const carried: Lifetimes = { ...unknown, maximumLifetime: { seconds, source: 'inferred' } };
      expect(inferLifetimes(null, at(T0, 15 * MIN, DAY), carried, NONE).maximumLifetime).toEqual({
        seconds: null,
        source: 'unknown',
      });
    });

    it('a carried timeout the new session contradicts (expire_at beyond last_active_at + timeout) is dropped', () => {
      // Carried 5 min, but this session's expire_at is 15 min after its last activity.
      const carried: Lifetimes = {
        inactivityTimeout: { seconds: 300, source: 'inferred' },
        maximumLifetime: { seconds: HOUR / 1000, source: 'inferred' },
      };
      const result = inferLifetimes(null, at(T0, 15 * MIN, DAY, 'sess_new'), carried, NONE);
      expect(result.inactivityTimeout).toEqual({ seconds: null, source: 'unknown' });
      // And a maximum lifetime of 1 h while expire_at is more than 1 h after created_at.
      expect(result.maximumLifetime).toEqual({ seconds: null, source: 'unknown' });
    });
  });
});
