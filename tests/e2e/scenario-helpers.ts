/**
 * Small helpers shared by the real-browser scenarios 3, 4, 5, 7, 8 and 9: reading the popup's
 * numbers, the badge, the emulator's request log, and saving screenshots.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { AppConfig } from '../../lib/apps';
import type { RequestLogEntry } from '../emulator/traffic';
import type { World } from './world';

export const SCREENSHOT_DIR = 'test-results/screenshots';

/** Parses what `formatDuration` prints ("45s", "1m 05s", "-3s", "2d 03h") into ms. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const sign = trimmed.startsWith('-') ? -1 : 1;
  const units: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
  let total = 0;
  let matched = false;
  for (const [, value, unit] of trimmed.matchAll(/(\d+)([dhms])/g)) {
    total += Number(value) * (units[unit as string] ?? 0);
    matched = true;
  }
  if (!matched) throw new Error(`not a duration: "${text}"`);
  return sign * total;
}

/** "in 14m 05s" → +ms, "3m 10s ago" → -ms (what `formatRelative` prints). */
export function parseRelative(text: string): number {
  const trimmed = text.trim();
  const inMatch = /^in (.+?)(?: ·|$)/.exec(trimmed);
  if (inMatch) return parseDuration(inMatch[1] as string);
  const agoMatch = /^(.+?) ago(?: ·|$)/.exec(trimmed);
  if (agoMatch) return -parseDuration(agoMatch[1] as string);
  throw new Error(`not a relative time: "${text}"`);
}

export async function testIdText(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

export async function badgeText(world: World): Promise<string> {
  return world.browser.worker.evaluate(() => chrome.action.getBadgeText({}));
}

export async function extensionRequests(world: World, match?: (r: RequestLogEntry) => boolean): Promise<RequestLogEntry[]> {
  const all = await world.emulator.control.requests({ source: 'extension' });
  return match ? all.filter(match) : all;
}

export const isTokenRequest = (r: RequestLogEntry) => /\/tokens(\/[^/]+)?$/.test(r.path);
export const isTouchRequest = (r: RequestLogEntry) => r.path.endsWith('/touch');

/** Changes the stored config of an app (what the options page would save), from the worker. */
export async function patchApp(world: World, appId: string, patch: Partial<AppConfig>): Promise<void> {
  await world.browser.worker.evaluate(
    async ({ appId, patch }) => {
      const { apps } = (await chrome.storage.local.get('apps')) as { apps: AppConfig[] };
      await chrome.storage.local.set({ apps: apps.map((a) => (a.id === appId ? { ...a, ...patch } : a)) });
    },
    { appId, patch },
  );
}

export async function screenshot(page: Page, state: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/e2e-${state}.png`, fullPage: true });
}

/** Polls `read` until `check` holds; returns the last value. For conditions that need a value back. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not reached in ${timeoutMs} ms; last: ${JSON.stringify(last)?.slice(0, 1000)}`);
}

/** Records every alarm the extension's worker receives, from an extension page (the worker may restart). */
export async function alarmCounter(
  world: World,
): Promise<{ since(from: number, to: number): Promise<Array<{ name: string; at: number }>> }> {
  const page = await world.browser.context.newPage();
  await page.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
  await page.evaluate(() => {
    const w = window as unknown as { __alarms: Array<{ name: string; at: number }> };
    w.__alarms = [];
    chrome.alarms.onAlarm.addListener((alarm: { name: string }) => w.__alarms.push({ name: alarm.name, at: Date.now() }));
  });
  return {
    async since(from, to) {
      const all = await page.evaluate(() => (window as unknown as { __alarms: Array<{ name: string; at: number }> }).__alarms);
      return all.filter((a) => a.at >= from && a.at < to);
    },
  };
}

const inWindow = (r: RequestLogEntry, from: number, to: number) => {
  const at = Date.parse(r.at);
  return at >= from && at < to;
};

/**
 * The client-read budget of one app over [from, to), counted, not timed: every extension
 * `GET /v1/client` must have a cause, and each cause explains at most one read. Causes: an alarm
 * of the app (sync, or mint: a mint is followed by its read), a token the app's own tab minted
 * (its `__session` changed), and a sign-in, sign-out or session switch of the page. Causes are
 * counted from `CAUSE_LEAD_MS` before the window: on a busy machine a read can land seconds after
 * its cause, and a slow read must not count as a storm. A storm (reads on clerk-js cookie
 * rewrites, on another app's cookies) has no cause and breaks the budget however fast the machine.
 */
export const CAUSE_LEAD_MS = 5_000;

export function readBudget(
  requests: RequestLogEntry[],
  alarms: Array<{ name: string; at: number }>,
  appId: string,
  from: number,
  to: number,
): { reads: number; causes: number; detail: string } {
  const reads = requests.filter(
    (r) => r.source === 'extension' && r.method === 'GET' && r.path === '/v1/client' && inWindow(r, from, to),
  );
  const since = from - CAUSE_LEAD_MS;
  const appAlarms = alarms.filter((a) => a.at >= since && a.at < to && a.name.endsWith(`:${appId}`)).length;
  const page = requests.filter((r) => r.source === 'page' && r.status < 400 && inWindow(r, since, to));
  const pageMints = page.filter(isTokenRequest).length;
  const pageChanges = page.filter((r) => r.method !== 'GET' && !isTokenRequest(r) && r.path.startsWith('/v1/client')).length;
  const causes = appAlarms + pageMints + pageChanges;
  return {
    reads: reads.length,
    causes,
    detail: `${reads.length} client reads in ${(to - from) / 1000} s; causes from ${CAUSE_LEAD_MS / 1000} s before: ${appAlarms} alarms, ${pageMints} page mints, ${pageChanges} page session changes`,
  };
}
