/**
 * Performance budgets that can be asserted deterministically (issue 7). The timing figures are in
 * `npm run bench` (tests/bench); here:
 *   - background: all JS the service worker loads <= 400 KB gzipped, and no remotely hosted code
 *     anywhere in the build (Chrome Web Store policy);
 *   - popup and side panel: <= 80 KB gzipped JS for the first paint (the HTML's scripts and
 *     modulepreloads and their static imports), <= 110 KB with the lazy chunks, no Clerk SDK code
 *     in any; and, in Chromium, each page shows its glance from the counted files alone;
 *   - network, counted in the emulator's request log with short tokens and the world's 1 s alarm
 *     floor: keep-alive <= 1.5 token requests per token lifetime, and its client reads ride with
 *     its mints (lib/engine/read-policy.ts: a sync alarm between two mints sends nothing, except
 *     to measure the undocumented server behaviours); observe makes no token or touch
 *     request (even with the app open, minting its own); signed out, nothing but one
 *     `GET /v1/client` per sync alarm.
 * The two browsers run their windows at the same time, so the file takes about a minute.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOnce, type TimingTarget } from '../bench/popup-timing';
import { allFiles, backgroundFiles, CLERK_MARKERS, popupFiles, remoteCodeHits, sizeOf } from '../bench/sizes';
import type { RequestLogEntry } from '../emulator/traffic';
import { fixtureApp, stateSnapshots } from '../unit/components/fixtures';
import { EXTENSION_DIR, type ExtensionBrowser, launchWithExtension } from './harness';
import { alarmCounter, CAUSE_LEAD_MS, readBudget } from './scenario-helpers';
import { startWorld, type World } from './world';

const KB = 1024;
const BACKGROUND_MAX_GZIP = 400 * KB;
const POPUP_MAX_GZIP = 80 * KB;
/**
 * With the lazy chunks (tab detection, the details below the glance, the doctor). Issue 14's budget
 * is the first paint; this one bounds what a popup can load in all. 100 KB until issues 19-22 added
 * lazily loaded parts (host checks in detection, the organization panel, the traffic finding in the
 * doctor, the report's contents): 104.7 KB measured, none of it in the first paint.
 */
const POPUP_ALL_MAX_GZIP = 110 * KB;
/** The DevTools Clerk panel (issue 21): plain DOM, its own build; everything it can load. */
const DEVTOOLS_PANEL_MAX_GZIP = 16 * KB;
/** The popup and the side panel page: the same view, each built on its own (wxt.config.ts). */
const PAGES = ['popup.html', 'sidepanel.html'] as const;
const TOKEN_LIFETIME_MS = 10_000;
const KEEP_ALIVE_SYNC_S = 5;
const SIGNED_IN_WINDOW_MS = 30_000;
const SIGNED_OUT_WINDOW_MS = 15_000;

const isToken = (r: RequestLogEntry) => /\/tokens(\/[^/]+)?$/.test(r.path);
const isTouch = (r: RequestLogEntry) => r.path.endsWith('/touch');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('bundle budgets (the plain build, .output/chrome-mv3)', () => {
  it(`the background loads at most ${BACKGROUND_MAX_GZIP / KB} KB of gzipped JavaScript`, () => {
    // Static and dynamic imports: everything the worker could load.
    const files = backgroundFiles(EXTENSION_DIR, { dynamic: true });
    const size = sizeOf(files);
    console.info(
      `background JS: ${files.length} files, ${(size.gzip / KB).toFixed(1)} KB gzipped (${(size.raw / KB).toFixed(1)} KB raw)`,
    );
    expect(size.gzip).toBeLessThanOrEqual(BACKGROUND_MAX_GZIP);
  });

  it('no remotely hosted code: no CDN or http(s) script URLs in any JS or HTML of the build', () => {
    const files = allFiles(EXTENSION_DIR).filter((f) => /\.(m?js|html)$/.test(f));
    expect(files.length).toBeGreaterThan(2);
    expect(remoteCodeHits(files)).toEqual([]);
    // Clerk's script loader needs a clerk-js URL; the background bundles clerk-js instead.
    for (const file of backgroundFiles(EXTENSION_DIR, { dynamic: true })) {
      expect(readFileSync(file, 'utf8')).not.toMatch(/clerk\.browser|@clerk\/clerk-js@/);
    }
  });

  it.each(PAGES)(
    `%s: the first paint loads at most ${POPUP_MAX_GZIP / KB} KB of gzipped JavaScript, ${POPUP_ALL_MAX_GZIP / KB} KB with its lazy chunks; none of it is Clerk's`,
    (html) => {
      const first = popupFiles(EXTENSION_DIR, { html }).js;
      const { js } = popupFiles(EXTENSION_DIR, { html, dynamic: true });
      const kb = (files: string[]) => (sizeOf(files).gzip / KB).toFixed(1);
      console.info(
        `${html}: first paint ${first.length} JS files, ${kb(first)} KB gzipped; with lazy chunks ${js.length}, ${kb(js)} KB`,
      );
      expect(first.length).toBeGreaterThan(0);
      // The lazy chunks exist and are not part of the first paint.
      expect(js.length).toBeGreaterThan(first.length);
      expect(sizeOf(first).gzip).toBeLessThanOrEqual(POPUP_MAX_GZIP);
      expect(sizeOf(js).gzip).toBeLessThanOrEqual(POPUP_ALL_MAX_GZIP);
      for (const file of js) {
        const code = readFileSync(file, 'utf8');
        for (const marker of CLERK_MARKERS) expect(code.includes(marker), `${marker} in ${file}`).toBe(false);
      }
    },
  );
});

describe('the DevTools Clerk panel budget (the plain build)', () => {
  it(`devtools-panel.html loads at most ${DEVTOOLS_PANEL_MAX_GZIP / KB} KB of gzipped JavaScript, with every lazy chunk; none of it Clerk's, none of it the popup's React`, () => {
    const { js } = popupFiles(EXTENSION_DIR, { html: 'devtools-panel.html', dynamic: true });
    const devtools = popupFiles(EXTENSION_DIR, { html: 'devtools.html', dynamic: true }).js;
    const size = sizeOf(js);
    console.info(
      `devtools-panel.html: ${js.length} JS files, ${(size.gzip / KB).toFixed(1)} KB gzipped; devtools.html ${(sizeOf(devtools).gzip / KB).toFixed(2)} KB`,
    );
    expect(js.length).toBeGreaterThan(0);
    expect(size.gzip).toBeLessThanOrEqual(DEVTOOLS_PANEL_MAX_GZIP);
    // `_clerk_js_version` is a query parameter the classifier recognises Frontend API calls by
    // (lib/traffic/classify.ts), not SDK code; every other marker of Clerk's SDK must be absent.
    const sdkMarkers = CLERK_MARKERS.filter((m) => m !== '_clerk_js_version');
    for (const file of [...js, ...devtools]) {
      const code = readFileSync(file, 'utf8');
      for (const marker of sdkMarkers) expect(code.includes(marker), `${marker} in ${file}`).toBe(false);
      expect(code.includes('react.transitional.element'), `React in ${file}`).toBe(false);
    }
    // Opening the panel costs the popup nothing: no file of the popup's is one of the panel's.
    const popupJs = new Set(PAGES.flatMap((html) => popupFiles(EXTENSION_DIR, { html, dynamic: true }).js));
    expect(js.filter((f) => popupJs.has(f))).toEqual([]);
  });
});

/**
 * The budget above counts the files tests/bench/sizes.ts says a page loads before its first paint
 * (tests/unit/bundle-closure.test.ts checks how it follows them). Here the browser checks the
 * count: in a copy of the build without every other file of the popup and the side panel, both
 * pages still show the glance (the user's email and the session age) from a seeded snapshot. A
 * first-paint chunk the count missed would be gone, and the page would show nothing.
 */
describe('the first paint needs no file beyond the counted ones (real Chromium)', () => {
  let dir: string;
  let browser: ExtensionBrowser;
  const removed: string[] = [];
  const errors: string[] = [];
  let counted: string[] = [];
  const snapshot = stateSnapshots(Date.now()).healthy;
  const email = snapshot?.sessions[0]?.user.email ?? '';
  const glance = (html: string): TimingTarget => ({
    name: html,
    url: `chrome-extension://${browser.extensionId}/${html}`,
    text: email,
    selector: '[data-testid="session-age-value"]',
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'csi-first-paint-'));
    cpSync(EXTENSION_DIR, dir, { recursive: true });
    const keep = new Set([
      ...backgroundFiles(dir, { dynamic: true }),
      ...popupFiles(dir, { html: 'options.html', dynamic: true }).js,
      ...PAGES.flatMap((html) => popupFiles(dir, { html }).js),
    ]);
    counted = popupFiles(dir).js;
    // Every page's graph first, then the removals: a lazy chunk with the same content in the popup
    // and side-panel builds (one that imports nothing page-specific) is one file for both.
    const lazy = new Set(PAGES.flatMap((html) => popupFiles(dir, { html, dynamic: true }).js));
    for (const file of lazy) {
      if (keep.has(file)) continue;
      rmSync(file);
      removed.push(file);
    }
    browser = await launchWithExtension({ extensionDir: dir });
    browser.context.on('weberror', (error) => errors.push(String(error.error())));
    // "Failed to load resource: net::ERR_FILE_NOT_FOUND", with the file's URL as its location.
    browser.context.on('console', (message) => errors.push(`${message.text()} ${message.location().url}`));
    await browser.worker.evaluate(
      async ({ apps, snapshot }) => {
        await chrome.storage.local.set({ apps, defaultsSeeded: true, selectedAppId: apps[0]?.id ?? null });
        // The engine writes its own (failing: hosts resolve nowhere) snapshot first; then it is silenced.
        const key = `snapshot:${apps[0]?.id}`;
        const deadline = Date.now() + 2500;
        while (Date.now() < deadline && !(await chrome.storage.session.get(key))[key])
          await new Promise((r) => setTimeout(r, 100));
        await new Promise((r) => setTimeout(r, 300));
        await chrome.alarms.clearAll();
        await chrome.storage.session.set({ [key]: snapshot });
      },
      { apps: [fixtureApp()], snapshot },
    );
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(PAGES)('%s shows the glance without its lazy chunks', async (html) => {
    expect(removed.length).toBeGreaterThan(0);
    expect(email).not.toBe('');
    errors.length = 0;
    const shown = await openOnce(browser.context, glance(html));
    expect(shown.ttdMs).toBeGreaterThan(0);
    // The page did ask for a removed lazy chunk (the details below the glance): the copy was real.
    await expect.poll(() => errors.some((e) => removed.some((file) => e.includes(basename(file)))), { timeout: 5000 }).toBe(true);
  });

  it('…and shows nothing without a counted one', async () => {
    const [entry] = counted;
    if (!entry) throw new Error('no first-paint file');
    rmSync(entry);
    await expect(openOnce(browser.context, glance('popup.html'), 3000)).rejects.toThrow();
  });
});

/** An extension page that counts our alarms (alarm events reach every extension context). */
async function extensionRequests(world: World, from: number, to: number): Promise<RequestLogEntry[]> {
  return (await world.emulator.control.requests({ source: 'extension' })).filter((r) => {
    const at = Date.parse(r.at);
    return at >= from && at < to;
  });
}

interface SignedOutWindow {
  requests: RequestLogEntry[];
  syncAlarms: number;
}

describe('network budgets (emulator request log, short tokens, 1 s alarm floor)', () => {
  let keepAlive: World;
  let observe: World;
  let keepAliveSignedIn: RequestLogEntry[] = [];
  let observeSignedIn: RequestLogEntry[] = [];
  let observeTabOpen = { budget: { reads: 0, causes: 0, detail: '' }, appTokenReads: 0 };
  const signedOut: Record<'keepAlive' | 'observe', SignedOutWindow> = {
    keepAlive: { requests: [], syncAlarms: 0 },
    observe: { requests: [], syncAlarms: 0 },
  };

  beforeAll(async () => {
    // A 5 s sync alarm with 10 s tokens (a mint every 7.5 s) is the product's 30 s alarm with 60 s
    // tokens, scaled: a mint read is always within one sync period of every sync alarm.
    keepAlive = await startWorld({
      setUp: true,
      mode: 'keep-alive',
      variant: 'budgets-keep-alive',
      syncPeriodSeconds: KEEP_ALIVE_SYNC_S,
    });
    // Observe sends only GETs (no Origin header), so it runs on a fresh instance: nothing to set up.
    observe = await startWorld({ mode: 'observe', variant: 'budgets-observe' });
    for (const world of [keepAlive, observe]) await world.emulator.control.setSettings({ tokenLifetimeMs: TOKEN_LIFETIME_MS });

    // Signed in. Keep-alive: the app's tab closed, only the extension keeps the session alive.
    // Observe: the app's tab stays open and mints its own tokens; the extension must not.
    const tabs: Record<string, Page> = {};
    const signedInWindow = async (world: World, closeTab: boolean) => {
      const page = await world.openDemo();
      const sessionId = await world.signInOnDemo(page);
      await world.waitForSnapshot((s) => s.currentSessionId === sessionId && s.token !== null);
      if (closeTab) {
        await page.close();
        // A mint of the app's just before the close is read ~0.3 s later (its __session changed): not the window's.
        await sleep(1_500);
      } else tabs[world === keepAlive ? 'keepAlive' : 'observe'] = page;
      const alarms = await alarmCounter(world);
      const from = Date.now();
      await sleep(SIGNED_IN_WINDOW_MS);
      const to = Date.now();
      return {
        from,
        to,
        fired: await alarms.since(from - CAUSE_LEAD_MS, to),
        requests: await extensionRequests(world, from, to),
      };
    };
    const [k, o] = await Promise.all([signedInWindow(keepAlive, true), signedInWindow(observe, false)]);
    keepAliveSignedIn = k.requests;
    observeSignedIn = o.requests;
    const history = await observe.browser.worker.evaluate(
      async (key) => ((await chrome.storage.local.get(key))[key] ?? []) as Array<{ at: number; trigger: string }>,
      `history:${observe.appId}`,
    );
    observeTabOpen = {
      budget: readBudget(await observe.emulator.control.requests(), o.fired, observe.appId, o.from, o.to),
      appTokenReads: history.filter((h) => h.trigger === 'app-token' && h.at >= o.from && h.at < o.to).length,
    };

    // Signed out (on the app), app tabs closed: count sync alarms against client reads.
    const signedOutWindow = async (world: World, key: 'keepAlive' | 'observe') => {
      const page = tabs[key] ?? (await world.openDemo());
      await page.evaluate(() => window.demo.signOut());
      await world.waitForSnapshot((s) => s.currentSessionId === null);
      await page.close();
      const alarms = await alarmCounter(world);
      await sleep(1_000);
      const from = Date.now();
      await sleep(SIGNED_OUT_WINDOW_MS);
      const to = Date.now();
      signedOut[key] = {
        requests: await extensionRequests(world, from, to),
        syncAlarms: (await alarms.since(from, to)).filter((a) => a.name.startsWith('sync:')).length,
      };
    };
    await Promise.all([signedOutWindow(keepAlive, 'keepAlive'), signedOutWindow(observe, 'observe')]);
    // Two builds, two worlds and 60 s of measured windows: more than the default hook timeout on a busy machine.
  }, 300_000);

  afterAll(async () => {
    await keepAlive?.close();
    await observe?.close();
  });

  it('keep-alive: at most 1.5 token requests per token lifetime for a signed-in app', () => {
    const keepAliveTokens = keepAliveSignedIn.filter(isToken);
    const lifetimes = SIGNED_IN_WINDOW_MS / TOKEN_LIFETIME_MS;
    // The rate, from the spacing of the mints: a count in a fixed window also counts where the
    // window's edges fall (5 mints in 30 s at the designed 7.5 s spacing minus a second of alarm
    // jitter, seen on a loaded machine, is 1.4 per lifetime, not 1.67).
    const at = keepAliveTokens.map((r) => Date.parse(r.at));
    const meanGapMs = at.length > 1 ? ((at.at(-1) as number) - (at[0] as number)) / (at.length - 1) : null;
    console.info(
      `keep-alive: ${keepAliveTokens.length} token requests in ${lifetimes} token lifetimes, mean gap ${meanGapMs} ms`,
    );
    expect(keepAliveTokens.length).toBeGreaterThanOrEqual(2);
    // The engine mints when the token has its lead (a quarter of a 10 s lifetime) plus 1 s of alarm
    // jitter left: never closer than 6.5 s, 1.54 per lifetime at worst for these short tokens (1.33
    // at the designed 7.5 s). A storm or a mint per sync alarm (5 s) is far below.
    expect(meanGapMs).toBeGreaterThanOrEqual(TOKEN_LIFETIME_MS * 0.75 - 1000);
    expect(keepAliveTokens.length).toBeLessThanOrEqual(Math.floor(1.5 * lifetimes) + 1);
  });

  it('keep-alive, app tab closed: client reads ride with the mints; sync alarms between them send nothing', () => {
    const reads = keepAliveSignedIn.filter((r) => r.method === 'GET' && r.path === '/v1/client');
    const mints = keepAliveSignedIn.filter(isToken);
    const others = keepAliveSignedIn.filter((r) => !isToken(r) && !(r.method === 'GET' && r.path === '/v1/client'));
    console.info(
      `keep-alive: ${mints.length} mints, ${reads.length} client reads, ${others.length} other in ${SIGNED_IN_WINDOW_MS / 1000} s`,
    );
    expect(others.filter(isTouch)).toEqual([]);
    // One read after each mint; at most three more: the measurement of the server's behaviours
    // after sign-in (reads in which nobody minted; one that lands within 2 s of a mint observes
    // nothing and is repeated). Before the read policy: one read per sync alarm on top (6 more).
    expect(reads.length).toBeGreaterThanOrEqual(mints.length);
    expect(reads.length).toBeLessThanOrEqual(mints.length + 3);
    const close = reads.filter(
      (r, i) => i > 0 && Date.parse(r.at) - Date.parse((reads[i - 1] as RequestLogEntry).at) < KEEP_ALIVE_SYNC_S * 1000 - 1000,
    );
    expect(close.length).toBeLessThanOrEqual(3);
  });

  it('observe: no token and no touch request, while it keeps reading the client', () => {
    expect(observeSignedIn.filter((r) => isToken(r) || isTouch(r))).toEqual([]);
    expect(observeSignedIn.some((r) => r.method === 'GET' && r.path === '/v1/client')).toBe(true);
  });

  it('observe with the app tab open: one read per sync alarm and per token the app minted, not per clerk-js cookie rewrite', () => {
    // The world syncs every 3 s; clerk-js rewrites __client_uat (same value) every ~1.5 s and
    // mints a 10 s token about every 8 s. Issue 22: each of those mints is read at once, so
    // observe is as true as keep-alive; the rewrites cause nothing.
    const { budget, appTokenReads } = observeTabOpen;
    console.info(`observe, app tab open: ${budget.detail}; ${appTokenReads} of them read a token the app minted`);
    expect(budget.reads, budget.detail).toBeLessThanOrEqual(budget.causes);
    expect(appTokenReads).toBeGreaterThanOrEqual(1);
  });

  it.each(['keepAlive', 'observe'] as const)('%s, signed out: nothing but one GET /v1/client per sync alarm', (key) => {
    const { requests, syncAlarms } = signedOut[key];
    console.info(`${key} signed out: ${requests.length} requests, ${syncAlarms} sync alarms in ${SIGNED_OUT_WINDOW_MS / 1000} s`);
    expect(syncAlarms).toBeGreaterThanOrEqual(2);
    expect(requests.filter((r) => !(r.method === 'GET' && r.path === '/v1/client'))).toEqual([]);
    // One read per alarm; +1 for an alarm that fired just before the window and answered inside it.
    expect(requests.length).toBeLessThanOrEqual(syncAlarms + 1);
  });
});
