/**
 * The README's performance tables, rendered from bench-results/latest.json alone (pure, no
 * clock): the short summary under README.md's "## Performance" and the detailed tables in
 * tests/bench/README.md, each between `<!-- bench:start -->` and `<!-- bench:end -->`. The bench
 * rewrites both at the end; `npm run bench:readme` (readme-cli.ts) re-renders them from the
 * committed JSON; tests/unit/bench/readme-table.test.ts fails when they drift apart.
 */
import { kb, machineLine, mdTable, ms, num, pct, times, utcMinute, worldLabel } from './format';
import { PAGE_KEYS } from './popup-rounds';
import { PAGE_LABELS } from './report';
import type { BenchResults, NetworkWorld } from './results';
import { NETWORK_HEADS, networkCells, popupCells, popupHeads, TRUTH_HEADS, truthCells } from './rows';

export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

const verdict = (ok: boolean | null) => (ok === null ? '' : ok ? ' (met)' : ' (**missed**)');

function provenance(r: BenchResults, resultsLink: string): string {
  return [
    `Last run ${utcMinute(r.at)} on ${machineLine(r)}; network window ${num(r.network.windowMs / 1000)} s; bench time ${r.totalSeconds} s.`,
    `Generated from [bench-results/latest.json](${resultsLink}) by \`npm run bench:readme\`: do not edit by hand.`,
  ].join('\n');
}

function findWorld(r: BenchResults, mode: NetworkWorld['mode'], signedIn: boolean, appTab: boolean) {
  return r.network.worlds.find((w) => w.mode === mode && w.signedIn === signedIn && w.appTab === appTab);
}

function requestsCell(w: NetworkWorld | undefined): string {
  if (!w) return '–';
  const m = w.extension.perMinute;
  return `${num(m.total, 2)} (tokens ${num(m.token, 2)}, client reads ${num(m.client, 2)}, touch ${num(m.touch, 2)})`;
}

/**
 * One client read per sync alarm, plus one per mint of the app's own open tab (issue 22: observe
 * follows the app's activity, one read per real change), nothing else: the observe and
 * signed-out target.
 */
function oneReadPerAlarm(w: NetworkWorld | undefined): boolean | null {
  if (!w) return null;
  const c = w.extension.byCategory;
  const appMints = w.appTabTraffic?.byCategory.token ?? 0;
  return c.token === 0 && c.touch === 0 && c.other === 0 && c.client <= w.syncAlarms + appMints + 1;
}

/** "2" or "2–4.67": the range of a set of per-minute rates. */
function range(values: number[]): string {
  if (!values.length) return '–';
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  return lo === hi ? num(lo, 2) : `${num(lo, 2)}–${num(hi, 2)}`;
}

function truthCell(r: BenchResults, world: NetworkWorld | undefined): { cell: string; ok: boolean | null } {
  const truth = world && r.truth.worlds.find((t) => t.world === world.world);
  if (!truth) return { cell: '–', ok: null };
  const s = truth.summary;
  const mint = r.truth.mintCheck[truth.world];
  const lapses = `${s.lapses ?? 'n/a'}${mint ? ` + ${mint.lapses} in the log` : ''}`;
  // True within 2 s, or back within 2 s of a server change (one sample out at most).
  const caughtUp = s.withinPct === 100 || (s.longestOutS !== null && s.longestOutS !== undefined && s.longestOutS <= 2);
  const ok = s.maxDeviationS !== null && caughtUp && s.lapses === 0 && (mint?.lapses ?? 0) === 0;
  const back = s.withinPct === 100 || s.longestOutS === undefined ? '' : `, back within ${num(s.longestOutS, 1)} s`;
  return { cell: `${num(s.maxDeviationS, 1)} s; ${pct(s.withinPct, 1)}${back}; ${lapses}`, ok };
}

export function renderSummary(r: BenchResults): string {
  const { ttd, ratios } = r.popup.summary;
  const ours = ttd.ours;
  const kTabClosed = findWorld(r, 'keep-alive', true, false);
  const kTabOpen = findWorld(r, 'keep-alive', true, true);
  const plain = r.network.worlds.filter((w) => w.mode === 'observe' || !w.signedIn);
  const appTab = kTabOpen?.appTabTraffic;
  const observeTruth = [findWorld(r, 'observe', true, false), findWorld(r, 'observe', true, true)].map(
    (w) => r.truth.worlds.find((t) => t.world === w?.world)?.summary.maxDeviationS,
  );
  const { wakeToWrite: cold, alarmToWrite: coldFromAlarm } = r.serviceWorker.coldStart;
  const popupGz = r.sizes['popup JS (first paint)']?.gzip;
  const backgroundGz = r.sizes['background (+ static imports)']?.gzip;
  const atMost = (value: number | undefined, limit: number) => verdict(value === undefined ? null : value <= limit);
  const truthClosed = truthCell(r, kTabClosed);
  const truthOpen = truthCell(r, kTabOpen);
  const rows = [
    [
      'popup time to data, median (p95); spread of the 3 round medians',
      `**${ms(ours.overall.median)}** (${ms(ours.overall.p95)}); ${ms(ours.spreadMs)} (${pct(ours.spreadPct)})`,
      '',
    ],
    [
      'static page with the same text (the floor), median (p95)',
      `${ms(ttd.static.overall.median)} (${ms(ttd.static.overall.p95)})`,
      '',
    ],
    [
      'ours / static, median of the ratios paired per open step (medians; mins of the same run)',
      `**${times(ratios.oursOverStaticPaired)}** (${times(ratios.oursOverStatic)}; ${times(ratios.oursOverStaticMin)})`,
      `≤ 1.2×${atMost(ratios.oursOverStaticPaired, 1.2)}`,
    ],
    [
      '`ClerkProvider` baseline / ours at FAPI +0 / +100 / +300 ms',
      `${times(ratios.baselineOverOurs)} / ${times(ratios.baseline100OverOurs)} / ${times(ratios.baseline300OverOurs)}`,
      'reported',
    ],
    ['popup JS for the first paint, gzipped', kb(popupGz), `≤ 80 KB${atMost(popupGz, 80 * 1024)}`],
    ['background JS, gzipped', kb(backgroundGz), `≤ 400 KB${atMost(backgroundGz, 400 * 1024)}`],
    [
      'FAPI requests/min, keep-alive, signed in, app tab closed',
      `**${requestsCell(kTabClosed)}**`,
      `≤ 2.5${atMost(kTabClosed?.extension.perMinute.total, 2.5)}`,
    ],
    [
      'FAPI requests/min, keep-alive, signed in, app tab open',
      requestsCell(kTabOpen),
      `≤ 2${atMost(kTabOpen?.extension.perMinute.total, 2)}`,
    ],
    ["the app's own open tab (its clerk-js), requests/min", appTab ? num(appTab.perMinute.total, 2) : '–', ''],
    [
      `FAPI requests/min, observe or signed out (${plain.length} worlds)`,
      range(plain.map((w) => w.extension.perMinute.total)),
      `one client read per sync alarm and per app mint${verdict(plain.length ? plain.every((w) => oneReadPerAlarm(w)) : null)}`,
    ],
    [
      'proof of truth, keep-alive, app tab closed: max deviation; samples within 2 s; token lapses',
      truthClosed.cell,
      `within 2 s, no lapse${verdict(truthClosed.ok)}`,
    ],
    ['the same, app tab open', truthOpen.cell, `within 2 s, no lapse${verdict(truthOpen.ok)}`],
    [
      'proof of truth, observe, app tab closed / open: max deviation',
      `${num(observeTruth[0], 1)} s / ${num(observeTruth[1], 1)} s`,
      'reported',
    ],
    [
      'worker cold start (worker starting → snapshot written), median (p95); from the alarm due time',
      `${ms(cold.median)} (${ms(cold.p95)}); ${ms(coldFromAlarm.median)} (${ms(coldFromAlarm.p95)})`,
      `≤ 100 ms median${verdict(cold.n ? cold.median <= 100 : null)}`,
    ],
  ];
  return [provenance(r, 'bench-results/latest.json'), '', mdTable(['measure', 'figure', 'target (issue 14)'], rows)].join('\n');
}

export function renderDetails(r: BenchResults): string {
  const { config, summary } = r.popup;
  const popup = mdTable(
    ['page', ...popupHeads(config.rounds)],
    PAGE_KEYS.map((k) => [PAGE_LABELS[k], ...popupCells(summary.ttd[k])]),
  );
  const network = mdTable(
    ['world', ...NETWORK_HEADS],
    r.network.worlds.map((w) => [worldLabel(w), ...networkCells(w)]),
  );
  const truth = mdTable(
    ['world', ...TRUTH_HEADS],
    r.truth.worlds.map(({ world, summary: t }) => [world, ...truthCells(t)]),
  );
  const mint = Object.entries(r.truth.mintCheck).map(
    ([world, m]) =>
      `- Request log, ${world}: ${m.mints} extension mint${m.mints === 1 ? '' : 's'}, ${m.lapses} at or after the previous token's \`exp\`, smallest margin ${num(m.minMarginS, 1)} s.`,
  );
  const sw = r.serviceWorker.coldStart;
  const cold = mdTable(
    ['cold start', 'n', 'median', 'p95', 'min', 'max'],
    [
      ['worker `starting` → snapshot written', sw.wakeToWrite],
      ['alarm due → snapshot written', sw.alarmToWrite],
    ].map(([label, s]) => {
      const x = s as typeof sw.wakeToWrite;
      return [label as string, String(x.n), ms(x.median), ms(x.p95), ms(x.min), ms(x.max)];
    }),
  );
  const c = r.config;
  return [
    provenance(r, '../../bench-results/latest.json'),
    '',
    `Popup time to data, ${config.rounds} interleaved rounds × ${config.opensPerRound} opens per page (medians per round):`,
    '',
    popup,
    '',
    `Network, ${c.tokenLifetimeMs / 1000} s tokens, ${c.syncPeriodS} s sync alarm, inactivity timeout ${c.inactivityTimeoutMs === null ? 'off' : `${c.inactivityTimeoutMs / 60_000} min`}:`,
    '',
    network,
    '',
    `Proof of truth, a sample every ${c.truthEveryMs / 1000} s:`,
    '',
    truth,
    '',
    ...mint,
    '',
    cold,
  ].join('\n');
}

/** Replaces what is between the markers (exclusive) with `body`; throws when they are missing. */
export function replaceMarked(text: string, body: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`markers ${START} … ${END} not found`);
  return `${text.slice(0, start + START.length)}\n${body}\n${text.slice(end)}`;
}

export function markedSection(text: string): string | null {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return null;
  return text
    .slice(start + START.length, end)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}
