/**
 * A bench world: one emulator (its own Clerk, its own request log) and one Chromium with the
 * extension(s), put in a state (signed in or out, the demo app's tab open or closed) through the
 * demo app's real clerk-js, as a user would. Also the alarm counter read from an extension page.
 */
import type { Page } from 'playwright-core';
import { DEMO_USER } from '../e2e/world';
import type { ClerkPage } from '../emulator/clerk-page';
import { type Emulator, startEmulator } from '../emulator/server';
import type { RequestLogEntry } from '../emulator/traffic';
import { type BenchBrowser, launchBench } from './browser';
import { inWindow } from './network';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface World {
  name: string;
  emulator: Emulator;
  browser: BenchBrowser;
  /** The demo app's page, while open. */
  demoTab: Page | null;
}

export interface WorldSettings {
  tokenLifetimeMs: number;
  /** null: off (Clerk's default). */
  inactivityTimeoutMs: number | null;
}

export async function startBenchWorld(name: string, extensionDirs: string[], settings: WorldSettings): Promise<World> {
  const emulator = await startEmulator({ logErrors: true });
  try {
    await emulator.control.createUser(DEMO_USER);
    await emulator.control.setSettings(settings);
    const browser = await launchBench({ extensionDirs, hosts: emulator.resolverHosts() });
    // A set-up instance (tests/e2e/world.ts setUpInstance): the extension's origin allowed, as a
    // developer's instance has it; the bench measures a working product, not the first refusal.
    await emulator.control.updateInstance({ allowed_origins: [`chrome-extension://${browser.extensionId}`] });
    await browser.probe();
    return { name, emulator, browser, demoTab: null };
  } catch (error) {
    await emulator.close().catch(() => undefined);
    throw error;
  }
}

export async function closeWorld(world: World): Promise<void> {
  await world.browser.close().catch(() => undefined);
  await world.emulator.close().catch(() => undefined);
}

export async function waitFor<T>(
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

/** Signs in on the demo app's page (left open) and waits for the extension's signed-in snapshot. */
export async function signIn(world: World, demo: ClerkPage): Promise<string> {
  const page = await world.browser.context.newPage();
  await page.goto(demo.origin);
  await page.waitForFunction(() => window.demo !== undefined, undefined, { timeout: 30_000 });
  const sessionId = await page.evaluate(({ email, password }) => window.demo.signIn(email, password), DEMO_USER);
  world.demoTab = page;
  await waitFor(
    `${world.name}: signed-in snapshot`,
    () => world.browser.snapshot(),
    (s) => s?.currentSessionId === sessionId,
    30_000,
  );
  return sessionId;
}

export async function signOut(world: World): Promise<void> {
  await world.demoTab?.evaluate(() => window.demo.signOut());
  await waitFor(
    `${world.name}: signed-out snapshot`,
    () => world.browser.snapshot(),
    (s) => s !== null && s.currentSessionId === null,
    30_000,
  );
}

export async function closeDemoTab(world: World): Promise<void> {
  await world.demoTab?.close();
  world.demoTab = null;
}

/** Keep-alive: the extension has minted its own token (its schedule runs from here on). */
export async function waitForExtensionToken(world: World): Promise<void> {
  await waitFor(
    `${world.name}: first extension token`,
    () => world.browser.snapshot(),
    (s) => s?.token?.mintedBy === 'extension',
    90_000,
    250,
  );
}

export interface AlarmEvent {
  name: string;
  at: number;
}

/** Counts our alarms from an extension page (alarm events reach every extension context). */
export async function startAlarmCounter(world: World): Promise<void> {
  await (await world.browser.probe()).evaluate(() => {
    const w = window as unknown as { __alarms: AlarmEvent[] };
    w.__alarms = [];
    chrome.alarms.onAlarm.addListener((alarm: { name: string }) => w.__alarms.push({ name: alarm.name, at: Date.now() }));
  });
}

export async function alarmsBetween(world: World, from: number, to: number): Promise<AlarmEvent[]> {
  const all = await (await world.browser.probe()).evaluate(() => (window as unknown as { __alarms: AlarmEvent[] }).__alarms);
  return all.filter((a) => a.at >= from && a.at < to);
}

export async function requestsIn(
  world: World,
  source: 'extension' | 'page',
  from: number,
  to: number,
): Promise<RequestLogEntry[]> {
  return (await world.emulator.control.requests({ source })).filter((r) => inWindow(r, from, to));
}

/** Runs `start` for each item with at most `limit` at once (10 Chromiums starting together on 2 cores time out). */
export async function inBatches<T, R>(items: T[], limit: number, start: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await start(items[i] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}
