import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './world';

describe('sync with the app through the sync host', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ setUp: true, variant: 'e2e-sync' });
    // A 15-minute inactivity timeout and 10 s tokens: keep-alive's mints are activity the
    // extension can learn the timeout from.
    await world.emulator.control.setSettings({ inactivityTimeoutMs: 15 * 60_000, tokenLifetimeMs: 10_000 });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('signing in on the demo app shows the user in the popup within seconds, without reopening it', async () => {
    const popup = await world.browser.openPopup();
    const page = await world.openDemo();
    const started = Date.now();
    const sessionId = await world.signInOnDemo(page);
    const snapshot = await world.waitForSnapshot((s) => s.currentSessionId === sessionId, 10_000);
    expect(snapshot.sessions.find((s) => s.id === sessionId)?.user.email).toBe('ada@example.com');
    await expect.poll(() => popup.getByText('ada@example.com').first().isVisible(), { timeout: 5000 }).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    const extensionRequests = await world.emulator.control.requests({ source: 'extension' });
    expect(extensionRequests.some((r) => r.path === '/v1/client')).toBe(true);
    await popup.screenshot({ path: 'test-results/screenshots/e2e-signed-in.png' });
  });

  it('keep-alive infers the inactivity timeout from expire_at moving with each mint', async () => {
    const snapshot = await world.waitForSnapshot((s) => s.inactivityTimeout.source === 'inferred', 20_000);
    expect(snapshot.inactivityTimeout).toEqual({ seconds: 15 * 60, source: 'inferred' });
    const popup = await world.browser.openPopup();
    await popup.setViewportSize({ width: 400, height: 600 });
    await expect.poll(() => popup.getByTestId('inactivity-left').textContent(), { timeout: 5000 }).toMatch(/^1[45]m \d\ds$/);
    await expect
      .poll(
        () =>
          popup
            .getByText(/inferred/)
            .first()
            .isVisible(),
        { timeout: 5000 },
      )
      .toBe(true);
    await popup.screenshot({ path: 'test-results/screenshots/e2e-inferred.png' });
  });
});
