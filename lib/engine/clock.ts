/**
 * The server clock offset (server minus local, ms), so countdowns follow Clerk's clock even when
 * this computer's clock is off. Pure.
 *
 * Each sample is a server time with one-second resolution, truncated (the `Date` header of an
 * answer; the `iat` of a token minted by that request), seen at a local moment (the middle of the
 * request). The true offset then lies in [second − local, second + 1 s − local), widened by half
 * the request's latency. Intersecting the samples' intervals narrows it; the estimate is the
 * middle. Samples that disagree (a clock jump between them) fall back to the newest one.
 *
 * A sample whose server time is implausible (`Date: Thu, 01 Jan 1970`, a seconds-for-ms `iat`) is
 * ignored: it would shift every countdown by decades. The local clock is not judged: a computer
 * whose clock is years off is exactly what the offset corrects.
 */

import { isPlausibleServerMs } from '../time-sanity';

export interface ClockSample {
  serverSecondMs: number;
  localMidpoint: number;
  latencyMs: number;
}

/** The range of a JS Date (±8.64e15 ms): beyond it a "local time" is no time at all. */
const MAX_DATE_MS = 8.64e15;
/** A latency longer than this says nothing about the server's second. */
const MAX_LATENCY_MS = 10 * 60_000;

function usable(s: ClockSample): boolean {
  return (
    isPlausibleServerMs(s.serverSecondMs) &&
    Number.isFinite(s.localMidpoint) &&
    Math.abs(s.localMidpoint) <= MAX_DATE_MS &&
    Number.isFinite(s.latencyMs) &&
    s.latencyMs >= 0 &&
    s.latencyMs <= MAX_LATENCY_MS
  );
}

export function estimateClockOffset(all: ClockSample[]): number | null {
  const samples = all.filter(usable);
  if (samples.length === 0) return null;
  let lower = Number.NEGATIVE_INFINITY;
  let upper = Number.POSITIVE_INFINITY;
  for (const s of samples) {
    const slack = s.latencyMs / 2;
    lower = Math.max(lower, s.serverSecondMs - s.localMidpoint - slack);
    upper = Math.min(upper, s.serverSecondMs + 1000 - s.localMidpoint + slack);
  }
  if (lower > upper) {
    const newest = samples.reduce((a, b) => (b.localMidpoint > a.localMidpoint ? b : a));
    return Math.round(newest.serverSecondMs + 500 - newest.localMidpoint);
  }
  // lower + half the width: (lower + upper) / 2 could overflow for extreme inputs.
  return Math.round(lower + (upper - lower) / 2);
}

/** A sync's samples: its read's `Date` header and the `iat` of the token it minted, if any. */
export function syncClockSamples(
  read: { serverDateMs: number | null; localMidpoint: number; latencyMs: number },
  mint: { localMidpoint: number; latencyMs: number } | null,
  mintedIat: unknown,
): ClockSample[] {
  const samples: ClockSample[] = [];
  if (read.serverDateMs !== null)
    samples.push({ serverSecondMs: read.serverDateMs, localMidpoint: read.localMidpoint, latencyMs: read.latencyMs });
  if (mint && typeof mintedIat === 'number')
    samples.push({ serverSecondMs: mintedIat * 1000, localMidpoint: mint.localMidpoint, latencyMs: mint.latencyMs });
  return samples;
}
