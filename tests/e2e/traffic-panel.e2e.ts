/**
 * The DevTools "Clerk" panel (issue 21) against real Clerk code: the demo app's server runs
 * @clerk/backend `authenticateRequest`, whose handshakes go to the emulator's
 * `/v1/client/handshake`. Real DevTools cannot be driven in headless Chromium, so each scenario
 * records the app's real traffic as a HAR (tests/e2e/har-recorder.ts) and imports it into the
 * panel page, as a developer would import a HAR Clerk support asked for. Four scenarios: a
 * healthy handshake; a loop from a skewed clock; a loop from keys of two instances in app and
 * backend; `__client_uat=0` next to a live session. Then the popup's doctor shows the finding the
 * panel sent, and the redacted exports hold no secret.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { getCookieSuffix } from '@clerk/shared/keys';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarLog } from '../../lib/traffic/har';
import { type Emulator, startEmulator } from '../emulator/server';
import { axeViolations } from './axe';
import { type HarRecorder, recordHar } from './har-recorder';
import { screenshot } from './scenario-helpers';
import { DEMO_USER, startWorld, type World } from './world';

let world: World;
let other: Emulator;
/** The JWKS the demo's backend trusts; null: the app's own instance. */
let backendTrusts: Emulator['jwks'] | null = null;

beforeAll(async () => {
  other = await startEmulator({ name: 'other-emu', logErrors: false });
  world = await startWorld({ variant: 'e2e-traffic', mode: 'observe', backend: { jwks: () => backendTrusts } });
});
afterAll(async () => {
  await world?.close();
  await other?.close();
});

/** A fresh browser state for the app (cookies and Clerk's redirect counter gone), recording. */
async function freshPage(): Promise<{ page: Page; recorder: HarRecorder }> {
  await world.browser.context.clearCookies();
  const page = await world.browser.context.newPage();
  return { page, recorder: recordHar(page) };
}

async function signedInPage(path = '/'): Promise<{ page: Page; recorder: HarRecorder }> {
  const fresh = await freshPage();
  await fresh.page.goto(`${world.demo.origin}${path}`);
  await fresh.page.waitForFunction(() => window.demo !== undefined, undefined, { timeout: 30_000 });
  await world.signInOnDemo(fresh.page);
  return fresh;
}

async function openPanel(har: HarLog, name: string): Promise<Page> {
  // The recorded trace (unredacted, test data only) next to the screenshots, to read after a failure.
  mkdirSync('test-results', { recursive: true });
  writeFileSync(`test-results/traffic-${name}.har`, JSON.stringify(har, null, 1));
  const panel = await world.browser.context.newPage();
  await panel.setViewportSize({ width: 1100, height: 800 });
  await panel.goto(`chrome-extension://${world.browser.extensionId}/devtools-panel.html`);
  await panel.locator('input[type=file]').setInputFiles({
    name: `${name}.har`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(har)),
  });
  await expect.poll(() => panel.getByTestId('traffic-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  return panel;
}

const findingIds = (panel: Page) =>
  panel.getByTestId('traffic-finding').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-finding')));
const kinds = (panel: Page) =>
  panel.getByTestId('traffic-row').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-kind')));

describe('the Clerk traffic panel, on real handshakes of @clerk/backend', () => {
  it('healthy handshakes: one round trip per cause, no finding', async () => {
    await world.emulator.control.setSettings({ tokenLifetimeMs: 8000, clockOffsetMs: 0 });
    // First visit: no dev browser yet, so the backend's first answer is a `dev-browser-missing` handshake.
    const first = await signedInPage();
    const firstHar = await first.recorder.har();
    await first.page.close();
    // The app's tab is closed, so nobody refreshes the token: it expires (8 s, plus Clerk's 5 s
    // allowance), and the next page load goes through a handshake that signs the browser back in.
    await new Promise((r) => setTimeout(r, 15_000));
    const second = await world.browser.context.newPage();
    const recorder = recordHar(second);
    await second.goto(world.demo.origin);
    await second.waitForFunction(() => window.demo !== undefined, undefined, { timeout: 30_000 });
    await expect.poll(() => second.locator('#status').getAttribute('data-state'), { timeout: 15_000 }).toBe('signed-in');
    const har = { log: { ...firstHar.log, entries: [...firstHar.log.entries, ...(await recorder.har()).log.entries] } };
    await second.close();

    const panel = await openPanel(har, 'healthy');
    expect((await kinds(panel)).filter((k) => k === 'handshake')).toHaveLength(2);
    // Clerk's reasons, as its backend gave them: the first visit's, then the aged token's (the
    // backend checks the token against __client_uat before its expiry, so either reason may come).
    const reasons = await panel
      .locator('[data-kind="handshake"] td:nth-child(5)')
      .evaluateAll((cells) => cells.map((c) => c.textContent ?? ''));
    expect(reasons[0]).toContain('hs_reason dev-browser-missing');
    expect(reasons[1]).toMatch(/hs_reason session-token-(expired|iat-before-client-uat)/);
    expect(await panel.locator('tbody').textContent()).toContain('signed-in');
    await expect.poll(() => panel.getByTestId('no-findings').textContent()).toMatch(/looks healthy/);
    expect(await findingIds(panel)).toEqual([]);
    await screenshot(panel, 'traffic-healthy');
    await panel.close();
  });

  it('a loop from a skewed clock: Clerk’s backend gives up after three handshakes; the panel names the clock', async () => {
    await world.emulator.control.setSettings({ tokenLifetimeMs: 60_000, clockOffsetMs: 60_000 });
    const { page, recorder } = await signedInPage();
    // The token Clerk minted is 60 s "in the future" for the backend (this machine's clock).
    await page.goto(`${world.demo.origin}/account`);
    await page.waitForFunction(() => window.demo !== undefined, undefined, { timeout: 30_000 });
    const har = await recorder.har();
    await page.close();
    await world.emulator.control.setSettings({ clockOffsetMs: 0 });

    const panel = await openPanel(har, 'clock-skew');
    expect(await findingIds(panel)).toEqual(expect.arrayContaining(['loop', 'clock-skew']));
    const loop = panel.locator('[data-finding="loop"]');
    await expect.poll(() => loop.textContent()).toMatch(/Loop: session-token-(nbf|iat-in-the-future)/);
    // Clerk's backend stops after three; on a loaded machine the sign-in's own handshake can fall
    // inside the same 20 s window, so the panel may count one more.
    expect(Number((await loop.textContent())?.match(/(\d+) handshake round trips/)?.[1])).toBeGreaterThanOrEqual(3);
    expect(await loop.textContent()).toMatch(/automatic time/);
    expect(await panel.getByTestId('skew-meter').textContent()).toMatch(
      /(59|60)\.\d s ahead of this computer’s — beyond Clerk’s 5 s allowance/,
    );
    await screenshot(panel, 'traffic-clock-skew');
    // WCAG 2.1 A/AA on the panel with findings, the meter and the timeline (claims shown too).
    await panel.getByLabel('Show token claims').check();
    expect(await axeViolations(panel)).toEqual([]);

    // The panel told the worker: the popup's doctor (and the side panel, the same view) lists it.
    const popup = await world.browser.openPopup();
    const check = popup.locator('[data-check="traffic"]');
    await expect.poll(() => check.count(), { timeout: 15_000 }).toBe(1);
    expect(await check.textContent()).toMatch(/Loop: session-token-(nbf|iat-in-the-future)/);
    await screenshot(popup, 'traffic-popup-finding');
    const side = await world.browser.context.newPage();
    await side.goto(`chrome-extension://${world.browser.extensionId}/sidepanel.html`);
    await expect.poll(() => side.locator('[data-check="traffic"]').count(), { timeout: 15_000 }).toBe(1);
    const options = await world.browser.context.newPage();
    await options.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
    await expect.poll(() => options.locator('[data-check="traffic"]').count(), { timeout: 15_000 }).toBe(1);
    for (const p of [popup, side, options, panel]) await p.close();
  });

  it('a loop from keys of two instances: the backend trusts another instance’s key; the panel names the keys', async () => {
    backendTrusts = null;
    const { page, recorder } = await signedInPage();
    // The backend now verifies with another Clerk instance's key (its env copied from elsewhere).
    backendTrusts = other.jwks;
    let har: HarLog;
    try {
      await page.goto(`${world.demo.origin}/dashboard`);
      // The protected page sends the signed-in browser to sign-in, whose Clerk sends it back.
      await expect.poll(() => page.locator('#error').textContent(), { timeout: 60_000 }).toMatch(/Stopped after \d+ redirects/);
    } finally {
      backendTrusts = null;
      har = await recorder.har();
      await page.close();
    }

    const panel = await openPanel(har, 'two-instances');
    const loop = panel.locator('[data-finding="loop"]');
    await expect.poll(() => loop.count()).toBe(1);
    expect(await loop.textContent()).toMatch(/Loop: token-invalid-signature/);
    expect(await loop.textContent()).toMatch(/redirects answered signed out/);
    expect(await loop.textContent()).toMatch(/keys of different Clerk instances|same Clerk instance/);
    await screenshot(panel, 'traffic-two-instances');
    await panel.close();
  });

  it('__client_uat=0 next to a live session: a stale copy on a longer path loops the handshake', async () => {
    const { page, recorder } = await signedInPage();
    const suffix = await getCookieSuffix(world.emulator.publishableKeys.development);
    // What an old sign-out on /account left behind: it is sent before the current cookies.
    await world.browser.context.addCookies(
      ['__client_uat', `__client_uat_${suffix}`].map((name) => ({ name, value: '0', domain: 'localhost', path: '/account' })),
    );
    await page.goto(`${world.demo.origin}/account`);
    await page.waitForFunction(() => window.demo !== undefined, undefined, { timeout: 30_000 });
    const har = await recorder.har();
    await page.close();

    const panel = await openPanel(har, 'client-uat-zero');
    expect(await findingIds(panel)).toEqual(expect.arrayContaining(['loop', 'client-uat-zero']));
    expect(await panel.locator('[data-finding="loop"]').textContent()).toMatch(/Loop: session-token-but-no-client-uat/);
    expect(await panel.locator('[data-finding="client-uat-zero"]').textContent()).toMatch(
      /__client_uat.* = 0 \(signed out\) was sent with a live session token/,
    );
    await screenshot(panel, 'traffic-client-uat-zero');

    // The exports: every token, cookie value, dev-browser id and e-mail removed.
    for (const button of ['Export HAR (redacted)', 'Export JSON (redacted)']) {
      const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: button }).click()]);
      const text = readFileSync((await download.path()) as string, 'utf8');
      expect(text.length).toBeGreaterThan(1000);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
      expect(text).not.toMatch(/dvb_[A-Za-z0-9]{6,}/);
      expect(text).not.toContain(DEMO_USER.email);
      expect(text).not.toContain(DEMO_USER.password);
      if (button.startsWith('Export HAR')) {
        const exported = JSON.parse(text) as HarLog;
        expect(exported.log.version).toBe('1.2');
        expect(text).toContain('__clerk_hs_reason=session-token-but-no-client-uat');
        expect(text).toContain('__session=[redacted]');
      }
    }
    await panel.close();
  });
});
