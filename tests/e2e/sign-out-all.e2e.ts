/**
 * Scenario 5 (issue 6): two accounts signed in on the demo app (multi-session) plus a session of
 * the current user on another device; "Sign out of all sessions" in the popup, with the
 * other-devices option, ends all three (a fresh sign-in: its verification is recent enough to
 * revoke). With a verification older than 10 minutes Clerk refuses the revoke (reverification):
 * the popup says to re-verify in the app, with its link, and keeps this browser signed in; after
 * the re-verification in the demo app, the popup opened again resumes the sign-out.
 *
 * Revoking "other devices" is per user in Clerk (`/v1/me/sessions/active` of the signed-in user):
 * the other device belongs to the current (last signed-in) account.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEndedStatus } from '../../lib/session-math';
import { extensionRequests, screenshot, testIdText } from './scenario-helpers';
import { DEMO_USER, startWorld, type World } from './world';

const SECOND_USER = { email: 'grace@example.com', password: 'another horse battery', firstName: 'Grace', lastName: 'Hopper' };

async function signOutAllFromPopup(popup: Page, expectedInBrowser: number) {
  await popup.getByRole('button', { name: 'Sign out of all sessions…' }).click();
  const confirm = popup.getByTestId('signout-confirm');
  await expect.poll(() => confirm.textContent(), { timeout: 5000 }).toContain(`${expectedInBrowser} session`);
  await confirm.getByRole('checkbox', { name: /other devices/ }).check();
  await confirm.getByRole('button', { name: `Sign out ${expectedInBrowser} sessions and other devices` }).click();
  const result = popup.getByTestId('signout-result');
  await result.waitFor({ timeout: 20_000 });
  return result;
}

describe('sign out of all sessions, this browser and other devices', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ setUp: true, variant: 'e2e-s5-sign-out' });
    await world.emulator.control.setSettings({ singleSessionMode: false });
    await world.emulator.control.createUser(SECOND_USER);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('ends two accounts in this browser and the other device; the app shows signed out; the emulator agrees', async () => {
    const page = await world.openDemo();
    const graceSession = await world.signInOnDemo(page, SECOND_USER);
    const adaSession = await world.signInOnDemo(page, DEMO_USER);
    const otherDevice = await world.emulator.control.signInOtherDevice({ email: DEMO_USER.email });
    await world.waitForSnapshot(
      (s) => s.currentSessionId === adaSession && s.sessions.filter((x) => !isEndedStatus(x.status)).length === 2,
    );
    expect((await page.evaluate(() => window.demo.state())).sessions).toHaveLength(2);

    const popup = await world.browser.openPopup();
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Healthy/);
    await screenshot(popup, 'multi-session');
    const seqBefore = (await world.emulator.control.requests()).at(-1)?.seq ?? 0;
    const result = await signOutAllFromPopup(popup, 2);

    await expect.poll(() => testIdText(popup, 'signout-ended'), { timeout: 5000 }).toBe('3');
    const ended = await result.getByRole('list', { name: 'Ended' }).textContent();
    for (const id of [adaSession, graceSession, otherDevice.sessionId]) expect(ended).toContain(id);
    expect(ended).toContain('other device');
    expect(await result.getByText('Failed').count()).toBe(0);
    await screenshot(popup, 'sign-out-report');

    // The emulator: both sessions of this browser removed, the other device's revoked.
    expect((await world.emulator.control.getSession(adaSession)).status).toBe('removed');
    expect((await world.emulator.control.getSession(graceSession)).status).toBe('removed');
    expect((await world.emulator.control.getSession(otherDevice.sessionId)).status).toBe('revoked');
    const calls = await extensionRequests(world, (r) => r.seq > seqBefore);
    expect(calls.filter((r) => r.path === '/v1/me/sessions/active' && r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(calls.filter((r) => r.path === `/v1/me/sessions/${otherDevice.sessionId}/revoke` && r.status === 200)).toHaveLength(1);
    expect(calls.filter((r) => r.path === '/v1/client/sessions' && r.method === 'DELETE' && r.status === 200)).toHaveLength(1);

    // The extension shows signed out, and so does the app once it reads its client again.
    await world.waitForSnapshot((s) => s.currentSessionId === null);
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Signed out/);
    await page.reload();
    await page.waitForFunction(() => window.demo !== undefined, undefined, { timeout: 15_000 });
    const state = await page.evaluate(() => window.demo.state());
    expect(state.sessionId).toBeNull();
    expect(state.sessions).toEqual([]);
    await expect.poll(() => page.locator('#status').textContent()).toBe('Signed out');
    await popup.close();
  });

  it('a stale verification: told to re-verify in the app (with its link), re-verified there, the sign-out resumes and revokes', async () => {
    const page = await world.openDemo();
    const adaSession = await world.signInOnDemo(page, DEMO_USER);
    const otherDevice = await world.emulator.control.signInOtherDevice({ email: DEMO_USER.email });
    await world.waitForSnapshot((s) => s.currentSessionId === adaSession);
    // Eleven minutes since this browser's sign-in, told to the emulator's clock (not slept).
    await world.emulator.control.setVerificationAge(adaSession, 11);

    let popup = await world.browser.openPopup();
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Healthy/);
    await popup.getByRole('button', { name: 'Sign out of all sessions…' }).click();
    const confirm = popup.getByTestId('signout-confirm');
    await confirm.getByRole('checkbox', { name: /other devices/ }).check();
    await confirm.getByRole('button', { name: 'Sign out 1 session and other devices' }).click();
    const result = popup.getByTestId('signout-result');
    await result.waitFor({ timeout: 20_000 });

    await expect.poll(() => testIdText(popup, 'signout-needs-reverification'), { timeout: 5000 }).toBe('1');
    expect(await result.getByRole('list', { name: 'Needs reverification' }).textContent()).toContain(otherDevice.sessionId);
    const prompt = result.getByTestId('signout-reverify');
    expect(await prompt.textContent()).toContain('within the last 10 minutes');
    expect(await prompt.getByTestId('signout-reverify-link').getAttribute('href')).toBe(world.demo.origin);
    await screenshot(popup, 'sign-out-needs-reverification');
    // This browser stays signed in: its session is the one that re-verifies.
    expect((await world.emulator.control.getSession(adaSession)).status).toBe('active');
    expect((await world.emulator.control.getSession(otherDevice.sessionId)).status).toBe('active');
    await popup.close();

    // In the app: verify again with the password (clerk-js startVerification + attemptFirstFactorVerification).
    await page.bringToFront();
    await page.getByLabel('Current credential').fill(DEMO_USER.password);
    await page.getByRole('button', { name: 'Verify again' }).click();
    await expect.poll(() => page.locator('#reverify-status').textContent(), { timeout: 15_000 }).toMatch(/Verified again/);
    expect((await world.emulator.control.getSession(adaSession)).firstFactorVerifiedAt).toBeGreaterThan(Date.now() - 60_000);

    // Back in the extension: the popup opens again and the sign-out resumes by itself.
    popup = await world.browser.openPopup();
    const notice = popup.getByTestId('signout-notice');
    await expect.poll(() => notice.textContent(), { timeout: 30_000 }).toContain('resumed after re-verification');
    expect(await notice.getByRole('list', { name: 'Ended' }).textContent()).toContain(otherDevice.sessionId);
    expect(await notice.getByRole('list', { name: 'Ended' }).textContent()).toContain(adaSession);
    await screenshot(popup, 'sign-out-resumed-after-reverification');

    expect((await world.emulator.control.getSession(otherDevice.sessionId)).status).toBe('revoked');
    expect((await world.emulator.control.getSession(adaSession)).status).toBe('removed');
    const revokes = await extensionRequests(world, (r) => r.path === `/v1/me/sessions/${otherDevice.sessionId}/revoke`);
    expect(revokes.map((r) => r.status)).toEqual([403, 200]);
    const verifies = await world.emulator.control.requests({
      path: `/v1/client/sessions/${adaSession}/verify/attempt_first_factor`,
    });
    expect(verifies.map((r) => [r.source, r.status])).toEqual([['page', 200]]);
    await popup.close();
  });
});
