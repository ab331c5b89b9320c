import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './scenario-helpers';
import { DEMO_USER, startWorld, type World } from './world';

// The production identity flow: no dev browser; the client is the `__client` cookie on the FAPI
// domain, sent as `Authorization: Bearer` with `_is_native=1` by the SDK and by the direct reader.
describe('a production instance (pk_live_)', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ setUp: true, instance: 'production', mode: 'keep-alive' });
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

  it('Native API off: the environment says so, nothing native is sent, the doctor gives the Dashboard path; on again heals', async () => {
    await world.emulator.control.setSettings({ nativeApiEnabled: false }, 'production');
    const off = await world.waitForSnapshot((s) => s.setup.environment?.nativeApiEnabled === false, 30_000);
    expect(off.stale || off.error?.code === 'native_api_disabled').toBe(true);
    const offAt = Date.now();

    const popup = await world.browser.openPopup();
    const check = popup.locator('[data-testid="doctor"] [data-check="native-api"]');
    await expect.poll(() => check.getAttribute('data-status'), { timeout: 10_000 }).toBe('fail');
    expect(await check.textContent()).toContain('Native applications');
    await screenshot(popup, 'doctor-native-api');

    // Known up front: from now on only the identity-free environment read goes out.
    await new Promise((r) => setTimeout(r, 4000));
    const native = (await world.emulator.control.requests({ source: 'extension', instance: 'production' })).filter(
      (r) => Date.parse(r.at) > offAt && r.query._is_native === '1',
    );
    expect(native).toEqual([]);

    await world.emulator.control.setSettings({ nativeApiEnabled: true }, 'production');
    await world.waitForSnapshot((s) => s.setup.environment?.nativeApiEnabled === true && s.error === null, 60_000);
    await expect.poll(() => check.count(), { timeout: 10_000 }).toBe(0);
    await popup.close();
  });
});
