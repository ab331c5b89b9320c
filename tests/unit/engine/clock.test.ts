import { describe, expect, it } from 'vitest';
import { estimateClockOffset } from '../../../lib/engine/clock';

/** Samples are placed in 2026: server times before Clerk existed are ignored (see below). */
const B = Date.UTC(2026, 0, 1);

describe('estimateClockOffset', () => {
  it('no samples: no estimate', () => {
    expect(estimateClockOffset([])).toBeNull();
  });

  it('one Date header: the middle of its second, within ±500 ms', () => {
    // Server second 10:00:00 seen at local 09:58:00.300 with no latency: true offset ∈ [119.7 s, 120.7 s).
    const offset = estimateClockOffset([{ serverSecondMs: B + 120_000, localMidpoint: B + 300, latencyMs: 0 }]);
    expect(offset).toBe(120_200);
  });

  it('a second sample (a fresh token iat) narrows the interval', () => {
    // True offset 120 900 ms. Date seen at local 0 → second 120 000 ([120.0, 121.0));
    // iat seen at local 600 → server 121 500 → second 121 000 ([120.4, 121.4)).
    const offset = estimateClockOffset([
      { serverSecondMs: B + 120_000, localMidpoint: B, latencyMs: 0 },
      { serverSecondMs: B + 121_000, localMidpoint: B + 600, latencyMs: 0 },
    ]);
    expect(offset).toBe(120_700);
    expect(Math.abs((offset ?? 0) - 120_900)).toBeLessThan(500);
  });

  it('latency widens the interval', () => {
    expect(estimateClockOffset([{ serverSecondMs: B, localMidpoint: B, latencyMs: 400 }])).toBe(500);
    expect(estimateClockOffset([{ serverSecondMs: B, localMidpoint: B + 100, latencyMs: 400 }])).toBe(400);
  });

  it('samples that contradict each other (the clock jumped) fall back to the newest', () => {
    const offset = estimateClockOffset([
      { serverSecondMs: B, localMidpoint: B, latencyMs: 0 },
      { serverSecondMs: B + 60_000, localMidpoint: B + 1_000, latencyMs: 0 },
    ]);
    expect(offset).toBe(59_500);
  });

  // Issue 11, item 15. T is a plausible server second (2026).
  const T = Date.UTC(2026, 4, 12, 10, 0, 0);
  it.each([
    ['Date: 1970', 0],
    ['a negative server time', -120_000],
    ['a seconds-for-ms mix-up', Math.floor(T / 1000)],
    ['year 2300', Date.UTC(2300, 0, 1)],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('a sample with %s is ignored', (_, serverSecondMs) => {
    expect(estimateClockOffset([{ serverSecondMs, localMidpoint: T, latencyMs: 0 }])).toBeNull();
    // Beside a good sample, it changes nothing.
    expect(
      estimateClockOffset([
        { serverSecondMs: T, localMidpoint: T - 60_000, latencyMs: 0 },
        { serverSecondMs, localMidpoint: T - 59_000, latencyMs: 0 },
      ]),
    ).toBe(60_500);
  });

  it('a local clock stuck in 1970 is not a reason to distrust a good server time', () => {
    expect(estimateClockOffset([{ serverSecondMs: T, localMidpoint: 1000, latencyMs: 0 }])).toBe(T - 500);
  });

  it('a sample with a non-finite local time or latency is ignored', () => {
    expect(estimateClockOffset([{ serverSecondMs: T, localMidpoint: Number.NaN, latencyMs: 0 }])).toBeNull();
    expect(estimateClockOffset([{ serverSecondMs: T, localMidpoint: T, latencyMs: Number.POSITIVE_INFINITY }])).toBeNull();
    expect(estimateClockOffset([{ serverSecondMs: T, localMidpoint: T, latencyMs: -5 }])).toBeNull();
  });
});
