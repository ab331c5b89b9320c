/**
 * Scenario 7 (issue 6): Frontend API faults injected through the emulator's control API — a 429
 * with `retry-after`, a dropped connection (outage) and 503s. The popup keeps the last good data
 * under a stale/unreachable banner with the error and its time; the engine backs off (honouring
 * `retry-after`) instead of retrying every sync period, and recovers by itself when the faults
 * stop, without a burst of requests.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '../../lib/snapshot';
import type { RequestLogEntry } from '../emulator/traffic';
import { extensionRequests, pollUntil, screenshot, testIdText } from './scenario-helpers';
import { startWorld, type World } from './world';

const SYNC_PERIOD_MS = 3000;

/** The popup's way of printing a local time (components/popup/format-time.ts), in the popup's locale. */
function shownTime(popup: Page, at: number): Promise<string> {
  return popup.evaluate(
    (ms) => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    at,
  );
}

const faulted = (r: RequestLogEntry) => r.faultId !== null;
const atMs = (r: RequestLogEntry) => Date.parse(r.at);

describe('FAPI outage, 5xx and 429', () => {
  let world: World;
  let popup: Page;
  let sessionId = '';
  let lastGood: SessionSnapshot;

  beforeAll(async () => {
    world = await startWorld({ setUp: true, variant: 'e2e-s7-outage', syncPeriodSeconds: SYNC_PERIOD_MS / 1000 });
    const page = await world.openDemo();
    sessionId = await world.signInOnDemo(page);
    await world.waitForSnapshot((s) => s.currentSessionId === sessionId && s.token?.mintedBy === 'extension');
    // The app's own tab would hit the faults too: only the extension talks to FAPI from here on.
    await page.close();
    lastGood = await world.waitForSnapshot((s) => !s.stale && s.lastRefresh?.trigger === 'alarm');
    popup = await world.browser.openPopup();
    await pollUntil(
      () => testIdText(popup, 'status'),
      (t) => /Healthy/.test(t),
      5000,
      'popup healthy',
    );
  });
  afterAll(async () => {
    await world?.close();
  });

  it('429 with retry-after: stale data with the error and its time; no request before retry-after; recovers', async () => {
    await world.emulator.control.addFault({ path: '/v1/**', status: 429, retryAfter: 7 });
    const start = Date.now();
    const first = (
      await pollUntil(
        () => extensionRequests(world, faulted),
        (list) => list.length > 0,
        SYNC_PERIOD_MS + 5000,
        'first faulted request',
      )
    )[0] as RequestLogEntry;
    expect(first.status).toBe(429);

    const stale = await world.waitForSnapshot((s) => s.error?.kind === 'rate-limited', 5000);
    expect(stale.stale).toBe(true);
    expect(stale.error?.retryAt).toBeGreaterThanOrEqual((stale.error?.at ?? 0) + 7000);
    // The last good data is kept.
    expect(stale.currentSessionId).toBe(sessionId);
    expect(stale.lastRefresh?.at).toBeGreaterThanOrEqual(lastGood.lastRefresh?.at ?? 0);
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Stale/);
    const details = await testIdText(popup, 'error-details');
    expect(details).toMatch(/rate-limited:.*429/);
    expect(details).toContain(`at ${await shownTime(popup, stale.error?.at ?? 0)}`);
    expect(details).toMatch(/Next retry in \d+s/);
    expect(await testIdText(popup, 'last-good')).toMatch(/Showing last good data from/);
    expect(await testIdText(popup, 'session-state')).toBe('active');
    await screenshot(popup, 'stale-rate-limited');

    // Faults stop. Nothing may be sent before retry-after has passed, even though alarms keep firing.
    await world.emulator.control.clearFaults();
    const recovered = await world.waitForSnapshot((s) => !s.stale && s.error === null, 20_000);
    const during = await extensionRequests(world, (r) => atMs(r) >= start && atMs(r) < (recovered.lastRefresh?.at ?? 0));
    const after = (await extensionRequests(world, (r) => atMs(r) > atMs(first))).filter((r) => r.seq !== first.seq);
    expect(atMs(after[0] as RequestLogEntry) - atMs(first)).toBeGreaterThanOrEqual(7000 - 500);
    expect(during.filter(faulted).length).toBeLessThanOrEqual(Math.ceil((Date.now() - start) / SYNC_PERIOD_MS));
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Healthy/);
    expect(await popup.getByTestId('error-details').count()).toBe(0);
  });

  it('an outage (dropped connections) then 503s: unreachable, then stale with HTTP 503; backoff, then recovery without a burst', async () => {
    await world.emulator.control.addFault({ path: '/v1/**', drop: true });
    const start = Date.now();
    const unreachable = await world.waitForSnapshot((s) => s.error?.kind === 'network' || s.error?.kind === 'timeout', 15_000);
    expect(unreachable.currentSessionId).toBe(sessionId);
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/FAPI unreachable/);
    expect(await testIdText(popup, 'error-details')).toContain('Could not reach');
    expect(await testIdText(popup, 'error-details')).toContain(`at ${await shownTime(popup, unreachable.error?.at ?? 0)}`);
    await screenshot(popup, 'unreachable');

    // The outage turns into server errors: the next attempt comes after the backoff (5 s), not the next sync period.
    await world.emulator.control.clearFaults();
    await world.emulator.control.addFault({ path: '/v1/**', status: 503 });
    const serverError = await world.waitForSnapshot((s) => s.error?.httpStatus === 503, 15_000);
    expect(serverError.error?.at ?? 0).toBeGreaterThanOrEqual((unreachable.error?.at ?? 0) + 5000 - 500);
    expect(serverError.currentSessionId).toBe(sessionId);
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Stale/);
    const details = await testIdText(popup, 'error-details');
    expect(details).toMatch(/HTTP 503:/);
    expect(details).toContain(`at ${await shownTime(popup, serverError.error?.at ?? 0)}`);
    expect(await testIdText(popup, 'session-state')).toBe('active');
    await screenshot(popup, 'stale-503');

    // Faults stop; the engine comes back on its own at the end of the backoff (10 s after the second failure).
    await world.emulator.control.clearFaults();
    const recovered = await world.waitForSnapshot((s) => !s.stale && s.error === null, 20_000);
    const recoveredAt = recovered.lastRefresh?.at ?? 0;
    expect(recoveredAt - (serverError.error?.at ?? 0)).toBeGreaterThanOrEqual(10_000 - 1000);
    const windowMs = recoveredAt - start;
    const during = await extensionRequests(world, (r) => atMs(r) >= start && atMs(r) < recoveredAt);
    // Two failed attempts in ~20 s, where a retry on every sync period would make ~7. (Chromium itself may
    // resend a GET once when its connection is dropped: requests within a second are one attempt.)
    const attempts = during.filter((r, i) => i === 0 || atMs(r) - atMs(during[i - 1] as RequestLogEntry) > 1000);
    expect(attempts.length).toBe(2);
    expect(during.length).toBeLessThanOrEqual(Math.ceil(windowMs / SYNC_PERIOD_MS));
    expect(during.every(faulted)).toBe(true);

    // No burst on recovery: the next 4 s look like normal operation (a read per sync period, maybe one mint).
    await new Promise((r) => setTimeout(r, 4000));
    const burst = await extensionRequests(world, (r) => atMs(r) >= recoveredAt - 50 && atMs(r) < recoveredAt + 4000);
    expect(burst.every((r) => r.status === 200)).toBe(true);
    expect(burst.length).toBeLessThanOrEqual(5);
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Healthy/);
    expect((await world.emulator.control.getSession(sessionId)).status).toBe('active');
  });
});
