/**
 * A fresh Clerk instance, end to end (issue 20): the emulator starts as a new instance does, with
 * no allowed origins. The real SDK in the real worker reads the client (GETs carry no Origin) but
 * its first mint is refused with origin_invalid (Chrome adds `Origin: chrome-extension://<id>` to
 * the worker's POSTs). The popup's doctor names the refusal and shows the Backend API command with
 * this build's id; the developer's set-up step (`setUpInstance`: Backend API `PATCH /v1/instance`)
 * makes the mints pass, and the doctor goes quiet. The instance refuses an `http(s)` entry in
 * `allowed_origins` as the Backend API does (422 form_invalid_origin).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionRequests, isTokenRequest, screenshot } from './scenario-helpers';
import { setUpInstance, startWorld, type World } from './world';

describe('a fresh instance: the first refusal, the doctor’s fix, the set-up step', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ mode: 'keep-alive' }); // fresh: no setUp
  });
  afterAll(async () => {
    await world?.close();
  });

  it('mints refused with origin_invalid while reads work; the doctor shows the command; setting up heals', async () => {
    const origin = `chrome-extension://${world.browser.extensionId}`;
    expect((await world.emulator.control.getSettings()).allowedOrigins).toEqual([]);

    const page = await world.openDemo();
    const sessionId = await world.signInOnDemo(page); // the app's own origin needs no entry
    await page.close();
    const refused = await world.waitForSnapshot((s) => s.setup.mint?.error?.code === 'origin_invalid', 30_000);
    expect(refused.currentSessionId).toBe(sessionId);
    expect(refused.setup.read?.ok).toBe(true);
    const refusals = await extensionRequests(world, (r) => isTokenRequest(r) && r.status === 400);
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals[0]?.origin).toBe(origin);

    const popup = await world.browser.openPopup();
    const mint = popup.locator('[data-testid="doctor"] [data-check="token-mint"]');
    await expect.poll(() => mint.getAttribute('data-status'), { timeout: 10_000 }).toBe('fail');
    expect(await mint.textContent()).toContain('origin_invalid');
    const command = await mint.locator('code').last().textContent();
    // The merged list (the origins already there stay), PATCHed to the Backend API.
    expect(command).toContain('curl -fsS -X PATCH');
    expect(command).toContain('https://api.clerk.com/v1/instance');
    expect(command).toContain(`(.allowed_origins // []) + ["${origin}"]`);
    expect(await popup.getByTestId('session-age-value').isVisible()).toBe(true);
    await screenshot(popup, 'fresh-instance-doctor');

    // What the Backend API refuses: a web origin in allowed_origins (pages need no entry).
    await expect(world.emulator.control.updateInstance({ allowed_origins: ['http://localhost:3000'] })).rejects.toThrow(
      /422.*form_invalid_origin/,
    );

    await setUpInstance(world);
    expect((await world.emulator.control.getSettings()).allowedOrigins).toEqual([origin]);
    const healed = await world.waitForSnapshot((s) => s.setup.mint?.ok === true && s.token?.mintedBy === 'extension', 120_000);
    expect(healed.currentSessionId).toBe(sessionId);
    await expect.poll(() => popup.locator('[data-testid="doctor"]').count(), { timeout: 15_000 }).toBe(0);
    await screenshot(popup, 'fresh-instance-set-up');
    await popup.close();
  });
});
