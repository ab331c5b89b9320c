import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER, startWorld, type World } from './world';

// The production identity flow: no dev browser; the client is the `__client` cookie on the FAPI
// domain, sent as `Authorization: Bearer` with `_is_native=1` by the SDK and by the direct reader.
describe('a production instance (pk_live_)', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ instance: 'production', mode: 'keep-alive' });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('syncs the session of an app on the same site, mints with the SDK, and sees the sign-out', async () => {
    const page = await world.openDemo();
    const sessionId = await world.signInOnDemo(page);
    const snapshot = await world.waitForSnapshot((s) => s.currentSessionId === sessionId && s.token?.mintedBy === 'extension');
    expect(snapshot.instanceType).toBe('production');
    expect(snapshot.sessions[0]?.user.email).toBe(DEMO_USER.email);

    const fromExtension = await world.emulator.control.requests({ source: 'extension', instance: 'production' });
    expect(fromExtension.some((r) => r.path === '/v1/client' && r.query._is_native === '1')).toBe(true);
    expect(fromExtension.some((r) => r.path.endsWith('/tokens') && r.status === 200)).toBe(true);
    expect(fromExtension.some((r) => r.path === '/v1/dev_browser')).toBe(false);

    await page.evaluate(() => window.demo.signOut());
    await world.waitForSnapshot((s) => s.currentSessionId === null);
    expect((await world.emulator.control.getSession(sessionId)).status).not.toBe('active');
  });
});
