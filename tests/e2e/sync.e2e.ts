import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './world';

describe('sync with the app through the sync host', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
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
});
