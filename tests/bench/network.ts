/**
 * Network cost from the emulator's request log, pure: requests per category and per minute over
 * the window, the gaps between two client reads, and the "token lapse" check of keep-alive
 * (each extension mint must land before the token it replaces expires).
 */
import type { RequestLogEntry } from '../emulator/traffic';
import { round } from './stats';

export type Category = 'token' | 'touch' | 'client' | 'environment' | 'other';

export function categorize(entry: Pick<RequestLogEntry, 'path' | 'method'>): Category {
  if (/\/tokens(\/[^/]+)?$/.test(entry.path)) return 'token';
  if (entry.path.endsWith('/touch')) return 'touch';
  if (entry.path === '/v1/client' && entry.method === 'GET') return 'client';
  if (entry.path === '/v1/environment') return 'environment';
  return 'other';
}

export interface Traffic {
  total: number;
  byCategory: Record<Category, number>;
  perMinute: { total: number; token: number; touch: number; client: number };
  /** `METHOD path` (session ids replaced by {sid}) → count. */
  paths: Record<string, number>;
}

export function traffic(entries: Array<Pick<RequestLogEntry, 'path' | 'method'>>, windowMs: number): Traffic {
  const byCategory: Record<Category, number> = { token: 0, touch: 0, client: 0, environment: 0, other: 0 };
  const paths: Record<string, number> = {};
  for (const entry of entries) {
    byCategory[categorize(entry)]++;
    const key = `${entry.method} ${entry.path.replace(/sess_[A-Za-z0-9]+/, '{sid}')}`;
    paths[key] = (paths[key] ?? 0) + 1;
  }
  const perMin = (n: number) => round((n * 60_000) / windowMs, 2);
  return {
    total: entries.length,
    byCategory,
    perMinute: {
      total: perMin(entries.length),
      token: perMin(byCategory.token),
      touch: perMin(byCategory.touch),
      client: perMin(byCategory.client),
    },
    paths,
  };
}

/** Server time of a log entry (the instance's clock); the wall clock when the instance was unknown. */
export function serverTimeOf(entry: Pick<RequestLogEntry, 'serverTime' | 'at'>): number {
  return entry.serverTime ?? Date.parse(entry.at);
}

export const inWindow = (entry: Pick<RequestLogEntry, 'at'>, from: number, to: number): boolean => {
  const at = Date.parse(entry.at);
  return at >= from && at < to;
};

export interface ReadGaps {
  /** Client reads the gaps were taken over (the last read before the window, if any, included). */
  reads: number;
  minS: number;
  maxS: number;
}

/**
 * Gaps between consecutive extension `GET /v1/client` reads. The last read before the window is
 * included as the first anchor, so a policy that reads once in five minutes still shows its gap.
 * Null with fewer than two reads.
 */
export function clientReadGaps(extensionEntries: RequestLogEntry[], from: number, to: number): ReadGaps | null {
  const reads = extensionEntries
    .filter((e) => categorize(e) === 'client')
    .map((e) => Date.parse(e.at))
    .sort((a, b) => a - b);
  const before = reads.filter((t) => t < from).at(-1);
  const times = [...(before === undefined ? [] : [before]), ...reads.filter((t) => t >= from && t < to)];
  if (times.length < 2) return null;
  const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
  return { reads: times.length, minS: round(Math.min(...gaps) / 1000, 1), maxS: round(Math.max(...gaps) / 1000, 1) };
}

export interface MintCheck {
  /** Extension mints in the window that had a predecessor token in the log. */
  mints: number;
  /** Of those, mints that arrived at or after the previous token's exp. */
  lapses: number;
  /** Smallest (previous exp − mint arrival) in s; negative = a lapse. Null without mints. */
  minMarginS: number | null;
}

/**
 * The token-lapse check from the request log. Why the log and not the snapshot history: the log
 * holds every successful mint of the session in the server's clock (the extension's and the app
 * tab's, which matter as predecessors), while the snapshot is only sampled every 2 s and holds
 * just the extension's current token. The log does not carry the JWT, so the previous token's
 * `exp` is derived with the emulator's own rule (tests/emulator/tokens.ts):
 * exp = floor((mint time + token lifetime) / 1 s). The log stamps a request on arrival, a few ms
 * before the token is signed, so the derived exp can be up to 1 s early when signing crosses a
 * second boundary: the check may report a lapse that did not happen, never miss one.
 * Only `POST …/tokens` without a template counts (the session token).
 */
export function mintCheck(allEntries: RequestLogEntry[], from: number, to: number, tokenLifetimeMs: number): MintCheck {
  const mints = allEntries
    .filter((e) => e.status === 200 && e.method === 'POST' && /\/sessions\/[^/]+\/tokens$/.test(e.path))
    .sort((a, b) => a.seq - b.seq);
  let count = 0;
  let lapses = 0;
  let minMargin: number | null = null;
  for (let i = 1; i < mints.length; i++) {
    const mint = mints[i] as RequestLogEntry;
    if (mint.source !== 'extension' || !inWindow(mint, from, to)) continue;
    const previousExp = Math.floor((serverTimeOf(mints[i - 1] as RequestLogEntry) + tokenLifetimeMs) / 1000) * 1000;
    const margin = previousExp - serverTimeOf(mint);
    count++;
    if (margin <= 0) lapses++;
    minMargin = minMargin === null ? margin : Math.min(minMargin, margin);
  }
  return { mints: count, lapses, minMarginS: minMargin === null ? null : round(minMargin / 1000, 1) };
}
