/**
 * The cells of the bench's three main tables (popup rounds, network worlds, proof of truth), once:
 * the console report (report.ts) and the README tables (readme-table.ts) lay the same cells out as
 * text or Markdown, so the two can never disagree on what a figure means.
 */
import { ms, num, pct } from './format';
import type { NetworkWorld } from './results';
import type { RoundsSummary } from './stats';
import type { TruthSummary } from './truth';

export const popupHeads = (rounds: number): string[] => [
  ...Array.from({ length: rounds }, (_, i) => `round ${i + 1} median`),
  'median',
  'min',
  'p95',
  'spread of round medians',
];

export const popupCells = (s: RoundsSummary): string[] => [
  ...s.rounds.map((x) => ms(x.median)),
  ms(s.overall.median),
  ms(s.overall.min),
  ms(s.overall.p95),
  `${ms(s.spreadMs)} (${pct(s.spreadPct)})`,
];

export const NETWORK_HEADS = [
  'total/min',
  'tokens/min',
  '`GET /v1/client`/min',
  'touch/min',
  'env',
  'other',
  'sync / mint alarms',
  'client-read gap min / max',
  'app tab req/min',
];

export const networkCells = (w: NetworkWorld): string[] => [
  num(w.extension.perMinute.total, 2),
  num(w.extension.perMinute.token, 2),
  num(w.extension.perMinute.client, 2),
  num(w.extension.perMinute.touch, 2),
  String(w.extension.byCategory.environment),
  String(w.extension.byCategory.other),
  `${w.syncAlarms} / ${w.mintAlarms}`,
  w.clientReadGaps ? `${num(w.clientReadGaps.minS, 1)} / ${num(w.clientReadGaps.maxS, 1)} s` : '–',
  w.appTabTraffic ? num(w.appTabTraffic.perMinute.total, 2) : '',
];

export const TRUTH_HEADS = [
  'samples',
  'max / p95 deviation',
  'max Δ lastActive / expire / abandon',
  'within 2 s',
  'longest out',
  'token lapses',
  'status / current / ids mismatches',
];

export const truthCells = (s: TruthSummary): string[] => [
  String(s.samples),
  `${num(s.maxDeviationS, 2)} / ${num(s.p95DeviationS, 2)} s`,
  `${num(s.perField.lastActiveAt.maxS, 2)} / ${num(s.perField.expireAt.maxS, 2)} / ${num(s.perField.abandonAt.maxS, 2)} s`,
  pct(s.withinPct, 1),
  s.longestOutS === undefined || s.longestOutS === null ? '–' : `${num(s.longestOutS, 1)} s`,
  s.lapses === null ? 'n/a' : String(s.lapses),
  `${s.statusMismatches} / ${s.currentMismatches} / ${s.idMismatches}`,
];
