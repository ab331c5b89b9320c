/**
 * The console report of `npm run bench`, rendered from the results alone (the same object that
 * becomes bench-results/latest.json), so what is printed is what is kept.
 */
import { kb, machineLine, ms, num, textTable, times } from './format';
import { PAGE_KEYS, type PageKey } from './popup-rounds';
import type { BenchResults } from './results';
import { NETWORK_HEADS, networkCells, popupCells, popupHeads, TRUTH_HEADS, truthCells } from './rows';

export const PAGE_LABELS: Record<PageKey, string> = {
  ours: 'ours (this popup)',
  baseline: 'baseline (ClerkProvider), FAPI +0 ms',
  'baseline+100': 'baseline, FAPI +100 ms',
  'baseline+300': 'baseline, FAPI +300 ms',
  static: 'static page (floor)',
};

function popupSection(r: BenchResults): string[] {
  const { config, summary } = r.popup;
  const rows = PAGE_KEYS.map((k) => [PAGE_LABELS[k], ...popupCells(summary.ttd[k]), ms(summary.wall[k].overall.median)]);
  const q = summary.ratios;
  return [
    `Popup time to data: in-page performance.now() from navigation start to the data in the DOM; ${config.rounds} interleaved rounds × ${config.opensPerRound} opens per page (${config.warmupPerPage} warm-up opens each discarded), ${num(r.popup.durationMs / 1000)} s`,
    textTable([['page', ...popupHeads(config.rounds), 'wall median'], ...rows]),
    `ratios (medians, same run): ours/static ${times(q.oursOverStatic)} (target <= 1.2x; p95 ${times(q.oursOverStaticP95)}); baseline/ours at FAPI +0 ms ${times(q.baselineOverOurs)}, +100 ms ${times(q.baseline100OverOurs)}, +300 ms ${times(q.baseline300OverOurs)}`,
    `popup JS heap once shown (after GC): ours ${kb(r.popup.heapBytes.ours)}, baseline ${kb(r.popup.heapBytes.baseline)}`,
  ];
}

function networkSection(r: BenchResults): string[] {
  const c = r.config;
  const rows = r.network.worlds.map((w) => [w.world, ...networkCells(w)]);
  return [
    `Network: extension FAPI requests from each world's own emulator log, window ${num(r.network.windowMs / 1000)} s; ${c.tokenLifetimeMs / 1000} s tokens, ${c.syncPeriodS} s sync alarm, ${c.minAlarmS} s alarm floor, inactivity timeout ${c.inactivityTimeoutMs === null ? 'off' : `${c.inactivityTimeoutMs / 60_000} min`}`,
    textTable([['world', ...NETWORK_HEADS], ...rows]),
    `floor for keep-alive: ${r.network.floorTokensPerMin} token/min (one per token lifetime)`,
  ];
}

function truthSection(r: BenchResults): string[] {
  const rows = r.truth.worlds.map(({ world, summary }) => [world, ...truthCells(summary)]);
  const mint = Object.entries(r.truth.mintCheck).map(
    ([world, m]) =>
      `token lapse from the request log, ${world}: ${m.mints} extension mint(s), ${m.lapses} after the previous token's exp, smallest margin ${num(m.minMarginS, 1)} s`,
  );
  return [
    `Proof of truth: every ${r.config.truthEveryMs / 1000} s, the snapshot's current session against the emulator's (deviation = largest |Δ| of lastActiveAt, expireAt, abandonAt)`,
    textTable([['world', ...TRUTH_HEADS], ...rows]),
    ...mint,
  ];
}

function serviceWorkerSection(r: BenchResults): string[] {
  const sw = r.serviceWorker;
  const row = (label: string, s: BenchResults['serviceWorker']['coldStart']['wakeToWrite']) => [
    label,
    String(s.n),
    ms(s.median),
    ms(s.p95),
    ms(s.min),
    ms(s.max),
  ];
  return [
    'Service worker (fast build: 5 s sync, 1 s alarm floor; same code path on wake)',
    textTable([
      ['measure', 'n', 'median', 'p95', 'min', 'max'],
      row('cold start, worker starting -> snapshot written', sw.coldStart.wakeToWrite),
      row('cold start, alarm due -> snapshot written', sw.coldStart.alarmToWrite),
    ]),
    ...Object.entries(sw.memory).map(
      ([k, m]) => `worker JS heap, ${k}: ${m ? `${kb(m.usedBytes)} used, ${kb(m.afterGcBytes)} after GC` : 'worker not running'}`,
    ),
  ];
}

export function consoleReport(r: BenchResults): string {
  return [
    `Clerk Session Inspector benchmark (${r.at}; ${machineLine(r)})`,
    '',
    ...popupSection(r),
    '',
    'Bundle sizes (gzip: zlib level 9 per file, summed)',
    textTable([
      ['part', 'files', 'raw', 'gzip'],
      ...Object.entries(r.sizes).map(([k, s]) => [k, String(s.files), kb(s.raw), kb(s.gzip)]),
    ]),
    '',
    ...networkSection(r),
    '',
    ...truthSection(r),
    '',
    ...serviceWorkerSection(r),
    `total bench time ${r.totalSeconds} s`,
  ].join('\n');
}
