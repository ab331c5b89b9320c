/**
 * Strict like Clerk (issue 10), end to end: the real SDK in the real worker against the strict
 * emulator, with the rules switched at run time through its control API. One world (the shared
 * development keep-alive build); the scenarios run in order and each restores what it changed.
 *   - a refused origin: mints fail with origin_invalid while reads go on; the popup's doctor shows
 *     the allowed-origins command with this build's real id; allowing it heals the mints;
 *   - `missing_expired_token`: the mint is retried with `?expired_token=` and succeeds;
 *   - undocumented behaviours (reads count as activity, re-mint on read) are measured and named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionRequests, isTokenRequest, screenshot } from './scenario-helpers';
import { startSignedInWorld, type World } from './world';

const TOKEN_LIFETIME_MS = 8_000;

describe('strict like Clerk: refusals the extension explains and recovers from', () => {
  let world: World;
  let sessionId: string;
  beforeAll(async () => {
    // Its own build: keep-alive re-checks the server's read behaviours every 6 s instead of every
    // 10 sync periods (30 s here), so switching them is measured within the test's patience.
    ({ world, sessionId } = await startSignedInWorld(
      { tokenLifetimeMs: TOKEN_LIFETIME_MS },
      { variant: 'e2e-strict-clerk', measureEverySeconds: 6 },
    ));
  });
  afterAll(async () => {
    await world?.close();
  });

  it('origin not allowed: mints refused (reads go on), the doctor names the fix with the real id, allowing it heals', async () => {
    const origin = `chrome-extension://${world.browser.extensionId}`;
    await world.emulator.control.setSettings({ allowedOrigins: [] });
    const refused = await world.waitForSnapshot((s) => s.setup.mint?.error?.code === 'origin_invalid', 30_000);
    expect(refused.currentSessionId).toBe(sessionId);
    expect(refused.setup.read?.ok).toBe(true);
    const refusals = await extensionRequests(world, (r) => isTokenRequest(r) && r.status === 400);
    expect(refusals.at(-1)?.origin).toBe(origin);

    const popup = await world.browser.openPopup();
    const mint = popup.locator('[data-testid="doctor"] [data-check="token-mint"]');
    await expect.poll(() => mint.getAttribute('data-status'), { timeout: 10_000 }).toBe('fail');
    expect(await mint.textContent()).toContain('origin_invalid');
    expect(await mint.locator('code').last().textContent()).toContain(`(.allowed_origins // []) + ["${origin}"]`);
    // The numbers stay visible under the doctor.
    expect(await popup.getByTestId('session-age-value').isVisible()).toBe(true);
    await screenshot(popup, 'doctor-origin');

    await world.emulator.control.setSettings({ allowedOrigins: [origin] });
    await world.waitForSnapshot((s) => s.setup.mint?.ok === true, 60_000);
    await expect.poll(() => popup.locator('[data-testid="doctor"]').count(), { timeout: 10_000 }).toBe(0);
    await popup.close();
  });

  it('missing_expired_token: the mint is retried once with the previous token, and the token is fresh', async () => {
    const before = (await extensionRequests(world)).at(-1)?.seq ?? 0;
    await world.emulator.control.setSettings({ requireExpiredTokenOnMint: 1 });
    await expect
      .poll(async () => (await extensionRequests(world, (r) => isTokenRequest(r) && r.seq > before)).map((r) => r.status), {
        timeout: 30_000,
      })
      .toEqual(expect.arrayContaining([422, 200]));
    const mints = await extensionRequests(world, (r) => isTokenRequest(r) && r.seq > before);
    const refusal = mints.findIndex((r) => r.status === 422);
    expect(mints[refusal]?.query.expired_token).toBeUndefined();
    expect(mints[refusal + 1]?.status).toBe(200);
    expect(mints[refusal + 1]?.query.expired_token).toMatch(/…$/);
    const snapshot = await world.waitForSnapshot((s) => s.setup.mint?.ok === true);
    expect(snapshot.stale).toBe(false);
  });

  it('measures what Clerk does not document: reads that count as activity and re-mint, named in the doctor', async () => {
    await world.emulator.control.setSettings({ readsCountAsActivity: true, remintOnRead: true });
    const measured = await world.waitForSnapshot(
      (s) => s.serverBehaviour.readsCountAsActivity.verdict === 'yes' && s.serverBehaviour.remintOnRead.verdict === 'yes',
      45_000,
    );
    expect(measured.stale).toBe(false);
    const options = await world.browser.context.newPage();
    await options.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
    await options
      .locator('details')
      .filter({ hasText: 'Setup doctor' })
      .first()
      .evaluate((d) => {
        (d as HTMLDetailsElement).open = true;
      });
    await expect.poll(() => options.locator('[data-check="reads-activity"]').getAttribute('data-status')).toBe('warn');
    expect(await options.locator('[data-check="remint-on-read"]').getAttribute('data-status')).toBe('info');
    expect(await options.locator('[data-check="remint-on-read"]').textContent()).toContain('re-minting on read');

    await world.emulator.control.setSettings({ readsCountAsActivity: false, remintOnRead: false });
    const back = await world.waitForSnapshot((s) => s.serverBehaviour.readsCountAsActivity.verdict === 'no', 45_000);
    expect(back.serverBehaviour.readsCountAsActivity.verdict).toBe('no');
    await options.close();
  });
});
