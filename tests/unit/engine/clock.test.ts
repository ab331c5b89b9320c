import { describe, expect, it } from 'vitest';
import { estimateClockOffset } from '../../../lib/engine/clock';

describe('estimateClockOffset', () => {
  it('no samples: no estimate', () => {
    expect(estimateClockOffset([])).toBeNull();
  });

  it('one Date header: the middle of its second, within ±500 ms', () => {
    // Server second 10:00:00 seen at local 09:58:00.300 with no latency: true offset ∈ [119.7 s, 120.7 s).
    const offset = estimateClockOffset([{ serverSecondMs: 120_000, localMidpoint: 300, latencyMs: 0 }]);
    expect(offset).toBe(120_200);
  });

  it('a second sample (a fresh token iat) narrows the interval', () => {
    // True offset 120 900 ms. Date seen at local 0 → second 120 000 ([120.0, 121.0));
    // iat seen at local 600 → server 121 500 → second 121 000 ([120.4, 121.4)).
    const offset = estimateClockOffset([
      { serverSecondMs: 120_000, localMidpoint: 0, latencyMs: 0 },
      { serverSecondMs: 121_000, localMidpoint: 600, latencyMs: 0 },
    ]);
    expect(offset).toBe(120_700);
    expect(Math.abs((offset ?? 0) - 120_900)).toBeLessThan(500);
  });

  it('latency widens the interval', () => {
    expect(estimateClockOffset([{ serverSecondMs: 0, localMidpoint: 0, latencyMs: 400 }])).toBe(500);
    expect(estimateClockOffset([{ serverSecondMs: 0, localMidpoint: 100, latencyMs: 400 }])).toBe(400);
  });

  it('samples that contradict each other (the clock jumped) fall back to the newest', () => {
    const offset = estimateClockOffset([
      { serverSecondMs: 0, localMidpoint: 0, latencyMs: 0 },
      { serverSecondMs: 60_000, localMidpoint: 1_000, latencyMs: 0 },
    ]);
    expect(offset).toBe(59_500);
  });
});
