/**
 * Order statistics for the benchmark, pure: median, p95 (nearest rank), and the summary of a
 * measurement taken in interleaved rounds (the median of each round and their spread), which is
 * how a reader tells a change from noise on a shared machine.
 */

export interface Stats {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** p95 is the nearest-rank value (the smallest sample with at least 95 % of samples at or below it). */
export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { n: 0, median: Number.NaN, p95: Number.NaN, min: Number.NaN, max: Number.NaN };
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
  const mid = sorted.length / 2;
  // The mean of the middle two is kept to 0.1 (samples are 0.1 ms or whole ms).
  const median =
    sorted.length % 2
      ? (sorted[(sorted.length - 1) / 2] as number)
      : round(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2, 1);
  return { n: sorted.length, median, p95: at(0.95), min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

export interface RoundsSummary {
  /** Per round, in the order they ran. */
  rounds: Stats[];
  /** Every sample of every round together. */
  overall: Stats;
  /** max − min of the round medians. */
  spreadMs: number;
  /** spreadMs in % of the overall median. */
  spreadPct: number;
}

export function roundsSummary(samplesPerRound: number[][]): RoundsSummary {
  const rounds = samplesPerRound.map(stats);
  const overall = stats(samplesPerRound.flat());
  const medians = rounds.map((r) => r.median);
  const spreadMs = medians.length ? Math.max(...medians) - Math.min(...medians) : Number.NaN;
  return {
    rounds,
    overall,
    spreadMs: round(spreadMs, 1),
    spreadPct: overall.median > 0 ? round((100 * spreadMs) / overall.median, 1) : Number.NaN,
  };
}

/** a / b rounded to 2 digits; NaN when either is missing or b is 0. */
export function ratio(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return Number.NaN;
  return round(a / b, 2);
}
