/**
 * Strict like Clerk (issue 10), end to end: the real SDK in the real worker against the strict
 * emulator, with the rules switched at run time through its control API. One world on a set-up
 * instance; the scenarios run in order and each restores what it changed. (A fresh instance's
 * origin refusal and its fix: fresh-instance.e2e.ts.)
 *   - `missing_expired_token`: the mint is retried with `?expired_token=` and succeeds;
 *   - undocumented behaviours (reads count as activity, re-mint on read) are measured and named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionRequests, isTokenRequest } from './scenario-helpers';
import { startSignedInWorld, type World } from './world';

const TOKEN_LIFETIME_MS = 8_000;

describe('strict like Clerk: refusals the extension explains and recovers from', () => {
  let world: World;
  beforeAll(async () => {
    // Its own build: keep-alive re-checks the server's read behaviours every 6 s instead of every
    // 10 sync periods (30 s here), so switching them is measured within the test's patience.
    ({ world } = await startSignedInWorld(
      { tokenLifetimeMs: TOKEN_LIFETIME_MS },
      { setUp: true, variant: 'e2e-strict-clerk', measureEverySeconds: 6 },
    ));
  });
  afterAll(async () => {
    await world?.close();
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
