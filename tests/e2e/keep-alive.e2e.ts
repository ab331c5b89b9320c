/**
 * Keep-alive in the real worker: the extension mints on its alarm schedule and no more, and while
 * the app's own tab is open it follows the app's mints (its `__session` cookie) within 2 s, so the
 * inactivity window it shows stays the server's (lib/engine/read-policy.ts, cookie-watch.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './world';

const TOKEN_LIFETIME_MS = 10_000;

describe('keep-alive: tokens on the alarm schedule, and no more', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ setUp: true, mode: 'keep-alive' });
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

  it("with the app's tab open, each of the app's own mints is read within 2 s (its __session changed): the inactivity window stays true", async () => {
    const page = await world.openDemo();
    const sessionId = (await world.snapshot())?.currentSessionId ?? (await world.signInOnDemo(page));
    await world.waitForSnapshot((s) => s.currentSessionId === sessionId);
    const from = Date.now();
    const windowMs = 25_000;
    await new Promise((r) => setTimeout(r, windowMs));
    const inWindow = (r: { at: string }) => Date.parse(r.at) >= from && Date.parse(r.at) < from + windowMs - 2_000;
    const appMints = (await world.emulator.control.requests({ source: 'page' })).filter(
      (r) => inWindow(r) && r.path.endsWith('/tokens') && r.status === 200,
    );
    const extension = (await world.emulator.control.requests({ source: 'extension' })).filter((r) => Date.parse(r.at) >= from);
    const reads = extension.filter((r) => r.method === 'GET' && r.path === '/v1/client').map((r) => Date.parse(r.at));
    const delays = appMints.map((m) => {
      const at = Date.parse(m.at);
      const next = reads.find((t) => t >= at);
      return next === undefined ? Number.POSITIVE_INFINITY : next - at;
    });
    console.info(
      `app tab open: ${appMints.length} app mints, read after ${delays.join(', ')} ms; extension: ${extension.filter((r) => r.path.endsWith('/tokens')).length} mints, ${reads.length} reads`,
    );
    expect(appMints.length).toBeGreaterThanOrEqual(2);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(2_000);
    // And the snapshot shows the server's last activity.
    const [snapshot, clients] = await Promise.all([world.snapshot(), world.emulator.control.listClients()]);
    const server = clients.flatMap((c) => c.sessions).find((x) => x.id === sessionId);
    const shown = snapshot?.sessions.find((x) => x.id === sessionId);
    expect(Math.abs((server?.lastActiveAt ?? 0) - (shown?.lastActiveAt ?? 0))).toBeLessThanOrEqual(6_000);
    await page.close();
  });
});
