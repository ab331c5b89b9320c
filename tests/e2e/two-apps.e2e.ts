/**
 * Strict like Clerk (issue 10): two development apps on `localhost` (two instances, each its own
 * emulator and demo server, both configured in one extension). clerk-js writes both apps'
 * identities under the same unsuffixed `__clerk_db_jwt` on localhost (the last one wins) and each
 * under its own suffixed `__clerk_db_jwt_<suffix>`; the extension must read the suffixed one, so
 * each app shows its own user, and the cookie churn of two open tabs makes no request storm.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAppConfig } from '../../lib/apps';
import { startDemoServer } from '../demo/demo-server';
import type { ClerkPage } from '../emulator/clerk-page.ts';
import { type Emulator, startEmulator } from '../emulator/server';
import { DEMO_USER, startWorld, type World } from './world';

const OTHER_USER = { email: 'grace@example.com', password: 'another horse battery', firstName: 'Grace', lastName: 'Hopper' };
const OTHER_APP_ID = 'app-other';
const SYNC_SECONDS = 3;
const WINDOW_MS = 15_000;

describe('two development apps on localhost', () => {
  let other: Emulator;
  let otherDemo: ClerkPage;
  let world: World;
  beforeAll(async () => {
    other = await startEmulator({ name: 'other-emu', logErrors: true });
    await other.control.createUser(OTHER_USER);
    otherDemo = await startDemoServer({ publishableKey: other.publishableKeys.development });
    world = await startWorld({
      variant: 'e2e-two-apps',
      syncPeriodSeconds: SYNC_SECONDS,
      extra: { hosts: other.resolverHosts(), hostPermissions: [`https://${other.hosts.development}/*`] },
    });
    const app = makeAppConfig({
      id: OTHER_APP_ID,
      label: 'Other app',
      publishableKey: other.publishableKeys.development,
      syncHost: otherDemo.origin,
    });
    // After the build-time app is seeded (its first snapshot is written after the seed).
    await world.waitForSnapshot(() => true);
    await world.browser.worker.evaluate(async (app) => {
      const { apps } = (await chrome.storage.local.get('apps')) as { apps: unknown[] };
      await chrome.storage.local.set({ apps: [...apps, app] });
    }, app);
  });
  afterAll(async () => {
    await world?.close();
    await otherDemo?.close();
    await other?.close();
  });

  async function openOther(): Promise<Page> {
    const page = await world.browser.context.newPage();
    await page.goto(otherDemo.origin);
    await page.waitForFunction(() => window.demo !== undefined, undefined, { timeout: 15_000 });
    return page;
  }

  it('each app shows its own user, from its own suffixed identity cookie; with both tabs open, no request storm', async () => {
    const pageA = await world.openDemo();
    const adaSession = await world.signInOnDemo(pageA);
    const pageB = await openOther();
    const graceSession = await pageB.evaluate(({ email, password }) => window.demo.signIn(email, password), OTHER_USER);

    const snapshotOf = async (appId: string, sessionId: string) => {
      await expect.poll(async () => (await world.snapshotOf(appId))?.currentSessionId, { timeout: 20_000 }).toBe(sessionId);
      const snapshot = await world.snapshotOf(appId);
      if (!snapshot) throw new Error(`no snapshot for ${appId}`);
      return snapshot;
    };
    const a = await snapshotOf(world.appId, adaSession);
    const b = await snapshotOf(OTHER_APP_ID, graceSession);
    expect(a.sessions.map((s) => s.user.email)).toEqual([DEMO_USER.email]);
    expect(b.sessions.map((s) => s.user.email)).toEqual([OTHER_USER.email]);
    for (const s of [a, b]) {
      expect(s.stale).toBe(false);
      expect(s.setup.identity?.suffixed).toBe(true);
      expect(s.setup.identity?.cookieName).toMatch(/^__clerk_db_jwt_[A-Za-z0-9_-]{8}$/);
      expect(s.setup.identity?.otherInstances).toBeGreaterThanOrEqual(1);
    }
    expect(a.setup.identity?.cookieName).not.toBe(b.setup.identity?.cookieName);

    // Each instance saw only its own client: no request of one app's identity went to the other.
    const errorsA = await world.emulator.control.requests({ source: 'extension' });
    const errorsB = await other.control.requests({ source: 'extension' });
    expect([...errorsA, ...errorsB].filter((r) => r.status === 401)).toEqual([]);

    // Budget: with both tabs open (their clerk-js rewriting cookies), each app's client reads stay
    // at one per sync alarm plus one per real change (a token the page minted rewrites __session).
    const from = Date.now();
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const to = Date.now();
    for (const emulator of [world.emulator, other]) {
      const inWindow = (await emulator.control.requests()).filter((r) => {
        const at = Date.parse(r.at);
        return at >= from && at < to;
      });
      const reads = inWindow.filter((r) => r.source === 'extension' && r.path === '/v1/client').length;
      const pageMints = inWindow.filter((r) => r.source === 'page' && r.path.endsWith('/tokens')).length;
      const alarms = Math.ceil(WINDOW_MS / (SYNC_SECONDS * 1000));
      console.info(
        `${emulator.hosts.development}: ${reads} client reads in ${WINDOW_MS / 1000} s (${alarms} alarms, ${pageMints} page mints)`,
      );
      expect(reads).toBeLessThanOrEqual(alarms + pageMints + 1);
    }
    await pageA.close();
    await pageB.close();
  });

  it('cookie forensics (issue 13): each app names the other app’s cookies on the shared host; the doctor says so', async () => {
    const report = (await world.waitForSnapshot((s) => (s.cookieReport?.findings.length ?? 0) > 0, 20_000)).cookieReport;
    const finding = report?.findings.find((f) => f.id === 'cookie-other-instance');
    expect(finding?.detail).toContain('Other app');
    const theirs = report?.cookies.filter((c) => c.owner?.kind === 'other-app') ?? [];
    expect(theirs.map((c) => c.base)).toEqual(expect.arrayContaining(['__clerk_db_jwt']));
    expect(theirs.every((c) => c.owner?.kind === 'other-app' && c.owner.label === 'Other app')).toBe(true);
    expect(report?.cookies.some((c) => c.owner?.kind === 'this-app' && c.base === '__clerk_db_jwt')).toBe(true);
    const popup = await world.browser.openPopup();
    const check = popup.locator('[data-testid="doctor"] [data-check="cookie-other-instance"]');
    await expect.poll(() => check.getAttribute('data-status'), { timeout: 10_000 }).toBe('warn');
    await popup.close();
  });
});
