/**
 * Diagnostics (issue 13), end to end: the real worker fetches the emulator's JWKS and judges each
 * new token as @clerk/backend would (jose for the signature; azp only against declared parties,
 * issue 20 item 7); the cookie report comes from the real cookie jar; the popup's doctor shows
 * the findings. One world (the shared development keep-alive build); scenarios restore what they change.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './scenario-helpers';
import { DEMO_USER, startSignedInWorld, type World } from './world';

const TOKEN_LIFETIME_MS = 8_000;

describe('diagnostics: token verdict, claims budget, cookie forensics', () => {
  let world: World;
  let sessionId: string;
  beforeAll(async () => {
    ({ world, sessionId } = await startSignedInWorld({ tokenLifetimeMs: TOKEN_LIFETIME_MS }, { setUp: true }));
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a real token: accepted (signature against the JWKS, sub, exp/nbf/iat); with no authorized parties declared, azp is a note, not a refusal; cookies listed without values', async () => {
    const s = await world.waitForSnapshot(
      (x) => x.token?.mintedBy === 'extension' && x.tokenVerdict?.tokenKey === x.token.claims.jti,
      30_000,
    );
    expect(s.tokenVerdict).toMatchObject({ accepted: true, reasons: [] });
    expect(s.tokenVerdict?.notes?.map((n) => n.code)).toEqual(['azp-unchecked']);
    // Like Clerk, the emulator takes azp from the mint's Origin: the extension's own.
    expect(s.token?.claims.azp).toBe(`chrome-extension://${world.browser.extensionId}`);
    const names = s.cookieReport?.cookies.map((c) => c.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(['__clerk_db_jwt', '__session', '__client_uat']));
    expect(s.cookieReport?.cookies.some((c) => c.owner?.kind === 'this-app')).toBe(true);
    expect(JSON.stringify(s.cookieReport)).not.toMatch(/eyJ[\w-]{10,}\./);
    const popup = await world.browser.openPopup();
    await expect.poll(() => popup.getByTestId('session-age-value').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await popup.locator('[data-testid="doctor"] [data-check="token-verdict"]').count()).toBe(0);
    await popup.close();
  });

  it('authorized parties declared on the options page: azp is checked as the backend does (the extension-minted azp is information, not a fix)', async () => {
    const options = await world.browser.context.newPage();
    await options.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
    const edit = async (value: string) => {
      await options.getByRole('button', { name: 'Edit Demo app' }).click();
      const form = options.getByRole('form', { name: 'Edit Demo app' });
      await form.getByLabel('Authorized parties (optional)').fill(value);
      const save = form.getByRole('button', { name: 'Save' });
      await expect.poll(() => save.isEnabled()).toBe(true);
      await save.click();
      await options.getByRole('status').filter({ hasText: 'Saved “Demo app”' }).waitFor({ timeout: 10_000 });
    };
    await edit(world.demo.origin);
    try {
      const s = await world.waitForSnapshot(
        (x) => (x.tokenVerdict?.reasons ?? []).some((r) => r.code === 'azp-mismatch'),
        30_000,
      );
      expect(s.tokenVerdict?.reasons.map((r) => r.code)).toEqual(['azp-mismatch']);
      expect(s.tokenVerdict?.reasons[0]?.message).toContain('(the extension minted it)');
      expect(s.tokenVerdict?.reasons[0]?.message).toContain(world.demo.origin);
      const popup = await world.browser.openPopup();
      await expect.poll(() => popup.getByTestId('session-age-value').isVisible(), { timeout: 10_000 }).toBe(true);
      // Information only: the popup's doctor lists failing checks, and this is not one.
      expect(await popup.locator('[data-testid="doctor"] [data-check="token-verdict"][data-status="fail"]').count()).toBe(0);
      await popup.close();
    } finally {
      await edit('');
      await options.close();
    }
    await world.waitForSnapshot((x) => x.tokenVerdict?.accepted === true, 30_000);
  });

  it('a token signed with an unknown key: the doctor says a backend would refuse it', async () => {
    await world.emulator.control.setSettings({ signWithUnknownKey: true, omitAzp: true });
    try {
      const s = await world.waitForSnapshot((x) => (x.tokenVerdict?.reasons ?? []).some((r) => r.code === 'unknown-kid'), 30_000);
      // No parties declared: a missing azp is not a refusal (nor is it for a backend without authorizedParties).
      expect(s.tokenVerdict?.reasons.map((r) => r.code)).toEqual(['unknown-kid']);
      const popup = await world.browser.openPopup();
      const check = popup.locator('[data-testid="doctor"] [data-check="token-verdict"]');
      await expect.poll(() => check.getAttribute('data-status'), { timeout: 10_000 }).toBe('fail');
      expect(await check.textContent()).toContain('not in the instance');
      await screenshot(popup, 'diagnostics-token-verdict');
      await popup.close();
    } finally {
      await world.emulator.control.setSettings({ signWithUnknownKey: false, omitAzp: false });
    }
    await world.waitForSnapshot((x) => x.tokenVerdict?.accepted === true, 30_000);
  });

  it('custom claims over 1.2 KB: the claims budget is a finding, per claim', async () => {
    const user = (await world.emulator.control.listUsers()).find((u) => u.email === DEMO_USER.email);
    expect(user).toBeDefined();
    await world.emulator.control.updateUser(user?.id ?? '', { customClaims: { permissions: 'p'.repeat(1400) } });
    try {
      const s = await world.waitForSnapshot((x) => typeof x.token?.claims.permissions === 'string', 30_000);
      expect(s.previousTokenClaims).toBeTruthy();
      const popup = await world.browser.openPopup();
      const check = popup.locator('[data-testid="doctor"] [data-check="claims-budget"]');
      await expect.poll(() => check.getAttribute('data-status'), { timeout: 10_000 }).toBe('warn');
      expect(await check.textContent()).toMatch(/permissions 14\d\d B/);
      await popup.close();
    } finally {
      await world.emulator.control.updateUser(user?.id ?? '', { customClaims: {} });
    }
  });

  it('signs one session out from its row, after a confirmation (POST …/remove); the emulator ends exactly that session', async () => {
    const popup = await world.browser.openPopup();
    const row = popup.getByTestId('session-row').filter({ hasText: sessionId });
    await row.getByRole('button', { name: `Sign out ${DEMO_USER.email} (${sessionId})…` }).click();
    await row.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect
      .poll(async () => (await world.emulator.control.getSession(sessionId)).status, { timeout: 15_000 })
      .toBe('removed');
    const removes = (await world.emulator.control.requests({ source: 'extension' })).filter((r) => r.path.endsWith('/remove'));
    expect(removes.map((r) => r.path)).toEqual([`/v1/client/sessions/${sessionId}/remove`]);
    await world.waitForSnapshot((x) => x.currentSessionId === null, 15_000);
    await popup.close();
  });

  it('Download JSON: the report downloads, and no token, cookie value, dev browser id or user identity is in it', async () => {
    const popup = await world.browser.openPopup();
    const panel = popup.getByTestId('diagnostics');
    await panel.waitFor({ timeout: 10_000 });
    await panel.locator('summary').click();
    const [download] = await Promise.all([
      popup.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download JSON' }).click(),
    ]);
    const path = await download.path();
    const text = readFileSync(path, 'utf8');
    const report = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(report).length).toBeGreaterThan(3);
    expect(text).toContain(sessionId.slice(0, 5));
    // Secrets that exist in this browser right now.
    const cookies = await world.browser.context.cookies();
    // The identity and token cookies (`__client_uat` is only a sign-in time, in seconds).
    const secret = /^(__clerk_db_jwt|__session|__client$|__refresh|__clerk_handshake)/;
    const values = cookies.filter((c) => secret.test(c.name) && c.value.length > 8).map((c) => c.value);
    expect(values.length).toBeGreaterThan(0);
    for (const c of cookies.filter((c) => values.includes(c.value)))
      expect(text.includes(c.value), `the value of ${c.name} in the report`).toBe(false);
    expect(text).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/);
    expect(text).not.toMatch(/dvb_[A-Za-z0-9]{6,}/);
    expect(text).not.toContain(DEMO_USER.email);
    await popup.close();
  });

  it('a server clock 30 s ahead (beyond Clerk’s 5 s allowance): the doctor’s clock check says Fix; back in step it passes', async () => {
    await world.emulator.control.setSettings({ clockOffsetMs: 30_000 });
    await world.waitForSnapshot((s) => Math.abs(s.clockOffsetMs - 30_000) <= 2000, 30_000);
    const popup = await world.browser.openPopup();
    const clock = popup.locator('[data-testid="doctor"] [data-check="clock"]');
    await expect.poll(() => clock.getAttribute('data-status'), { timeout: 10_000 }).toBe('fail');
    expect(await clock.textContent()).toMatch(/30 s|automatic time/);
    await world.emulator.control.setSettings({ clockOffsetMs: 0 });
    await world.waitForSnapshot((s) => Math.abs(s.clockOffsetMs) <= 2000, 30_000);
    await expect.poll(() => clock.count(), { timeout: 10_000 }).toBe(0);
    await popup.close();
  });
});
