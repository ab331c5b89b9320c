/**
 * Scenarios 3 and 4 (issue 6): the inactivity window drains in observe mode and the session is
 * shown expired when the emulator expires it, without a single token or touch from the
 * extension; the same setup in keep-alive stays active; the maximum lifetime ends a session
 * despite the activity keep-alive creates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentSession, sessionNumbers } from '../../lib/session-math';
import {
  badgeText,
  extensionRequests,
  isTokenRequest,
  isTouchRequest,
  parseDuration,
  patchApp,
  pollUntil,
  screenshot,
  testIdText,
} from './scenario-helpers';
import { startWorld, type World } from './world';

const INACTIVITY_MS = 18_000;

describe('observe mode: the inactivity window drains, and nothing from the extension counts as activity', () => {
  let world: World;
  beforeAll(async () => {
    // Observe sends only GETs: a fresh instance (no allowed origins) is enough.
    world = await startWorld({ mode: 'observe', variant: 'e2e-s3-observe' });
    await world.emulator.control.setSettings({ inactivityTimeoutMs: INACTIVITY_MS });
    // The developer declares the Dashboard setting (Clerk does not expose it to browsers).
    await world.waitForSnapshot(() => true);
    await patchApp(world, world.appId, {
      declared: { inactivityTimeoutSeconds: INACTIVITY_MS / 1000, maximumLifetimeSeconds: null },
    });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('drains in the popup and the badge with the app tab closed, then shows expired; no token or touch requests', async () => {
    const page = await world.openDemo();
    const sessionId = await world.signInOnDemo(page);
    await world.waitForSnapshot((s) => s.currentSessionId === sessionId && s.inactivityTimeout.source === 'declared');
    await page.close();

    const popup = await world.browser.openPopup();
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 10_000 }).toMatch(/Healthy|Ends soon|Expiring/);
    const first = parseDuration(await testIdText(popup, 'inactivity-left'));
    // Matches the emulator's deadline (server time) within the display's one-second resolution.
    const record = await world.emulator.control.getSession(sessionId);
    const settings = await world.emulator.control.getSettings();
    const truthLeft = record.expireAt - (Date.now() + settings.clockOffsetMs);
    expect(Math.abs(first - truthLeft)).toBeLessThanOrEqual(2000);
    expect(first).toBeLessThanOrEqual(INACTIVITY_MS);
    const firstBadge = await badgeText(world);
    expect(firstBadge).toMatch(/^\d+s$/);
    await screenshot(popup, 'observe-draining');

    const second = await pollUntil(
      async () => parseDuration(await testIdText(popup, 'inactivity-left')),
      (v) => v <= first - 2000,
      10_000,
      'inactivity window drains',
    );
    expect(second).toBeLessThan(first);
    // The badge is redrawn on every sync (every 3 s here): it follows the same countdown.
    const secondBadge = await pollUntil(
      () => badgeText(world),
      (t) => /^\d+s$/.test(t) && parseDuration(t) < parseDuration(firstBadge),
      10_000,
      'badge follows',
    );
    expect(parseDuration(secondBadge)).toBeLessThan(parseDuration(firstBadge));

    // The emulator expires the session at its deadline; the next read shows it.
    const expired = await world.waitForSnapshot((s) => currentSession(s)?.status === 'expired', INACTIVITY_MS + 15_000);
    expect(expired.error).toBeNull();
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Expired/);
    await expect.poll(() => testIdText(popup, 'session-state'), { timeout: 5000 }).toBe('expired');
    await expect.poll(() => badgeText(world), { timeout: 8000 }).toBe('exp');
    await screenshot(popup, 'expired');
    expect((await world.emulator.control.getSession(sessionId)).status).toBe('expired');

    const requests = await extensionRequests(world);
    expect(requests.filter((r) => r.path === '/v1/client').length).toBeGreaterThan(3);
    expect(requests.filter(isTokenRequest)).toEqual([]);
    expect(requests.filter(isTouchRequest)).toEqual([]);
  });
});

describe('keep-alive: the same setup stays active; the maximum lifetime still ends it', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ setUp: true, mode: 'keep-alive', variant: 'e2e-s3-keep-alive' });
    // Tokens shorter than the inactivity timeout, so the extension's mints (every ~4.5 s) keep it alive.
    await world.emulator.control.setSettings({ inactivityTimeoutMs: 12_000, tokenLifetimeMs: 6000 });
  });
  afterAll(async () => {
    await world?.close();
  });

  let sessionId = '';

  it('stays active past the inactivity timeout with the app tab closed; the extension minted the tokens', async () => {
    const page = await world.openDemo();
    sessionId = await world.signInOnDemo(page);
    await world.waitForSnapshot((s) => s.currentSessionId === sessionId && s.token?.mintedBy === 'extension');
    await page.close();
    const closedAt = new Date().toISOString();
    const popup = await world.browser.openPopup();

    // Wait one and a half timeouts: without activity the session would have expired by now.
    await new Promise((r) => setTimeout(r, 18_000));
    const record = await world.emulator.control.getSession(sessionId);
    expect(record.status).toBe('active');
    const tokens = await extensionRequests(world, (r) => isTokenRequest(r) && r.at >= closedAt);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(tokens.every((r) => r.status === 200)).toBe(true);
    // No page is open: every token after the tab closed came from the extension.
    const pageTokens = (await world.emulator.control.requests({ source: 'page' })).filter(
      (r) => isTokenRequest(r) && r.at >= closedAt,
    );
    expect(pageTokens).toEqual([]);

    const snapshot = await world.waitForSnapshot((s) => s.token?.mintedBy === 'extension' && !s.stale);
    expect(currentSession(snapshot)?.status).toBe('active');
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Healthy|Ends soon|Expiring/);
    await expect.poll(() => testIdText(popup, 'session-state'), { timeout: 5000 }).toBe('active');
    await screenshot(popup, 'keep-alive-active');
    await popup.close();
  });

  it('maximum lifetime reached: shown expired despite the activity, and the emulator says expired', async () => {
    const settings = await world.emulator.control.getSettings();
    const before = await world.emulator.control.getSession(sessionId);
    const serverNow = Date.now() + settings.clockOffsetMs;
    // The maximum lifetime ends the session 6 s from now, whatever the activity.
    const maxLifetimeMs = serverNow - before.createdAt + 6000;
    await world.emulator.control.setSettings({ maxLifetimeMs });
    const popup = await world.browser.openPopup();

    const expired = await world.waitForSnapshot((s) => currentSession(s)?.status === 'expired', 20_000);
    const endedAt = Date.now();
    const record = await world.emulator.control.getSession(sessionId);
    expect(record.status).toBe('expired');
    expect(record.expireAt).toBe(before.createdAt + maxLifetimeMs);
    // There was activity up to the end: the extension kept minting (last activity within a mint period of the end).
    expect(record.lastActiveAt).toBeGreaterThan(record.expireAt - 6000);
    const numbers = sessionNumbers(expired, Date.now());
    expect(numbers.effectiveEnd.leftMs).toBeLessThanOrEqual(0);

    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Expired/);
    await expect.poll(() => testIdText(popup, 'session-state'), { timeout: 5000 }).toBe('expired');
    await expect.poll(() => badgeText(world), { timeout: 8000 }).toBe('exp');
    await screenshot(popup, 'max-lifetime-expired');

    // After the end the extension stops minting for that session (at most one failed attempt in flight).
    await new Promise((r) => setTimeout(r, 4000));
    const afterEnd = await extensionRequests(world, (r) => isTokenRequest(r) && Date.parse(r.at) > endedAt);
    expect(afterEnd.length).toBeLessThanOrEqual(1);
  });
});
