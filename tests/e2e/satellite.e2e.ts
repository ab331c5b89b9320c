/**
 * Issue 20 item 8, end to end: a production app declared as a satellite (`domain`, `isSatellite`)
 * reads the identity and the Frontend API of its own domain, as clerk-js builds them
 * (lib/frontend-api.ts): `https://clerk.<satellite domain>`, with that domain's `__client`. The
 * emulator serves the production instance on the primary host and on the satellite's FAPI host
 * (`emulator.satellite`), each with its own clients. The primary is signed in on the demo app;
 * the satellite's client has another session; the extension must show the satellite's session,
 * with its own numbers, never the primary's.
 *
 * How the satellite's client gets its session: in real Clerk, by the `/v1/client/sync` redirect
 * through the primary (not emulated). Here the emulator signs in "another device" on the
 * instance, and the browser gets that client as its `__client` cookie on the satellite's FAPI
 * host, which is where Clerk's sync would have left it. The satellite is declared on the options
 * page, as a developer would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionRequests, pollUntil, screenshot } from './scenario-helpers';
import { DEMO_USER, startWorld, type World } from './world';

describe('a satellite app: its own domain’s client and Frontend API', () => {
  let world: World;
  let primarySession = '';
  let satelliteSession = '';
  /** The emulator's last request before the satellite was declared. */
  let since = 0;
  beforeAll(async () => {
    const satelliteApp = 'https://app.satellite-inspector-emu.test';
    world = await startWorld({
      instance: 'production',
      variant: 'e2e-satellite',
      mode: 'observe',
      extra: { hosts: {}, hostPermissions: ['https://clerk.satellite-inspector-emu.test/*', `${satelliteApp}/*`] },
    });
    const page = await world.openDemo();
    primarySession = await world.signInOnDemo(page);
    await world.waitForSnapshot((s) => s.currentSessionId === primarySession, 30_000);
    await page.close();

    const other = await world.emulator.control.signInOtherDevice({ email: DEMO_USER.email }, 'production');
    satelliteSession = other.sessionId;
    await world.browser.context.addCookies([
      {
        name: '__client',
        value: other.identity,
        domain: world.emulator.satellite.fapiHost,
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'Lax',
      },
    ]);
    // Declared as a developer would: on the options page (its form validates the domain as clerk-js takes it).
    const options = await world.browser.context.newPage();
    await options.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
    await options.getByRole('button', { name: 'Edit Demo app' }).click();
    const form = options.getByRole('form', { name: 'Edit Demo app' });
    await form.getByLabel(/Sync host/).fill(satelliteApp);
    await form.getByLabel(/This app is a satellite/).check();
    const domain = form.getByLabel('Satellite domain');
    await domain.fill('https://not-a-domain/');
    await form.getByText('A domain is a host such as satellite.example.com').waitFor({ timeout: 10_000 });
    expect(await form.getByRole('button', { name: 'Save' }).isEnabled()).toBe(false);
    await domain.fill(world.emulator.satellite.domain);
    const save = form.getByRole('button', { name: 'Save' });
    await form.locator('button[type="submit"]:enabled').waitFor({ timeout: 10_000 });
    await screenshot(options, 'options-satellite');
    await save.click();
    await options.getByRole('status').filter({ hasText: 'Saved “Demo app”' }).waitFor({ timeout: 10_000 });
    // From here on, every read is the satellite's (a primary's sync alarm may have fired before).
    since = (await world.emulator.control.requests()).at(-1)?.seq ?? 0;
    const stored = await world.browser.worker.evaluate(async () => (await chrome.storage.local.get('apps')).apps);
    expect(stored).toEqual([
      expect.objectContaining({ domain: world.emulator.satellite.domain, isSatellite: true, syncHost: satelliteApp }),
    ]);
    await options.close();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows the satellite’s session, read from clerk.<satellite domain>; no request to the primary names the satellite’s client', async () => {
    expect(satelliteSession).not.toBe(primarySession);
    const s = await world.waitForSnapshot((x) => x.currentSessionId === satelliteSession && !x.stale, 30_000);
    const session = s.sessions.find((x) => x.id === satelliteSession);
    const server = (await world.emulator.control.listSessions('production')).find((x) => x.id === satelliteSession);
    // Its own numbers: the satellite client's session, as the server has it.
    expect(session?.createdAt).toBe(server?.createdAt);
    expect(session?.expireAt).toBe(server?.expireAt);
    expect(s.sessions.map((x) => x.id)).not.toContain(primarySession);
    // A read after the save: the save's own sync, or the next sync alarm's.
    const reads = await pollUntil(
      () => extensionRequests(world, (r) => r.seq > since && r.path === '/v1/client'),
      (r) => r.length > 0,
      45_000,
      'a client read after the satellite was saved',
    );
    expect(reads.every((r) => r.host === world.emulator.satellite.fapiHost)).toBe(true);
    const popup = await world.browser.openPopup();
    await expect.poll(() => popup.getByTestId('session-age-value').isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(popup, 'satellite');
    await popup.close();
  });
});
