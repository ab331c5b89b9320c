/**
 * `npm run bench`: performance of the extension in real Chromium against the Clerk FAPI emulator
 * (issue 14). Timings are printed and kept, never asserted (the deterministic budgets are in
 * tests/e2e/budgets.e2e.ts). Every world is its own Chromium with its own emulator:
 *
 *   - 8 network worlds, {keep-alive, observe} × {signed in, signed out} × {app tab closed, open},
 *     with product timings (60 s tokens, 30 s sync alarm, 30 s alarm floor); their extension
 *     requests are counted from their own emulator's request log over one window (default 300 s),
 *     and the signed-in ones are checked for truth every 2 s (truth.ts);
 *   - the popup world (our extension and the ClerkProvider baseline, tests/bench/baseline),
 *     where popup time to data is measured in three interleaved rounds (popup-rounds.ts);
 *   - the cold-start world, a fast build (5 s sync, 1 s alarm floor; the same code on wake).
 * The popup rounds and the cold starts run during the network window, so the whole bench takes
 * about 6 minutes. At the end it prints the report, writes bench-results/latest.json and
 * re-renders the README tables from it.
 *
 * Environment: BENCH_WINDOW_S (300), BENCH_OPENS (opens per page per round, 15), BENCH_ROUNDS (3),
 * BENCH_INACTIVITY_S (1800; 0 = Clerk's default "off"), BENCH_COLD_SAMPLES (12), BENCH_OUT (write the
 * results to this file instead of latest.json, and leave the READMEs alone).
 */
import { startDemoServer } from '../demo/demo-server';
import { buildVariant } from '../e2e/builds';
import { DEMO_USER } from '../e2e/world';
import { startEmulator } from '../emulator/server';
import { buildBaseline } from './baseline/build';
import { type NetworkSpec, networkFigures, truthFigures } from './figures';
import { PAGE_KEYS, type PageKey, type PopupPage, runPopupRounds, summarizePopup } from './popup-rounds';
import { pageHeap } from './popup-timing';
import { consoleReport } from './report';
import { type BenchResults, machine, rewriteReadmes, writeResults } from './results';
import { coldStarts, workerHeap } from './service-worker';
import { allFiles, backgroundFiles, popupFiles, type Size, sizeOf } from './sizes';
import { stats } from './stats';
import { startTruthSampler, TRUTH_EVERY_MS } from './truth-sampler';
import {
  closeDemoTab,
  closeWorld,
  inBatches,
  signIn,
  signOut,
  sleep,
  startAlarmCounter,
  startBenchWorld,
  type World,
  waitForExtensionToken,
} from './world';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const WINDOW_S = env('BENCH_WINDOW_S', 300);
const ROUNDS = env('BENCH_ROUNDS', 3);
const OPENS_PER_ROUND = env('BENCH_OPENS', 15);
const WARMUP_PER_PAGE = 2;
const COLD_SAMPLES = env('BENCH_COLD_SAMPLES', 12);
const INACTIVITY_S = env('BENCH_INACTIVITY_S', 1800);
const TOKEN_LIFETIME_MS = 60_000;
const SYNC_PERIOD_S = 30;
const MIN_ALARM_S = 30;
const SETTINGS = { tokenLifetimeMs: TOKEN_LIFETIME_MS, inactivityTimeoutMs: INACTIVITY_S > 0 ? INACTIVITY_S * 1000 : null };

const startedAt = Date.now();
const log = (message: string) => console.error(`[bench +${((Date.now() - startedAt) / 1000).toFixed(0)}s] ${message}`);

const NETWORK_SPECS: NetworkSpec[] = (['keep-alive', 'observe'] as const).flatMap((mode) =>
  [true, false].flatMap((signedIn) => [false, true].map((appTab) => ({ mode, signedIn, appTab }))),
);
const specName = (s: NetworkSpec) =>
  `${s.mode}, ${s.signedIn ? 'signed in' : 'signed out'}, app tab ${s.appTab ? 'open' : 'closed'}`;

/** The emulator's keys and host: fixed by its default name, the same for every emulator started here. */
async function probeKeys(): Promise<{ development: string; host: string }> {
  const emulator = await startEmulator({ logErrors: false });
  const keys = { development: emulator.publishableKeys.development, host: emulator.hosts.development };
  await emulator.close();
  return keys;
}

async function main() {
  const keys = await probeKeys();
  const demo = await startDemoServer({ publishableKey: keys.development });
  const worlds: World[] = [];
  try {
    // --- builds and sizes ---------------------------------------------------------------------
    log('building the extension (keep-alive, observe, fast-alarm) and the baseline');
    const base = {
      WXT_CLERK_PUBLISHABLE_KEY: keys.development,
      WXT_CLERK_SYNC_HOST: demo.origin,
      WXT_CLERK_APP_LABEL: 'Demo app',
    };
    const product = { WXT_MIN_ALARM_SECONDS: String(MIN_ALARM_S), WXT_SYNC_PERIOD_SECONDS: String(SYNC_PERIOD_S) };
    const dirs = {
      'keep-alive': buildVariant('bench-keep-alive', { ...base, ...product, WXT_CLERK_MODE: 'keep-alive' }),
      observe: buildVariant('bench-observe', { ...base, ...product, WXT_CLERK_MODE: 'observe' }),
    };
    const fastDir = buildVariant('bench-fast', {
      ...base,
      WXT_CLERK_MODE: 'keep-alive',
      WXT_MIN_ALARM_SECONDS: '1',
      WXT_SYNC_PERIOD_SECONDS: '5',
    });
    const baseline = await buildBaseline({
      publishableKey: keys.development,
      syncHost: demo.origin,
      fapiHost: keys.host,
      email: DEMO_USER.email,
    });
    const sizes: Record<string, Size> = {
      'popup JS (first paint)': sizeOf(popupFiles(dirs['keep-alive']).js),
      'popup JS (with lazy chunks)': sizeOf(popupFiles(dirs['keep-alive'], { dynamic: true }).js),
      'popup CSS': sizeOf(popupFiles(dirs['keep-alive']).css),
      'background (+ static imports)': sizeOf(backgroundFiles(dirs['keep-alive'])),
      'whole extension (all files)': sizeOf(allFiles(dirs['keep-alive'])),
      'baseline popup JS (eager)': sizeOf(popupFiles(baseline.dir).js),
      'baseline popup JS (with lazy chunks)': sizeOf(popupFiles(baseline.dir, { dynamic: true }).js),
    };

    // --- worlds -------------------------------------------------------------------------------
    log(`starting 10 worlds (8 network, popup, cold start), 3 at a time`);
    type Job = { name: string; dirs: string[]; setup: (w: World) => Promise<void> };
    const jobs: Job[] = [
      {
        name: 'popup timing (keep-alive, signed in, app tab closed)',
        dirs: [dirs['keep-alive'], baseline.dir],
        setup: async (w) => {
          await signIn(w, demo);
          await waitForExtensionToken(w);
          await closeDemoTab(w);
        },
      },
      ...NETWORK_SPECS.map((spec) => ({
        name: specName(spec),
        dirs: [dirs[spec.mode]],
        setup: async (w: World) => {
          await signIn(w, demo);
          if (!spec.signedIn) await signOut(w);
          if (spec.signedIn && spec.mode === 'keep-alive') await waitForExtensionToken(w);
          if (!spec.appTab) await closeDemoTab(w);
          await startAlarmCounter(w);
        },
      })),
      {
        name: 'cold start (fast build)',
        dirs: [fastDir],
        setup: async (w) => {
          await signIn(w, demo);
          await closeDemoTab(w);
        },
      },
    ];
    const started = await inBatches(jobs, 3, async (job) => {
      const world = await startBenchWorld(job.name, job.dirs, SETTINGS);
      worlds.push(world);
      await job.setup(world);
      log(`ready: ${job.name}`);
      return world;
    });
    const [popupWorld, ...rest] = started as [World, ...World[]];
    const coldWorld = rest.pop() as World;
    const networkWorlds = rest.map((world, i) => ({ world, spec: NETWORK_SPECS[i] as NetworkSpec }));
    // "Chrome/150.0.7871.100" (new headless reports the product as Chrome): the Debian Chromium build.
    const { product: browserProduct } = await popupWorld.browser.cdp.send<{ product: string }>('Browser.getVersion');
    const chromium = `Chromium ${browserProduct.replace(/^[^/]*\//, '')} (headless)`;
    // Settle: the sign-in, sign-out and tab-close syncs are done before the window opens.
    await sleep(2_000);

    // --- the window -----------------------------------------------------------------------------
    const windowStart = Date.now();
    const windowEnd = windowStart + WINDOW_S * 1000;
    log(
      `network window: ${WINDOW_S} s; truth samples every ${TRUTH_EVERY_MS / 1000} s; popup rounds, then cold starts, meanwhile`,
    );
    const samplers = networkWorlds
      .filter((n) => n.spec.signedIn)
      .map((n) => ({ n, sampler: startTruthSampler(n.world, n.spec.mode === 'keep-alive', windowEnd) }));

    const popupTarget = (name: string, url: string, selector?: string) => ({ name, url, text: DEMO_USER.email, selector });
    const oursTarget = popupTarget(
      'ours',
      `chrome-extension://${popupWorld.browser.extensionId}/popup.html`,
      '[data-testid="session-age-value"]',
    );
    const baselineTarget = popupTarget('baseline', `chrome-extension://${baseline.id}/popup.html`);
    const pages: Record<PageKey, PopupPage> = {
      ours: { target: oursTarget, fapiLatencyMs: 0 },
      baseline: { target: baselineTarget, fapiLatencyMs: 0 },
      'baseline+100': { target: baselineTarget, fapiLatencyMs: 100 },
      'baseline+300': { target: baselineTarget, fapiLatencyMs: 300 },
      static: { target: popupTarget('static', `chrome-extension://${baseline.id}/static.html`), fapiLatencyMs: 0 },
    };
    const popupRun = await runPopupRounds(
      popupWorld.browser.context,
      popupWorld.emulator,
      pages,
      { rounds: ROUNDS, opensPerRound: OPENS_PER_ROUND, warmupPerPage: WARMUP_PER_PAGE },
      (round) => log(`popup round ${round + 1}/${ROUNDS}: ${OPENS_PER_ROUND} opens of each of ${PAGE_KEYS.length} pages`),
    );
    const popupHeap = {
      ours: await pageHeap(popupWorld.browser.context, oursTarget),
      baseline: await pageHeap(popupWorld.browser.context, baselineTarget),
    };
    log(`popup rounds done in ${(popupRun.durationMs / 1000).toFixed(0)} s; cold starts`);
    // At least COLD_SAMPLES even when the popup rounds took most of the window.
    const coldSamples = await coldStarts(coldWorld, Math.max(windowEnd, Date.now() + 90_000), COLD_SAMPLES);
    const coldHeap = await workerHeap(coldWorld.browser);
    log(`${coldSamples.length} cold starts; waiting for the window to close`);
    await sleep(Math.max(0, windowEnd - Date.now()));
    const truthSamples = await Promise.all(samplers.map(async ({ n, sampler }) => ({ n, samples: await sampler.stop() })));

    // --- figures ------------------------------------------------------------------------------
    const window = { start: windowStart, end: windowEnd };
    const { network, mintChecks } = await networkFigures(networkWorlds, window, TOKEN_LIFETIME_MS);
    const truthWorlds = truthFigures(
      truthSamples.map(({ n, samples }) => ({ ...n, samples })),
      window,
    );
    const steady = (spec: Partial<NetworkSpec>) =>
      networkWorlds.find((n) => Object.entries(spec).every(([k, v]) => n.spec[k as keyof NetworkSpec] === v))?.world;
    const memory = {
      'keep-alive, signed in (steady)': await workerHeapOf(steady({ mode: 'keep-alive', signedIn: true, appTab: false })),
      'observe, signed in (steady)': await workerHeapOf(steady({ mode: 'observe', signedIn: true, appTab: true })),
      'fast build, right after a cold start': coldHeap,
    };

    const results: BenchResults = {
      schema: 1,
      at: new Date().toISOString(),
      machine: machine(chromium),
      config: {
        windowS: WINDOW_S,
        tokenLifetimeMs: TOKEN_LIFETIME_MS,
        inactivityTimeoutMs: SETTINGS.inactivityTimeoutMs,
        syncPeriodS: SYNC_PERIOD_S,
        minAlarmS: MIN_ALARM_S,
        truthEveryMs: TRUTH_EVERY_MS,
      },
      sizes,
      popup: {
        config: popupRun.config,
        order: PAGE_KEYS,
        durationMs: popupRun.durationMs,
        summary: summarizePopup(popupRun.samples),
        samples: popupRun.samples,
        heapBytes: popupHeap,
      },
      network: { windowMs: windowEnd - windowStart, floorTokensPerMin: 60_000 / TOKEN_LIFETIME_MS, worlds: network },
      truth: { worlds: truthWorlds, mintCheck: mintChecks },
      serviceWorker: {
        coldStart: {
          wakeToWrite: stats(coldSamples.map((s) => s.wakeToWriteMs)),
          alarmToWrite: stats(coldSamples.map((s) => s.alarmToWriteMs).filter((n) => Number.isFinite(n))),
        },
        coldSamples,
        memory,
      },
      totalSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
    console.log(consoleReport(results));
    // BENCH_OUT: a run kept apart (e.g. one under load), which leaves latest.json and the READMEs alone.
    if (process.env.BENCH_OUT) {
      writeResults(results, process.env.BENCH_OUT);
      log(`wrote ${process.env.BENCH_OUT}`);
    } else {
      writeResults(results);
      rewriteReadmes(results);
      log('wrote bench-results/latest.json and the README tables');
    }
  } finally {
    await Promise.all(worlds.map(closeWorld));
    await demo.close();
  }
}

async function workerHeapOf(world: World | undefined) {
  return world ? workerHeap(world.browser) : null;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
