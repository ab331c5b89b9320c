/**
 * The bench's order statistics (tests/bench/stats.ts) and the popup summary built on them
 * (tests/bench/popup-rounds.ts): per-round medians, spread, ratios of the same run.
 */
import { describe, expect, it } from 'vitest';
import { PAGE_KEYS, type PageKey, type PageSamples, pairedRatios, summarizePopup } from '../../bench/popup-rounds';
import { ratio, roundsSummary, stats } from '../../bench/stats';

describe('stats', () => {
  it('median of an even count is the mean of the middle two; p95 is the nearest rank', () => {
    const s = stats([5, 1, 4, 2, 3, 6]);
    expect(s).toEqual({ n: 6, median: 3.5, p95: 6, min: 1, max: 6 });
    expect(stats(Array.from({ length: 20 }, (_, i) => i + 1)).p95).toBe(19);
    expect(stats([]).n).toBe(0);
  });
});

describe('roundsSummary', () => {
  it('spread is max − min of the round medians, in ms and in % of the overall median', () => {
    const s = roundsSummary([
      [100, 110, 120],
      [90, 100, 105],
      [110, 130, 140],
    ]);
    expect(s.rounds.map((r) => r.median)).toEqual([110, 100, 130]);
    expect(s.overall.median).toBe(110);
    expect(s.spreadMs).toBe(30);
    expect(s.spreadPct).toBe(27.3);
  });
});

describe('ratio and summarizePopup', () => {
  it('ratios are of the overall medians of the same run', () => {
    const per = (base: number): PageSamples => ({
      ttdMs: [
        [base, base + 2],
        [base + 1, base + 3],
        [base - 1, base + 1],
      ],
      wallMs: [[base], [base], [base]],
    });
    const base: Record<PageKey, number> = { ours: 60, static: 50, baseline: 150, 'baseline+100': 300, 'baseline+300': 700 };
    const samples = Object.fromEntries(PAGE_KEYS.map((k) => [k, per(base[k])])) as Record<PageKey, PageSamples>;
    const s = summarizePopup(samples);
    expect(s.ttd.ours.overall.median).toBe(61);
    expect(s.ratios.oursOverStatic).toBe(ratio(61, 51));
    expect(s.ratios.baseline300OverOurs).toBe(ratio(701, 61));
    expect(ratio(1, 0)).toBeNaN();
  });
});

describe('paired ratios (issue 22: immune to a slow phase of the machine)', () => {
  it('a slow phase that hits both pages of the same steps leaves the paired ratio at the true cost; medians of all samples drift', () => {
    // Ours costs 1.1x the static page. Steps 0-4 run fast, steps 5-9 on a loaded machine (3x).
    // The loaded phase falls on more of the static page's samples than of ours (a page can be
    // missing from a step, as when an open failed), which moves the ratio of medians.
    const fast = [50, 51, 49, 50, 52];
    const ours = [[...fast.map((x) => x * 1.1), ...fast.slice(0, 2).map((x) => x * 3 * 1.1)]];
    const stat = [[...fast, ...fast.map((x) => x * 3)]];
    const paired = pairedRatios(ours, stat);
    expect(paired).toHaveLength(7);
    for (const r of paired) expect(r).toBeCloseTo(1.1, 5);
    const samples = Object.fromEntries(PAGE_KEYS.map((k) => [k, { ttdMs: k === 'ours' ? ours : stat, wallMs: [[1]] }])) as Record<
      PageKey,
      PageSamples
    >;
    const s = summarizePopup(samples);
    expect(s.ratios.oursOverStaticPaired).toBe(1.1);
    expect(s.ratios.oursOverStatic).toBeLessThan(1);
    expect(s.ratios.oursOverStaticMin).toBe(ratio(49 * 1.1, 49));
  });

  it('pairs only steps both pages have', () => {
    expect(pairedRatios([[10, 20], [30]], [[5], [10, 99]])).toEqual([2, 3]);
  });
});
