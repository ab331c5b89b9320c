/**
 * Strict like Clerk (issue 10), the session rules, end to end in one world (the shared
 * development keep-alive build) against an instance with the maximum lifetime off:
 *   - maximum lifetime off: the effective end follows the inactivity window (expire_at moves with
 *     each mint), and the popup says "unknown" until the developer declares it off;
 *   - single-session mode: a second sign-in gets 400 session_exists in the app, and the extension
 *     keeps the first session;
 *   - a revoked session leaves client.sessions, and the popup says signed out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionNumbers } from '../../lib/session-math';
import { extensionRequests, patchApp, testIdText } from './scenario-helpers';
import { DEMO_USER, startWorld, type World } from './world';

const INACTIVITY_MS = 10 * 60_000;
const TOKEN_LIFETIME_MS = 8_000;

describe('strict like Clerk: session rules', () => {
  let world: World;
  let sessionId: string;
  beforeAll(async () => {
    world = await startWorld({ setUp: true });
    await world.emulator.control.setSettings({
      maxLifetimeMs: null,
      inactivityTimeoutMs: INACTIVITY_MS,
      tokenLifetimeMs: TOKEN_LIFETIME_MS,
    });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('maximum lifetime off: the effective end is the inactivity window, moving with each mint; "unknown" until declared off', async () => {
    const page = await world.openDemo();
    sessionId = await world.signInOnDemo(page);
    const first = await world.waitForSnapshot((s) => s.currentSessionId === sessionId && s.token?.mintedBy === 'extension');
    const firstEnd = first.sessions[0]?.expireAt ?? 0;
    const later = await world.waitForSnapshot((s) => (s.sessions[0]?.expireAt ?? 0) > firstEnd + 1000, 20_000);
    const record = await world.emulator.control.getSession(sessionId);
    expect(record.expireAt).toBe(record.lastActiveAt + INACTIVITY_MS);
    const session = later.sessions[0];
    expect(session?.expireAt).toBe(session ? session.lastActiveAt + INACTIVITY_MS : Number.NaN);

    const numbers = sessionNumbers(later, Date.now());
    expect(numbers.maximumLifetime.deadline).toBeNull();
    expect(numbers.effectiveEnd.leftMs).toBeGreaterThan(INACTIVITY_MS - 30_000);
    // (+2 s: the clock estimate's resolution.)
    expect(numbers.effectiveEnd.leftMs).toBeLessThanOrEqual(INACTIVITY_MS + 2000);

    const popup = await world.browser.openPopup();
    await expect.poll(() => testIdText(popup, 'max-lifetime'), { timeout: 5000 }).toContain('unknown');
    await patchApp(world, world.appId, { declared: { inactivityTimeoutSeconds: null, maximumLifetimeSeconds: 0 } });
    await expect.poll(() => testIdText(popup, 'max-lifetime'), { timeout: 10_000 }).toBe('off (declared)');
    await popup.close();
    await page.close();
  });

  it('single-session mode: a second sign-in is refused with session_exists; the extension keeps the first session', async () => {
    const page = await world.openDemo();
    const refused = await page.evaluate(
      ({ email, password }) =>
        window.demo.signIn(email, password).then(
          () => 'signed in',
          (error: { errors?: Array<{ code?: string }>; message?: string }) => error.errors?.[0]?.code ?? error.message ?? 'error',
        ),
      DEMO_USER,
    );
    expect(refused).toBe('session_exists');
    await page.close();
    const before = (await extensionRequests(world)).at(-1)?.seq ?? 0;
    await expect
      .poll(async () => (await extensionRequests(world, (r) => r.path === '/v1/client' && r.seq > before)).length, {
        timeout: 15_000,
      })
      .toBeGreaterThan(1);
    const snapshot = await world.snapshot();
    expect(snapshot?.currentSessionId).toBe(sessionId);
    expect(snapshot?.sessions.map((s) => [s.id, s.status])).toEqual([[sessionId, 'active']]);
    expect((await world.emulator.control.getSession(sessionId)).status).toBe('active');
  });

  it('a revoked session leaves the client’s list; the popup says signed out', async () => {
    await world.emulator.control.revokeSession(sessionId);
    const after = await world.waitForSnapshot((s) => s.currentSessionId === null, 20_000);
    expect(after.sessions.map((s) => s.id)).not.toContain(sessionId);
    const popup = await world.browser.openPopup();
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Signed out/);
    await popup.close();
  });
});
