/**
 * Property tests (fast-check) for the clock estimate and the lifetime inference: for any
 * samples or sessions, no throw, and every number they produce is finite and in range.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateClockOffset } from '../../../lib/engine/clock';
import { inferLifetimes, type Lifetimes } from '../../../lib/engine/lifetime-inference';
import type { LifetimeSetting, SessionRecord } from '../../../lib/snapshot';
import { MAX_LIFETIME_SECONDS } from '../../../lib/time-sanity';
import { T0 } from '../engine/builders';

const RUNS = { numRuns: 200 };
const anyNumber = fc.oneof(fc.double(), fc.integer({ min: T0 - 1e9, max: T0 + 1e9 }), fc.constantFrom(0, -1, 1e300, Number.NaN));

describe('estimateClockOffset, for any samples', () => {
  it('null or a finite whole number of ms', () => {
    const sample = fc.record({ serverSecondMs: anyNumber, localMidpoint: anyNumber, latencyMs: anyNumber });
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 6 }), (samples) => {
        const offset = estimateClockOffset(samples);
        expect(offset === null || (Number.isFinite(offset) && Number.isInteger(offset))).toBe(true);
      }),
      RUNS,
    );
  });

  it('consistent samples of a true offset give an estimate within a second plus half the worst latency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -3_600_000, max: 3_600_000 }),
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 600_000 }), latency: fc.integer({ min: 0, max: 2_000 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        (truth, requests) => {
          const samples = requests.map(({ at, latency }) => {
            const local = T0 + at;
            // The server stamps its second somewhere during the request.
            const server = local + truth;
            return { serverSecondMs: Math.floor(server / 1000) * 1000, localMidpoint: local, latencyMs: latency };
          });
          const offset = estimateClockOffset(samples);
          expect(offset).not.toBeNull();
          const worst = Math.max(...requests.map((r) => r.latency));
          expect(Math.abs((offset ?? 0) - truth)).toBeLessThanOrEqual(1000 + worst / 2);
        },
      ),
      RUNS,
    );
  });
});

const setting = (value: LifetimeSetting, inactivity: boolean) => {
  expect(['declared', 'inferred', 'unknown']).toContain(value.source);
  if (value.seconds === null) return;
  expect(Number.isFinite(value.seconds)).toBe(true);
  if (value.source === 'inferred') {
    expect(Number.isInteger(value.seconds)).toBe(true);
    expect(value.seconds).toBeGreaterThanOrEqual(inactivity ? 0 : 1);
    expect(value.seconds).toBeLessThanOrEqual(MAX_LIFETIME_SECONDS);
  }
};

describe('inferLifetimes, for any pair of sessions and carried settings', () => {
  const record = fc.record({
    id: fc.constantFrom('sess_1', 'sess_2'),
    createdAt: anyNumber,
    lastActiveAt: anyNumber,
    expireAt: anyNumber,
  });
  const toSession = (r: { id: string; createdAt: number; lastActiveAt: number; expireAt: number }): SessionRecord => ({
    ...r,
    status: 'active',
    user: { id: 'user_1', name: null, email: null, imageUrl: null },
    updatedAt: r.lastActiveAt,
    abandonAt: r.expireAt,
    lastActiveTokenIssuedAt: null,
  });
  const carriedSetting: fc.Arbitrary<LifetimeSetting> = fc.record({
    seconds: fc.oneof(fc.constant(null), anyNumber),
    source: fc.constantFrom('declared', 'inferred', 'unknown') as fc.Arbitrary<LifetimeSetting['source']>,
  });
  const carried: fc.Arbitrary<Lifetimes | null> = fc.option(
    fc.record({ inactivityTimeout: carriedSetting, maximumLifetime: carriedSetting }),
    { nil: null },
  );

  it('never throws; an inferred value is whole seconds in range (0 only as the inactivity "off")', () => {
    fc.assert(
      fc.property(fc.option(record, { nil: null }), fc.option(record, { nil: null }), carried, (a, b, c) => {
        const result = inferLifetimes(a && toSession(a), b && toSession(b), c, {
          inactivityTimeoutSeconds: null,
          maximumLifetimeSeconds: null,
        });
        setting(result.inactivityTimeout, true);
        setting(result.maximumLifetime, false);
      }),
      RUNS,
    );
  });

  it('activity that moves expire_at by the same amount infers that inactivity timeout', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 86_400 }), fc.integer({ min: 5_000, max: 600_000 }), (timeout, activity) => {
        const first = toSession({ id: 'sess_1', createdAt: T0, lastActiveAt: T0 + 1_000, expireAt: T0 + 1_000 + timeout * 1000 });
        const next = { ...first, lastActiveAt: first.lastActiveAt + activity, expireAt: first.expireAt + activity };
        const result = inferLifetimes(first, next, null, { inactivityTimeoutSeconds: null, maximumLifetimeSeconds: null });
        expect(result.inactivityTimeout).toEqual({ seconds: timeout, source: 'inferred' });
      }),
      RUNS,
    );
  });
});
