/**
 * Issue 19, item 1, in real Chromium: a hostile page cannot choose the Frontend API host. The
 * page (served here, on loopback) sets a fake `window.Clerk` whose development key names an IP
 * address. The real toolbar popup must refuse it ("Not inspected"), offer no "Inspect this app",
 * and nothing may ever try to reach that host.
 *
 * Seeing a request attempt: the hostile key names a loopback address of its own (127.77.19.19),
 * mapped by the harness's resolver rules to a loopback listener that counts every connection, and
 * a second listener on that address's port 443 counts one Chromium would make directly: any
 * request the popup or the worker sent to that host would be one. A control at the end shows the
 * count does move. (A real attacker would name 169.254.169.254; a test must not reach beyond this
 * machine.)
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../lib/apps';
import { publishableKeyFor } from '../../lib/publishable-key';
import type { SessionSnapshot } from '../../lib/snapshot';
import { clickToolbarIcon } from './real-popup';
import { SCREENSHOT_DIR } from './scenario-helpers';
import { startWorld, type World } from './world';

const HOSTILE_HOST = '127.77.19.19';
const HOSTILE_KEY = publishableKeyFor(HOSTILE_HOST, 'development');

/** Runs in the popup: the text of an element by test id. */
const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';

describe('a hostile page naming an IP-literal Frontend API host', () => {
  let world: World;
  let page: Server;
  let pageUrl = '';
  let listener: TcpServer;
  let mapped: TcpServer;
  let connections = 0;
  let tab: Page;

  beforeAll(async () => {
    const count = (socket: { destroy(): void }) => {
      connections++;
      socket.destroy();
    };
    // Two listeners count: one on the literal itself (a connection Chromium makes as it is) and
    // one the resolver rules map the literal to (MAP rules apply to IP literals too), whichever
    // way Chromium routes it.
    listener = createTcpServer(count);
    await new Promise<void>((done, fail) => {
      listener.once('error', fail);
      listener.listen(443, HOSTILE_HOST, done);
    });
    mapped = createTcpServer(count);
    await new Promise<void>((done) => mapped.listen(0, '127.0.0.1', done));
    const mappedAddress = mapped.address();
    const mappedPort = typeof mappedAddress === 'object' && mappedAddress ? mappedAddress.port : 0;
    page = createServer((_req, res) => {
      // The fake Clerk: what a page that wants the worker's requests would set. It never calls out.
      const script = `window.Clerk = { loaded: true, publishableKey: ${JSON.stringify(HOSTILE_KEY)}, frontendApi: ${JSON.stringify(HOSTILE_HOST)}, instanceType: 'development' };`;
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end(`<!doctype html><title>Hostile</title><script>${script}</script><h1>Totally a Clerk app</h1>`);
    });
    await new Promise<void>((done) => page.listen(0, '127.0.0.1', done));
    const address = page.address();
    pageUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hostile`;
    world = await startWorld({
      preconfigured: false,
      variant: 'e2e-zero-config',
      extensionDebugging: true,
      extra: { hosts: { [HOSTILE_HOST]: mappedPort }, hostPermissions: [] },
    });
    tab = await world.browser.context.newPage();
    await tab.goto(pageUrl);
  });
  afterAll(async () => {
    await world?.close();
    page?.close();
    listener?.close();
    mapped?.close();
  });

  it('the real popup refuses it, names the host, offers nothing to click; no request reaches the host', async () => {
    expect(await tab.evaluate(() => (window as unknown as { Clerk: { publishableKey: string } }).Clerk.publishableKey)).toBe(
      HOSTILE_KEY,
    );
    const popup = await clickToolbarIcon(world.browser, tab);
    const verdict = await popup.waitFor<string>(
      () => document.querySelector('[data-testid="detect-result"]')?.getAttribute('data-verdict') ?? '',
      undefined,
      20_000,
    );
    expect(verdict).toBe('refused-host');
    const said = await popup.evaluate<string>(text, 'detect-result');
    expect(said).toContain(HOSTILE_HOST);
    expect(said).toMatch(/an IP address.*sent nothing there/);
    expect(await popup.evaluate<string>(text, 'detect-card')).toContain('Not inspected');
    expect(
      await popup.evaluate<number>(
        () => [...document.querySelectorAll('button')].filter((b) => b.textContent === 'Inspect this app').length,
      ),
    ).toBe(0);
    await popup.screenshot(`${SCREENSHOT_DIR}/e2e-hostile-page-refused.png`);
    // Asked again ("Check this tab"): the same refusal.
    await popup.click('button.link-button');
    await popup.waitFor(
      () => document.querySelector('[data-testid="detect-result"]')?.getAttribute('data-verdict'),
      undefined,
      20_000,
    );
    expect(await popup.evaluate<string>(text, 'detect-result')).toContain(HOSTILE_HOST);
    await popup.close();
    const apps = await world.browser.worker.evaluate(
      async () => ((await chrome.storage.local.get('apps')).apps ?? []) as AppConfig[],
    );
    expect(apps).toEqual([]);
    expect(connections).toBe(0);
  });

  it('an app with that key already stored (adopted before the fix): the worker refuses it and says why; still no request', async () => {
    const app: AppConfig = {
      id: 'app-hostile',
      label: 'hostile',
      publishableKey: HOSTILE_KEY,
      syncHost: new URL(pageUrl).origin,
      mode: 'keep-alive',
      declared: { inactivityTimeoutSeconds: null, maximumLifetimeSeconds: null },
      thresholds: { warningSeconds: 600, criticalSeconds: 120 },
      notifyBeforeSeconds: null,
    };
    await world.browser.worker.evaluate(async (stored) => {
      await chrome.storage.local.set({ apps: [stored], selectedAppId: stored.id });
    }, app);
    // From an extension page: the worker's own sendMessage would not reach its own listener.
    const extensionPage = await world.browser.openPopup();
    const message = await extensionPage.evaluate(async (id) => {
      const key = `snapshot:${id}`;
      const deadline = Date.now() + 30_000;
      for (;;) {
        await chrome.runtime.sendMessage({ type: 'refreshNow', payload: { appId: id } }).catch(() => null);
        const snapshot = (await chrome.storage.session.get(key))[key] as SessionSnapshot | undefined;
        if (snapshot?.error?.message) return snapshot.error.message;
        if (Date.now() > deadline) return '';
        await new Promise((r) => setTimeout(r, 500));
      }
    }, app.id);
    await extensionPage.close();
    expect(message).toMatch(/127\.77\.19\.19.*IP address.*does not contact it until you confirm/s);
    expect(connections).toBe(0);
  });

  it('control: the listener does see a request to that host (so the zeros above can fail)', async () => {
    await world.browser.worker.evaluate((host) => fetch(`https://${host}/v1/client`).catch(() => null), HOSTILE_HOST);
    const deadline = Date.now() + 20_000;
    while (connections === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(connections).toBeGreaterThan(0);
  });
});
