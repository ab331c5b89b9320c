/**
 * The clock-skew meter: how far the Frontend API's clock is from this browser's, from the `Date`
 * header of Frontend API answers and the `iat` of tokens they minted (both one-second
 * resolution), through the engine's one estimator (lib/engine/clock.ts). A backend on this
 * machine's clock refuses Clerk's tokens once the skew passes Clerk's 5 s allowance
 * (`clockSkewInMs`, default 5000 in @clerk/backend): the meter warns from 3 s on. Pure.
 */
import { type ClockSample, estimateClockOffset } from '../engine/clock';
import type { TrafficRow } from './classify';

/** @clerk/backend's default `clockSkewInMs`. */
export const CLERK_SKEW_ALLOWANCE_MS = 5000;
/** Warn before it breaks: the estimate is ±0.5 s and clocks drift. */
export const SKEW_WARN_MS = 3000;

export type SkewLevel = 'ok' | 'warn' | 'breaks';

export interface SkewReading {
  /** Server minus local, ms (positive: Clerk's clock is ahead of this computer's). */
  offsetMs: number;
  samples: number;
  level: SkewLevel;
}

export function skewSamples(rows: readonly TrafficRow[]): ClockSample[] {
  const samples: ClockSample[] = [];
  for (const row of rows) {
    const latencyMs = Math.max(0, row.endedAt - row.at);
    const localMidpoint = row.at + latencyMs / 2;
    if (row.serverDate !== null) samples.push({ serverSecondMs: row.serverDate, localMidpoint, latencyMs });
    // A token minted by this very request: its iat is the server's second while it answered.
    if (row.kind === 'tokens' && row.token?.from === 'response' && row.token.iat !== null)
      samples.push({ serverSecondMs: row.token.iat * 1000, localMidpoint, latencyMs });
  }
  return samples;
}

export function skewLevel(offsetMs: number): SkewLevel {
  const size = Math.abs(offsetMs);
  if (size > CLERK_SKEW_ALLOWANCE_MS) return 'breaks';
  if (size >= SKEW_WARN_MS) return 'warn';
  return 'ok';
}

/** The newest samples only: a clock fixed during the session should show as fixed. */
export function measureSkew(rows: readonly TrafficRow[], newest = 20): SkewReading | null {
  const samples = skewSamples(rows).slice(-newest);
  const offsetMs = estimateClockOffset(samples);
  if (offsetMs === null) return null;
  return { offsetMs, samples: samples.length, level: skewLevel(offsetMs) };
}

export function describeSkew(reading: SkewReading): string {
  const seconds = (Math.abs(reading.offsetMs) / 1000).toFixed(1);
  const direction = reading.offsetMs >= 0 ? 'ahead of' : 'behind';
  return `Clerk’s clock is ${seconds} s ${direction} this computer’s`;
}
