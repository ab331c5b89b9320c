import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './world';

const TOKEN_LIFETIME_MS = 10_000;

describe('keep-alive: tokens on the alarm schedule, and no more', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ mode: 'keep-alive' });
    await world.emulator.control.setSettings({ tokenLifetimeMs: TOKEN_LIFETIME_MS });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('mints about once per token lifetime minus the lead, and "last token refresh" advances', async () => {
    const page = await world.openDemo();
    const sessionId = await world.signInOnDemo(page);
    await world.waitForSnapshot((s) => s.currentSessionId === sessionId && s.token?.mintedBy === 'extension');
    // Only the extension should mint from here on: close the app's tab (it refreshes its own token).
    await page.close();
    const popup = await world.browser.openPopup();

    const first = await world.snapshot();
    const windowStart = Date.now();
    const windowStartServer = new Date().toISOString();
    const windowMs = 30_000;
    await new Promise((r) => setTimeout(r, windowMs));
    const last = await world.snapshot();

    const tokenRequests = (await world.emulator.control.requests({ source: 'extension' })).filter(
      (r) => r.path.endsWith('/tokens') && r.at >= windowStartServer,
    );
    const lifetimes = windowMs / TOKEN_LIFETIME_MS;
    // Mints happen a quarter lifetime (at most 5 s) before expiry: every ~7.5 s with 10 s tokens,
    // 1.33 per lifetime; the budget is 1.5.
    expect(tokenRequests.length).toBeGreaterThanOrEqual(Math.floor(windowMs / 8_500));
    expect(tokenRequests.length).toBeLessThanOrEqual(Math.ceil(1.5 * lifetimes));
    expect(tokenRequests.every((r) => r.status === 200)).toBe(true);

    // The last token refresh advanced, was ours, and the session stayed alive.
    expect(last?.token?.issuedAt).toBeGreaterThan(first?.token?.issuedAt ?? Number.POSITIVE_INFINITY);
    expect(last?.token?.mintedBy).toBe('extension');
    expect(last?.token?.mintLatencyMs).toBeTypeOf('number');
    expect((await world.emulator.control.getSession(sessionId)).status).toBe('active');
    // Tokens never lapsed by more than alarm jitter: the current one is valid now.
    expect((last?.token?.expiresAt ?? 0) - (last?.clockOffsetMs ?? 0)).toBeGreaterThan(Date.now() - 2000);
    // The popup shows a "last token refresh" younger than the mint interval.
    await expect
      .poll(
        () =>
          popup
            .getByText(/by this extension/)
            .first()
            .isVisible(),
        { timeout: 5000 },
      )
      .toBe(true);
    expect(Date.now() - windowStart).toBeGreaterThanOrEqual(windowMs);
  });
});
