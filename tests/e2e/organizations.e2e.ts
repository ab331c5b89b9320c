/**
 * Organizations and session token v2 in the real browser (issue 22): the demo app's organization
 * switcher calls the real clerk-js `setActive({ organization })` (a touch with
 * `active_organization_id`; clerk-js then serves the token that came back with it, and mints
 * with `organization_id` when that one is due), and the popup follows: the
 * glance names the organization and role, the token panel expands the permissions and answers
 * `has({ permission })`.
 *
 * "Delivered by the app's own evidence, not a poll": the worlds sync every 10 minutes, so no sync
 * alarm falls inside a test; what carries the switch to the extension is the app's `__session`
 * cookies changing (the `__session` its touch's token went into, and the identity cookies the
 * touch rewrote), and the snapshot that first shows the new organization says so
 * (`lastRefresh.trigger`: `app-token` or `sync-cookie`, never `alarm`). The time from the click to the popup showing it is
 * printed (the target is 2 s); the assertion polls with a generous deadline, since a loaded
 * machine is slower and a timing bound in a test is a flaky test.
 *
 * Keep-alive: the worker's SDK loaded before the switch and remembers the old organization; clerk-js
 * sends it with every mint, and Clerk makes a mint's organization the active one. The extension's
 * own mints after the switch must keep the app's organization (lib/engine/gateway.ts, mintToken).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER, startWorld } from './world';

const SCREENSHOTS = 'test-results/screenshots';
const COMMITTED = 'tests/e2e/screenshots';
/** No sync alarm inside a test: only the app's own cookie can deliver a change. */
const SYNC_PERIOD_SECONDS = 600;
/** The triggers of a read the app's own cookies caused (lib/engine/cookie-watch.ts). */
const APP_EVIDENCE = ['app-token', 'sync-cookie'];

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  // The committed copies the README points to.
  copyFileSync(`${SCREENSHOTS}/${name}.png`, `${COMMITTED}/${name}.png`);
}

async function organizationWorld(mode: 'observe' | 'keep-alive', tokenLifetimeMs?: number) {
  // Keep-alive mints with organization_id: the extension's origin must be allowed (set up).
  const world = await startWorld({
    mode,
    setUp: mode === 'keep-alive',
    syncPeriodSeconds: SYNC_PERIOD_SECONDS,
    variant: `e2e-orgs-${mode}`,
  });
  const control = world.emulator.control;
  if (tokenLifetimeMs) await control.setSettings({ tokenLifetimeMs });
  const user = (await control.listUsers()).find((u) => u.email === DEMO_USER.email);
  if (!user) throw new Error('demo user');
  const acme = await control.createOrganization({ name: 'Acme', slug: 'acme', plan: 'pro' });
  const globex = await control.createOrganization({ name: 'Globex', slug: 'globex' });
  await control.addMembership(acme.id, {
    userId: user.id,
    role: 'org:admin',
    permissions: ['org:invoices:read', 'org:invoices:create', 'org:members:manage'],
  });
  await control.addMembership(globex.id, { userId: user.id, role: 'org:member', permissions: ['org:invoices:read'] });
  const page = await world.openDemo();
  const sessionId = await world.signInOnDemo(page);
  await world.waitForSnapshot((s) => s.currentSessionId === sessionId, 30_000);
  return { world, page, sessionId, acme, globex };
}

/** Chooses the organization in the demo app's switcher; resolves when the popup names it. */
async function switchAndFollow(
  app: Page,
  popup: Page,
  organization: { id: string; slug: string } | null,
  expected: RegExp | null,
): Promise<{ followedMs: number }> {
  // The user works in the app: its tab has the focus. clerk-js writes `__session` from a tab
  // without focus only when that tab's session and organization are the active context
  // (`clerk_active_context`, AuthCookieService), which a switch in a background tab is not.
  await app.bringToFront();
  const from = Date.now();
  await app.selectOption('#org-select', organization?.id ?? '');
  const glance = popup.getByTestId('glance-org');
  if (expected)
    await expect
      .poll(async () => (await glance.count()) > 0 && expected.test((await glance.textContent()) ?? ''), {
        timeout: 30_000,
        interval: 50,
      })
      .toBe(true);
  else await expect.poll(() => glance.count(), { timeout: 30_000, interval: 50 }).toBe(0);
  const followedMs = Date.now() - from;
  await expect
    .poll(() => app.evaluate(() => window.demo.state().organizationId), { timeout: 10_000 })
    .toBe(organization?.id ?? null);
  return { followedMs };
}

describe('organizations: observe mode follows the app’s setActive({ organization })', () => {
  let ctx: Awaited<ReturnType<typeof organizationWorld>>;
  beforeAll(async () => {
    ctx = await organizationWorld('observe');
  });
  afterAll(async () => {
    await ctx?.world.close();
  });

  it('the glance names the new organization and role, delivered by the app’s own mint', async () => {
    const { world, page, sessionId, acme, globex } = ctx;
    const popup = await world.browser.openPopup();
    await expect.poll(() => popup.getByTestId('session-state').count(), { timeout: 15_000 }).toBe(1);
    expect(await popup.getByTestId('glance-org').count()).toBe(0);
    const logFrom = (await world.emulator.control.requests()).at(-1)?.seq ?? 0;

    const toAcme = await switchAndFollow(page, popup, acme, /^Organization acme · admin$/);
    const snapshot = await world.snapshot();
    expect(snapshot?.token?.claims.o).toMatchObject({ id: acme.id, slg: 'acme', rol: 'admin' });
    expect(snapshot?.sessions.find((s) => s.id === sessionId)?.activeOrganizationId).toBe(acme.id);
    // Delivered by the app's own cookies (its `__session`, or the identity cookies its touch
    // rewrote), not by an alarm: none is due in this world.
    expect(APP_EVIDENCE).toContain(snapshot?.lastRefresh?.trigger);
    expect(snapshot?.token?.mintedBy).toBe('app');
    // What the app sent: the touch (clerk-js then serves the token that came back with it).
    const sent = (await world.emulator.control.requests({ since: logFrom, source: 'page' })).filter((r) =>
      r.path.startsWith(`/v1/client/sessions/${sessionId}/`),
    );
    expect(sent.map((r) => `${r.path.split('/').at(-1)} ${r.status}`)).toContain('touch 200');
    expect((await world.emulator.control.organizations()).activeOrganizations[sessionId]).toBe(acme.id);
    await shoot(popup, 'popup-organization-acme');

    const toGlobex = await switchAndFollow(page, popup, globex, /^Organization globex · member$/);
    expect(APP_EVIDENCE).toContain((await world.snapshot())?.lastRefresh?.trigger);
    const toPersonal = await switchAndFollow(page, popup, null, null);
    expect((await world.snapshot())?.token?.claims.o).toBeUndefined();
    console.info(
      `organization switch → popup (observe): acme ${toAcme.followedMs} ms, globex ${toGlobex.followedMs} ms, personal ${toPersonal.followedMs} ms (target 2000 ms)`,
    );
    await popup.close();
  });

  it('the token panel lists the expanded permissions and answers has({ permission })', async () => {
    const { world, page, acme } = ctx;
    const popup = await world.browser.openPopup();
    await switchAndFollow(page, popup, acme, /acme/);
    const permissions = popup.getByTestId('token-permissions');
    await expect
      .poll(() => permissions.locator('li').allTextContents(), { timeout: 15_000 })
      .toEqual(['org:invoices:read', 'org:invoices:create', 'org:members:manage']);
    await popup.getByTestId('has-input').fill('org:invoices:create');
    await expect.poll(() => popup.getByTestId('has-verdict').textContent(), { timeout: 5_000 }).toMatch(/→ true\./);
    await popup.getByTestId('has-input').fill('org:members:delete');
    await expect.poll(() => popup.getByTestId('has-verdict').textContent(), { timeout: 5_000 }).toMatch(/→ false\./);
    await popup.getByTestId('token-authorization').scrollIntoViewIfNeeded();
    await shoot(popup, 'popup-organization-token-panel');
    await popup.close();
  });
});

describe('organizations: keep-alive mints keep the app’s organization', () => {
  const TOKEN_LIFETIME_MS = 10_000;
  let ctx: Awaited<ReturnType<typeof organizationWorld>>;
  beforeAll(async () => {
    ctx = await organizationWorld('keep-alive', TOKEN_LIFETIME_MS);
  });
  afterAll(async () => {
    await ctx?.world.close();
  });

  it('after the app switches, the popup follows and the extension’s own mints carry the new organization', async () => {
    const { world, page, sessionId, acme } = ctx;
    // The SDK loads with the personal account; wait for one of its mints before the switch.
    await world.waitForSnapshot((s) => s.token?.mintedBy === 'extension', 30_000);
    const popup = await world.browser.openPopup();
    const { followedMs } = await switchAndFollow(page, popup, acme, /^Organization acme · admin$/);
    console.info(`organization switch → popup (keep-alive): ${followedMs} ms (target 2000 ms)`);
    // Close the app: from here only the extension mints (about every 7.5 s with 10 s tokens).
    await page.close();
    const switchedAt = Date.now();
    const snapshot = await world.waitForSnapshot(
      (s) => s.token?.mintedBy === 'extension' && (s.token.issuedAt ?? 0) > switchedAt + (s.clockOffsetMs ?? 0) + 1_000,
      45_000,
    );
    expect(snapshot.token?.claims.o).toMatchObject({ id: acme.id, slg: 'acme' });
    const mints = (await world.emulator.control.requests({ source: 'extension' })).filter(
      (r) => r.path.endsWith('/tokens') && Date.parse(r.at) >= switchedAt,
    );
    expect(mints.length).toBeGreaterThanOrEqual(1);
    expect(mints.every((r) => r.status === 200)).toBe(true);
    expect((await world.emulator.control.organizations()).activeOrganizations[sessionId]).toBe(acme.id);
    await expect.poll(() => popup.getByTestId('glance-org').textContent(), { timeout: 10_000 }).toBe('Organization acme · admin');
    await shoot(popup, 'popup-organization-keep-alive');
    await popup.close();
  });
});
