/**
 * `npm run bench`: performance of the extension in real Chromium against the Clerk FAPI emulator.
 *
 *   1. Bundle sizes of a build (popup JS/CSS, background and the chunks it imports, the whole
 *      extension), raw and gzipped; the ClerkProvider baseline popup for comparison.
 *   2. Popup time to data: ours, a baseline popup built like Clerk's quickstarts (ClerkProvider in
 *      the popup, tests/bench/baseline), and a static HTML page with the same text (the floor),
 *      interleaved in one browser, a new tab per open.
 *   3. Network cost: five browsers at once (keep-alive signed in with the app tab closed and open,
 *      keep-alive signed out, observe signed in with the app tab open, observe signed out), each
 *      with its own emulator, over one fixed window, counted from the emulator's request log; the
 *      demo app's own requests (an app tab left open) over the same window.
 *   4. Service worker: cold start (CDP stops the worker, the next alarm wakes it, until the
 *      snapshot is written) and heap.
 *
 * Product timings: 30 s sync alarm and 30 s alarm floor (Chrome's for packed extensions), 60 s
 * tokens (Clerk's default). Only the cold-start browser uses a fast build (5 s sync, 1 s floor)
 * so that it gets several samples in the window; the code path on wake is the same.
 *
 * Prints a table and writes bench-results/latest.json. Environment: BENCH_WINDOW_S (default 90),
 * BENCH_OPENS (default 30).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoServer } from '../demo/demo-server';
import { buildVariant } from '../e2e/builds';
import { DEMO_USER } from '../e2e/world';
import type { ClerkPage } from '../emulator/clerk-page';
import { type Emulator, startEmulator } from '../emulator/server';
import type { RequestLogEntry } from '../emulator/traffic';
import { buildBaseline } from './baseline/build';
import { type BenchBrowser, launchBench } from './browser';
import { type OpenSample, openOnce, pageHeap, type Stats, stats, type TimingTarget } from './popup-timing';
import { allFiles, backgroundFiles, popupFiles, type Size, sizeOf } from './sizes';

const ROOT = resolve(import.meta.dirname, '../..');
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 90);
const OPENS = Number(process.env.BENCH_OPENS ?? 30);
const WARMUP = 3;
const TOKEN_LIFETIME_MS = 60_000;
const SYNC_PERIOD_S = 30;
const FAPI_LATENCY_MS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (message: string) => console.error(`[bench +${((Date.now() - startedAt) / 1000).toFixed(0)}s] ${message}`);
const startedAt = Date.now();

interface World {
  name: string;
  emulator: Emulator;
  browser: BenchBrowser;
  demoTab: Page | null;
}

async function startBenchWorld(name: string, extensionDirs: string[]): Promise<World> {
  const emulator = await startEmulator({ logErrors: true });
  await emulator.control.createUser(DEMO_USER);
  await emulator.control.setSettings({ tokenLifetimeMs: TOKEN_LIFETIME_MS });
  const browser = await launchBench({ extensionDirs, hosts: emulator.resolverHosts() });
  await browser.probe();
  return { name, emulator, browser, demoTab: null };
}

async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await sleep(everyMs);
  }
  throw new Error(`${what}: not reached in ${timeoutMs} ms (last: ${JSON.stringify(last)?.slice(0, 400)})`);
}

async function signIn(world: World, demo: ClerkPage): Promise<string> {
  const page = await world.browser.context.newPage();
  await page.goto(demo.origin);
  await page.waitForFunction(() => window.demo !== undefined, undefined, { timeout: 15_000 });
  const sessionId = await page.evaluate(({ email, password }) => window.demo.signIn(email, password), DEMO_USER);
  world.demoTab = page;
  await waitFor(
    `${world.name}: signed-in snapshot`,
    () => world.browser.snapshot(),
    (s) => s?.currentSessionId === sessionId,
  );
  return sessionId;
}

async function signOut(world: World): Promise<void> {
  await world.demoTab?.evaluate(() => window.demo.signOut());
  await waitFor(
    `${world.name}: signed-out snapshot`,
    () => world.browser.snapshot(),
    (s) => s !== null && s.currentSessionId === null,
  );
}

async function closeDemoTab(world: World): Promise<void> {
  await world.demoTab?.close();
  world.demoTab = null;
}

/** Counts our alarms from an extension page (alarm events reach every extension context). */
async function startAlarmCounter(world: World): Promise<void> {
  await (await world.browser.probe()).evaluate(() => {
    const w = window as unknown as { __alarms: Array<{ name: string; at: number }> };
    w.__alarms = [];
    chrome.alarms.onAlarm.addListener((alarm: { name: string }) => w.__alarms.push({ name: alarm.name, at: Date.now() }));
  });
}

async function alarmsBetween(world: World, from: number, to: number): Promise<Array<{ name: string; at: number }>> {
  const all = await (await world.browser.probe()).evaluate(
    () => (window as unknown as { __alarms: Array<{ name: string; at: number }> }).__alarms,
  );
  return all.filter((a) => a.at >= from && a.at < to);
}

// ---------------------------------------------------------------------------------------------
// Network

type Category = 'token' | 'touch' | 'client' | 'environment' | 'other';

function categorize(entry: RequestLogEntry): Category {
  if (/\/tokens(\/[^/]+)?$/.test(entry.path)) return 'token';
  if (entry.path.endsWith('/touch')) return 'touch';
  if (entry.path === '/v1/client' && entry.method === 'GET') return 'client';
  if (entry.path === '/v1/environment') return 'environment';
  return 'other';
}

interface Traffic {
  total: number;
  byCategory: Record<Category, number>;
  perMinute: { total: number; token: number; touch: number; client: number };
  paths: Record<string, number>;
}

function traffic(entries: RequestLogEntry[], windowMs: number): Traffic {
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

async function requestsIn(world: World, source: 'extension' | 'page', from: number, to: number): Promise<RequestLogEntry[]> {
  const all = await world.emulator.control.requests({ source });
  return all.filter((r) => {
    const at = Date.parse(r.at);
    return at >= from && at < to;
  });
}

// ---------------------------------------------------------------------------------------------
// Service worker

interface ColdStart {
  /** The worker's status became `starting` (CDP ServiceWorker.workerVersionUpdated, received in Node) to snapshot.writtenAt. */
  wakeToWriteMs: number;
  /** The earliest pending alarm's scheduledTime to snapshot.writtenAt (includes Chrome's alarm dispatch). */
  alarmToWriteMs: number;
  trigger: string | null;
  alarm: string;
}

async function workerHeap(browser: BenchBrowser): Promise<{ usedBytes: number; afterGcBytes: number } | null> {
  const targetId = await browser.workerTargetId();
  if (!targetId) return null;
  const { sessionId } = await browser.cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
  try {
    const before = await browser.cdp.send<{ usedSize: number }>('Runtime.getHeapUsage', {}, sessionId);
    await browser.cdp.send('HeapProfiler.collectGarbage', {}, sessionId);
    const after = await browser.cdp.send<{ usedSize: number }>('Runtime.getHeapUsage', {}, sessionId);
    return { usedBytes: before.usedSize, afterGcBytes: after.usedSize };
  } finally {
    await browser.cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }
}

async function coldStarts(world: World, until: number, maxSamples: number): Promise<ColdStart[]> {
  const { browser } = world;
  const probe = await browser.probe();
  const session = await browser.context.newCDPSession(probe);
  // The worker's running status as the browser reports it (stopped, starting, running, stopping),
  // stamped when Node receives the event.
  const transitions: Array<{ status: string; at: number }> = [];
  session.on('ServiceWorker.workerVersionUpdated', (event) => {
    for (const version of event.versions) {
      if (version.scriptURL.startsWith(`chrome-extension://${browser.extensionId}/`)) {
        transitions.push({ status: version.runningStatus, at: Date.now() });
      }
    }
  });
  await session.send('ServiceWorker.enable');
  const samples: ColdStart[] = [];
  while (samples.length < maxSamples && Date.now() < until - 8_000) {
    // Let a running sync finish, then stop every worker, as Chrome does after 30 s idle.
    await sleep(800);
    await session.send('ServiceWorker.stopAllWorkers');
    await waitFor(
      'worker stopped',
      () => browser.workerTargetId(),
      (id) => id === null,
      5_000,
      20,
    );
    const stoppedAt = Date.now();
    const alarms: Array<{ name: string; scheduledTime: number }> = await probe.evaluate(() => chrome.alarms.getAll());
    const next = alarms.filter((a) => a.scheduledTime > stoppedAt - 200).sort((a, b) => a.scheduledTime - b.scheduledTime)[0];
    const woke = await waitFor(
      'worker starting',
      async () => transitions.find((t) => t.at > stoppedAt && t.status === 'starting') ?? null,
      (t) => t !== null,
      15_000,
      10,
    );
    const written = await waitFor(
      'snapshot after wake',
      () => browser.snapshot(),
      (s) => (s?.writtenAt ?? 0) > stoppedAt,
      15_000,
      20,
    );
    if (!woke || !written) continue;
    samples.push({
      wakeToWriteMs: written.writtenAt - woke.at,
      alarmToWriteMs: next ? written.writtenAt - next.scheduledTime : Number.NaN,
      trigger: written.lastRefresh?.trigger ?? null,
      alarm: next?.name ?? '?',
    });
  }
  await session.detach();
  return samples;
}

// ---------------------------------------------------------------------------------------------
// Output

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const worlds: World[] = [];
  const demo = await startDemoServer({ publishableKey: (await probeKeys()).development });
  try {
    // --- builds ---------------------------------------------------------------------------
    const keys = await probeKeys();
    const base = {
      WXT_CLERK_PUBLISHABLE_KEY: keys.development,
      WXT_CLERK_SYNC_HOST: demo.origin,
      WXT_CLERK_APP_LABEL: 'Demo app',
    };
    log('building the extension (keep-alive, observe, fast-alarm) and the baseline');
    const realistic = { WXT_MIN_ALARM_SECONDS: '30', WXT_SYNC_PERIOD_SECONDS: String(SYNC_PERIOD_S) };
    const keepAliveDir = buildVariant('bench-keep-alive', { ...base, ...realistic, WXT_CLERK_MODE: 'keep-alive' });
    const observeDir = buildVariant('bench-observe', { ...base, ...realistic, WXT_CLERK_MODE: 'observe' });
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

    // --- sizes ----------------------------------------------------------------------------
    const popup = popupFiles(keepAliveDir);
    const popupAll = popupFiles(keepAliveDir, { dynamic: true });
    const background = backgroundFiles(keepAliveDir);
    const basePopup = popupFiles(baseline.dir);
    const basePopupAll = popupFiles(baseline.dir, { dynamic: true });
    const sizes: Record<string, Size> = {
      'popup JS (first paint)': sizeOf(popup.js),
      'popup JS (with lazy chunks)': sizeOf(popupAll.js),
      'popup CSS': sizeOf(popup.css),
      'background (+ static imports)': sizeOf(background),
      'whole extension (all files)': sizeOf(allFiles(keepAliveDir)),
      'baseline popup JS (eager)': sizeOf(basePopup.js),
      'baseline popup JS (with lazy chunks)': sizeOf(basePopupAll.js),
    };

    // --- popup time to data -----------------------------------------------------------------
    log('popup world: emulator, Chromium with our extension and the baseline');
    const popupWorld = await startBenchWorld('keep-alive, signed in (app tab closed)', [keepAliveDir, baseline.dir]);
    worlds.push(popupWorld);
    await signIn(popupWorld, demo);
    await waitFor(
      'first token',
      () => popupWorld.browser.snapshot(),
      (s) => s?.token?.mintedBy === 'extension',
    );
    await closeDemoTab(popupWorld);

    const targets: Record<'ours' | 'baseline' | 'static', TimingTarget> = {
      ours: {
        name: 'ours',
        url: `chrome-extension://${popupWorld.browser.extensionId}/popup.html`,
        text: DEMO_USER.email,
        selector: '[data-testid="session-age-value"]',
      },
      baseline: { name: 'baseline', url: `chrome-extension://${baseline.id}/popup.html`, text: DEMO_USER.email },
      static: { name: 'static', url: `chrome-extension://${baseline.id}/static.html`, text: DEMO_USER.email },
    };
    const order = ['ours', 'baseline', 'static'] as const;
    log(`popup opens: ${WARMUP} warm-up + ${OPENS} measured each, interleaved`);
    const samples: Record<string, OpenSample[]> = { ours: [], baseline: [], static: [], 'baseline, FAPI +100 ms': [] };
    for (let round = 0; round < WARMUP + OPENS; round++) {
      for (let i = 0; i < order.length; i++) {
        const name = order[(round + i) % order.length] as (typeof order)[number];
        const sample = await openOnce(popupWorld.browser.context, targets[name]);
        if (round >= WARMUP) samples[name]?.push(sample);
      }
    }
    // The emulator answers in about a millisecond; Clerk's FAPI is a round trip away. The same
    // baseline with 100 ms added to every FAPI answer (our popup makes no FAPI request).
    const fault = await popupWorld.emulator.control.addFault({ path: '/v1/**', latencyMs: FAPI_LATENCY_MS });
    for (let round = 0; round < WARMUP + OPENS; round++) {
      const sample = await openOnce(popupWorld.browser.context, targets.baseline);
      if (round >= WARMUP) samples['baseline, FAPI +100 ms']?.push(sample);
    }
    await popupWorld.emulator.control.removeFault(fault.id);
    const popupHeap = {
      ours: await pageHeap(popupWorld.browser.context, targets.ours),
      baseline: await pageHeap(popupWorld.browser.context, targets.baseline),
    };
    const ttd = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v.map((s) => s.ttdMs))])) as Record<
      string,
      Stats
    >;
    const wall = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v.map((s) => s.wallMs))])) as Record<
      string,
      Stats
    >;

    // --- network worlds -------------------------------------------------------------------
    log(
      'network worlds: keep-alive signed in with the app tab open, keep-alive signed out, observe signed in (app tab open), observe signed out, cold start',
    );
    const [kTab, kOut, oIn, oOut, cold] = await Promise.all([
      startBenchWorld('keep-alive, signed in (app tab open)', [keepAliveDir]),
      startBenchWorld('keep-alive, signed out', [keepAliveDir]),
      startBenchWorld('observe, signed in (app tab open)', [observeDir]),
      startBenchWorld('observe, signed out', [observeDir]),
      startBenchWorld('cold start (fast alarms)', [fastDir]),
    ]);
    worlds.push(kTab, kOut, oIn, oOut, cold);
    await Promise.all([
      signIn(kTab, demo),
      signIn(kOut, demo).then(() => signOut(kOut)),
      signIn(oIn, demo),
      signIn(oOut, demo).then(() => signOut(oOut)),
      signIn(cold, demo),
    ]);
    await Promise.all([closeDemoTab(kOut), closeDemoTab(oOut), closeDemoTab(cold)]);
    const networkWorlds = [popupWorld, kTab, kOut, oIn, oOut];
    await Promise.all(networkWorlds.map(startAlarmCounter));
    // Settle: the sign-out and sign-in syncs are done before the window opens.
    await sleep(2_000);

    log(`network window: ${WINDOW_S} s; cold starts meanwhile`);
    const windowStart = Date.now();
    const windowEnd = windowStart + WINDOW_S * 1000;
    const coldSamples = await coldStarts(cold, windowEnd, 12);
    const coldHeap = await workerHeap(cold.browser);
    await sleep(Math.max(0, windowEnd - Date.now()));
    const windowMs = windowEnd - windowStart;

    const network = [];
    for (const world of networkWorlds) {
      const extension = traffic(await requestsIn(world, 'extension', windowStart, windowEnd), windowMs);
      const alarms = await alarmsBetween(world, windowStart, windowEnd);
      network.push({
        world: world.name,
        extension,
        syncAlarms: alarms.filter((a) => a.name.startsWith('sync:')).length,
        mintAlarms: alarms.filter((a) => a.name.startsWith('mint:')).length,
      });
    }
    const appTab = traffic(await requestsIn(oIn, 'page', windowStart, windowEnd), windowMs);
    const workerMemory = {
      'keep-alive, signed in (steady)': await workerHeap(popupWorld.browser),
      'observe, signed in (steady)': await workerHeap(oIn.browser),
      'fast build, right after a cold start': coldHeap,
    };

    // --- report ---------------------------------------------------------------------------
    const ratios = {
      baselineOverOurs: round((ttd.baseline?.median ?? 0) / (ttd.ours?.median ?? 1), 2),
      baselineFapi100OverOurs: round((ttd['baseline, FAPI +100 ms']?.median ?? 0) / (ttd.ours?.median ?? 1), 2),
      oursOverStatic: round((ttd.ours?.median ?? 0) / (ttd.static?.median ?? 1), 2),
      baselineOverOursP95: round((ttd.baseline?.p95 ?? 0) / (ttd.ours?.p95 ?? 1), 2),
      oursOverStaticP95: round((ttd.ours?.p95 ?? 0) / (ttd.static?.p95 ?? 1), 2),
    };
    const coldStats = {
      wakeToWrite: stats(coldSamples.map((s) => s.wakeToWriteMs)),
      alarmToWrite: stats(coldSamples.map((s) => s.alarmToWriteMs).filter((n) => Number.isFinite(n))),
    };
    const floorTokensPerMin = 60_000 / TOKEN_LIFETIME_MS;

    const out: string[] = [];
    out.push(
      `Clerk Session Inspector benchmark  (${new Date().toISOString()}, Chromium headless, ${process.platform}, ${OPENS} opens each)`,
    );
    out.push('');
    out.push('Popup time to data (in-page performance.now() from navigation start to the email [+ session age] in the DOM)');
    out.push(
      table([
        ['page', 'median', 'p95', 'min', 'max', 'wall median'],
        ...Object.entries(ttd).map(([k, s]) => [
          k,
          ms(s.median),
          ms(s.p95),
          ms(s.min),
          ms(s.max),
          ms(wall[k]?.median ?? Number.NaN),
        ]),
      ]),
    );
    out.push(
      `ratios (median): baseline/ours ${ratios.baselineOverOurs}x (target >= 5x), baseline+100ms/ours ${ratios.baselineFapi100OverOurs}x, ours/static ${ratios.oursOverStatic}x (target <= 2x)`,
    );
    out.push(`ratios (p95):    baseline/ours ${ratios.baselineOverOursP95}x, ours/static ${ratios.oursOverStaticP95}x`);
    out.push(`popup JS heap once shown (after GC): ours ${kb(popupHeap.ours)}, baseline ${kb(popupHeap.baseline)}`);
    out.push('');
    out.push('Bundle sizes (gzip: zlib level 9 per file, summed)');
    out.push(
      table([
        ['part', 'files', 'raw', 'gzip'],
        ...Object.entries(sizes).map(([k, s]) => [k, String(s.files), kb(s.raw), kb(s.gzip)]),
      ]),
    );
    out.push('');
    out.push(
      `Network: FAPI requests per minute per app, window ${WINDOW_S} s, ${TOKEN_LIFETIME_MS / 1000} s tokens, sync alarm ${SYNC_PERIOD_S} s`,
    );
    out.push(
      table([
        ['scenario', 'total/min', 'tokens/min', 'touch/min', 'GET client/min', 'env', 'sync alarms', 'mint alarms'],
        ...network.map((n) => [
          `extension, ${n.world}`,
          String(n.extension.perMinute.total),
          String(n.extension.perMinute.token),
          String(n.extension.perMinute.touch),
          String(n.extension.perMinute.client),
          String(n.extension.byCategory.environment),
          String(n.syncAlarms),
          String(n.mintAlarms),
        ]),
        [
          'Clerk app tab left open (page)',
          String(appTab.perMinute.total),
          String(appTab.perMinute.token),
          String(appTab.perMinute.touch),
          String(appTab.perMinute.client),
          String(appTab.byCategory.environment),
          '',
          '',
        ],
        ['floor for keep-alive (1 token per lifetime)', '', String(floorTokensPerMin), '', '', '', '', ''],
      ]),
    );
    out.push('');
    out.push('Service worker');
    out.push(
      table([
        ['measure', 'n', 'median', 'p95', 'min', 'max'],
        ...Object.entries(coldStats).map(([k, s]) => [
          `cold start, ${k === 'wakeToWrite' ? 'worker starting -> snapshot written' : 'alarm due -> snapshot written'}`,
          String(s.n),
          ms(s.median),
          ms(s.p95),
          ms(s.min),
          ms(s.max),
        ]),
      ]),
    );
    for (const [k, m] of Object.entries(workerMemory)) {
      out.push(`worker JS heap, ${k}: ${m ? `${kb(m.usedBytes)} used, ${kb(m.afterGcBytes)} after GC` : 'worker not running'}`);
    }
    out.push(`total bench time ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
    console.log(out.join('\n'));

    const results = {
      at: new Date().toISOString(),
      config: { windowS: WINDOW_S, opens: OPENS, warmup: WARMUP, tokenLifetimeMs: TOKEN_LIFETIME_MS, syncPeriodS: SYNC_PERIOD_S },
      popup: { timeToDataMs: ttd, wallMs: wall, ratios, heapBytes: popupHeap, samples },
      sizes,
      network: { windowMs, worlds: network, appTab, floorTokensPerMin },
      serviceWorker: { coldStart: coldStats, coldSamples, memory: workerMemory },
      totalSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
    mkdirSync(resolve(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(resolve(ROOT, 'bench-results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    log('wrote bench-results/latest.json');
  } finally {
    for (const world of worlds) {
      await world.browser.close().catch(() => undefined);
      await world.emulator.close().catch(() => undefined);
    }
    await demo.close();
  }
}

/** The emulator's keys and host: fixed by its default name, the same for every emulator started here. */
let keysOnce: Promise<{ development: string; host: string }> | null = null;
function probeKeys(): Promise<{ development: string; host: string }> {
  keysOnce ??= startEmulator({ logErrors: false }).then(async (emulator) => {
    const keys = { development: emulator.publishableKeys.development, host: emulator.hosts.development };
    await emulator.close();
    return keys;
  });
  return keysOnce;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
