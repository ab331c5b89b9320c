/**
 * Scenario 9 (issue 6): the emulator's clock runs two minutes ahead of the browser's. The
 * countdowns (session age, effective end, token expiry) in the snapshot's derived numbers and in
 * the popup's text stay within 2 s of the emulator's truth, computed from its session record in
 * server time and the server clock (real now + offset).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionNumbers } from '../../lib/session-math';
import { extensionRequests, parseDuration, parseRelative, screenshot, testIdText } from './scenario-helpers';
import { startWorld, type World } from './world';

const OFFSET_MS = 120_000;
const MAX_LIFETIME_MS = 10 * 60_000;
const TOKEN_LIFETIME_MS = 60_000;

describe('a server clock two minutes ahead of the browser', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ setUp: true, variant: 'e2e-s9-clock' });
    await world.emulator.control.setSettings({
      clockOffsetMs: OFFSET_MS,
      maxLifetimeMs: MAX_LIFETIME_MS,
      tokenLifetimeMs: TOKEN_LIFETIME_MS,
    });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('keeps session age, effective end and token countdown within 2 s of the emulator', async () => {
    const page = await world.openDemo();
    const signInAt = Date.now();
    const sessionId = await world.signInOnDemo(page);
    const snapshot = await world.waitForSnapshot((s) => s.currentSessionId === sessionId && s.token?.mintedBy === 'extension');
    // Only the extension from here on (the page would mint its own tokens).
    await page.close();

    // The emulator really runs ahead: its session record and its request log are in server time.
    const record = await world.emulator.control.getSession(sessionId);
    expect(record.createdAt - signInAt).toBeGreaterThan(OFFSET_MS - 5000);
    expect(record.createdAt - signInAt).toBeLessThan(OFFSET_MS + 5000);
    const lastRead = (await extensionRequests(world, (r) => r.path === '/v1/client')).at(-1);
    expect(lastRead?.serverTime).toBeTypeOf('number');
    expect((lastRead?.serverTime ?? 0) - Date.parse(lastRead?.at ?? '')).toBe(OFFSET_MS);
    expect(Math.abs(snapshot.clockOffsetMs - OFFSET_MS)).toBeLessThanOrEqual(1000);

    // Truth: the emulator's deadlines against the server clock, at the same instant as the derived numbers.
    const truthAt = (now: number) => {
      const serverNow = now + OFFSET_MS;
      const tokenExp = Math.floor((record.lastTokenIat ?? 0) / 1000) * 1000 + TOKEN_LIFETIME_MS;
      return {
        sessionAgeMs: serverNow - record.createdAt,
        effectiveEndLeftMs: Math.min(record.expireAt, record.abandonAt) - serverNow,
        tokenLeftMs: tokenExp - serverNow,
      };
    };
    const latest = await world.waitForSnapshot((s) => s.token?.issuedAt === Math.floor((record.lastTokenIat ?? 0) / 1000) * 1000);
    const now = Date.now();
    const numbers = sessionNumbers(latest, now);
    const truth = truthAt(now);
    expect(record.expireAt).toBe(record.createdAt + MAX_LIFETIME_MS);
    expect(Math.abs((numbers.sessionAgeMs ?? Number.NaN) - truth.sessionAgeMs)).toBeLessThanOrEqual(2000);
    expect(Math.abs((numbers.effectiveEnd.leftMs ?? Number.NaN) - truth.effectiveEndLeftMs)).toBeLessThanOrEqual(2000);
    expect(Math.abs((numbers.token.leftMs ?? Number.NaN) - truth.tokenLeftMs)).toBeLessThanOrEqual(2000);
    // Without the offset correction every number would be two minutes off.
    expect(Math.abs((numbers.sessionAgeMs ?? 0) - (now - record.createdAt))).toBeGreaterThan(OFFSET_MS - 2000);

    // The popup's text: same numbers, one-second display resolution.
    const popup = await world.browser.openPopup();
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Healthy|Ends soon/);
    const shown = {
      at: Date.now(),
      age: parseDuration(await testIdText(popup, 'session-age-value')),
      end: parseRelative(await testIdText(popup, 'effective-end')),
      token: parseRelative(await testIdText(popup, 'token-countdown')),
    };
    const shownTruth = truthAt(shown.at);
    expect(Math.abs(shown.age - shownTruth.sessionAgeMs)).toBeLessThanOrEqual(2000);
    expect(Math.abs(shown.end - shownTruth.effectiveEndLeftMs)).toBeLessThanOrEqual(2000);
    expect(Math.abs(shown.token - shownTruth.tokenLeftMs)).toBeLessThanOrEqual(2000);
    expect(await popup.getByText(/Server clock/).count()).toBe(1);
    expect(await popup.locator('dd', { hasText: /ahead by/ }).textContent()).toMatch(/ahead by (1m 59s|2m 00s|2m 01s)/);
    await screenshot(popup, 'clock-offset');
  });
});
