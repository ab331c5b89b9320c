/**
 * The real clerk-js (6.40, `no-rhc` build) in headless Chromium against the FAPI emulator's
 * development instance: no mocks. The page is served from http://localhost; the browser reaches
 * only the emulated hosts (everything else resolves nowhere). Includes clerk-js's own answers to
 * the strict rules: `session_exists` in single-session mode, its mint retry after a 422
 * `missing_expired_token`, and which sessions stay in `client.sessions`.
 */
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoServer } from '../demo/demo-server.ts';
import { type ClerkPage, serveClerkPage } from '../emulator/clerk-page.ts';
import { FapiTestClient } from '../emulator/fapi-client.ts';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { chromiumArgs, findChromium } from './harness.ts';

const EMAIL = 'ada@example.com';
const PASSWORD = 'correct horse battery';

let emulator: Emulator;
let site: ClerkPage;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let userId: string;

beforeAll(async () => {
  emulator = await startEmulator({ logErrors: false });
  site = await serveClerkPage({ publishableKey: emulator.publishableKeys.development });
  browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: chromiumArgs(emulator.resolverHosts()),
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
  await emulator?.close();
});

beforeEach(async () => {
  await context?.close();
  await emulator.control.reset();
  await emulator.control.setSettings({ singleSessionMode: false });
  userId = (
    await emulator.control.createUser({ email: EMAIL, password: PASSWORD, firstName: 'Ada', customClaims: { plan: 'pro' } })
  ).id;
  context = await browser.newContext({ ignoreHTTPSErrors: true });
  page = await context.newPage();
  await page.goto(site.url);
  await page.waitForFunction(() => window.clerk || window.clerkLoadError, null, { timeout: 20_000 });
  expect(await page.evaluate(() => window.clerkLoadError ?? null)).toBeNull();
});

/** Signs in with a password as clerk-js does and makes the session active; returns its id. */
async function signIn(email = EMAIL, password = PASSWORD): Promise<string> {
  return page.evaluate(
    async ([identifier, pw]) => {
      const clerk = window.clerk;
      if (!clerk?.client) throw new Error('clerk not loaded');
      const attempt = await clerk.client.signIn.create({ identifier, password: pw, strategy: 'password' });
      if (attempt.status !== 'complete' || !attempt.createdSessionId) throw new Error(`sign-in ${attempt.status}`);
      await clerk.setActive({ session: attempt.createdSessionId });
      return attempt.createdSessionId;
    },
    [email, password] as const,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

describe('clerk-js against the emulator (development instance)', () => {
  it('loads: dev browser, environment, client; status ready', async () => {
    const state = await page.evaluate(() => ({
      status: window.clerk?.status,
      loaded: window.clerk?.loaded,
      user: window.clerk?.user,
    }));
    expect(state).toEqual({ status: 'ready', loaded: true, user: null });
    const log = await emulator.control.requests({ source: 'page' });
    const calls = log.map((e) => `${e.method} ${e.path} ${e.status}`);
    expect(calls).toEqual(
      expect.arrayContaining(['POST /v1/dev_browser 200', 'PATCH /v1/environment 200', 'GET /v1/client 200']),
    );
    expect(log.every((e) => e.origin === site.origin)).toBe(true);
  });

  it('signs in with a password; getToken() verifies against the JWKS', async () => {
    const sessionId = await signIn();
    expect(await page.evaluate(() => window.clerk?.user?.id)).toBe(userId);
    const token = await page.evaluate(() => window.clerk?.session?.getToken({ skipCache: true }));
    expect(typeof token).toBe('string');

    const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', emulator.fapiUrls.development), {
      [customFetch]: (url: string, options: RequestInit) => emulator.fetch(url, options as never) as unknown as Promise<Response>,
    });
    const { payload, protectedHeader } = await jwtVerify(token as string, jwks, { issuer: emulator.fapiUrls.development });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: expect.stringMatching(/^ins_/) });
    expect(payload).toMatchObject({ sub: userId, sid: sessionId, azp: site.origin, v: 2, plan: 'pro', fva: [0, -1] });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
  });

  it('session.touch() moves last_active_at', async () => {
    const sessionId = await signIn();
    const before = await page.evaluate(() => window.clerk?.session?.lastActiveAt.getTime());
    await sleep(1_100);
    const after = await page.evaluate(async () => {
      await window.clerk?.session?.touch();
      return window.clerk?.session?.lastActiveAt.getTime();
    });
    expect(after).toBeGreaterThan((before ?? 0) + 1_000);
    expect((await emulator.control.getSession(sessionId)).lastActiveAt).toBe(after);
  });

  it('an idle session expires after the inactivity timeout', async () => {
    await emulator.control.setSettings({ inactivityTimeoutMs: 3_000 });
    const sessionId = await signIn();
    await sleep(300); // let clerk-js finish its post-sign-in requests
    const { lastActiveAt, expireAt } = await emulator.control.getSession(sessionId);
    expect(expireAt).toBe(lastActiveAt + 3_000);
    await sleep(Math.max(0, expireAt - Date.now()) + 300);
    const status = await page.evaluate(async () => {
      await window.clerk?.client?.reload();
      return window.clerk?.client?.sessions[0]?.status;
    });
    expect(status).toBe('expired');
    expect((await emulator.control.getSession(sessionId)).status).toBe('expired');
    // Reading the client was no activity: the deadline did not move.
    expect((await emulator.control.getSession(sessionId)).expireAt).toBe(expireAt);
  });

  it('a session past its maximum lifetime expires despite activity', async () => {
    // Activity (a mint every ~0.5 s) for the first half of the lifetime: then the inactivity
    // deadline is past the maximum lifetime, which alone decides. The margins are seconds, not a
    // tight schedule, so a busy machine's slow mint cannot outlive the session by accident.
    const MAX_MS = 10_000;
    await emulator.control.setSettings({ maxLifetimeMs: MAX_MS, inactivityTimeoutMs: 6_000 });
    const sessionId = await signIn();
    const { createdAt } = await emulator.control.getSession(sessionId);
    while (Date.now() < createdAt + MAX_MS / 2) {
      await sleep(500);
      await page.evaluate(() => window.clerk?.session?.getToken({ skipCache: true }));
    }
    const alive = await emulator.control.getSession(sessionId);
    expect(alive.status).toBe('active');
    expect(alive.expireAt).toBe(createdAt + MAX_MS);
    await sleep(Math.max(0, createdAt + MAX_MS - Date.now()) + 300);
    const status = await page.evaluate(async () => {
      await window.clerk?.client?.reload();
      return window.clerk?.client?.sessions[0]?.status;
    });
    expect(status).toBe('expired');
    const tokenAfter = await page.evaluate(async () => {
      try {
        return await window.clerk?.session?.getToken({ skipCache: true });
      } catch (e) {
        return `error: ${(e as Error).message}`;
      }
    });
    expect(tokenAfter ?? null).not.toMatch(/^ey/);
  });

  it('signOut() removes every session of the client', async () => {
    await emulator.control.createUser({ email: 'grace@example.com', password: PASSWORD });
    const first = await signIn();
    const second = await signIn('grace@example.com');
    expect(await page.evaluate(() => window.clerk?.client?.signedInSessions.length)).toBe(2);
    await page.evaluate(() => window.clerk?.signOut(() => {}));
    expect(
      await page.evaluate(() => ({ user: window.clerk?.user ?? null, sessions: window.clerk?.client?.sessions.length })),
    ).toEqual({
      user: null,
      sessions: 0,
    });
    const statuses = (await emulator.control.listSessions()).filter((s) => [first, second].includes(s.id)).map((s) => s.status);
    expect(statuses).toEqual(['removed', 'removed']);
    const signOutCalls = await emulator.control.requests({ method: 'DELETE', path: '/v1/client/sessions' });
    expect(signOutCalls.map((e) => [e.wireMethod, e.status, e.source])).toEqual([['POST', 200, 'page']]);
  });

  it('a session revoked from another device leaves client.sessions', async () => {
    const sessionId = await signIn();
    const other = await emulator.control.signInOtherDevice({ email: EMAIL });
    const device = new FapiTestClient(emulator, 'development', other.identity);
    const revoke = await device.post(`/v1/me/sessions/${sessionId}/revoke`, {}, { _clerk_session_id: other.sessionId });
    expect(revoke.status).toBe(200);
    const ids = await page.evaluate(async () => {
      await window.clerk?.client?.reload();
      return window.clerk?.client?.sessions.map((s) => s.id);
    });
    expect(ids).toEqual([]);
    expect((await emulator.control.getSession(sessionId)).status).toBe('revoked');
  });

  it('an ended session stays in client.sessions (status ended), a revoked one leaves', async () => {
    await emulator.control.createUser({ email: 'grace@example.com', password: PASSWORD });
    const ended = await signIn();
    const revoked = await signIn('grace@example.com');
    const seen = await page.evaluate(async (id) => {
      const session = window.clerk?.client?.sessions.find((s) => s.id === id);
      await session?.end();
      return window.clerk?.client?.sessions.map((s) => [s.id, s.status]);
    }, ended);
    expect(seen).toEqual([
      [ended, 'ended'],
      [revoked, 'active'],
    ]);
    await emulator.control.revokeSession(revoked);
    const after = await page.evaluate(async () => {
      await window.clerk?.client?.reload();
      return {
        sessions: window.clerk?.client?.sessions.map((s) => [s.id, s.status]),
        signedIn: window.clerk?.client?.signedInSessions.length,
        lastActive: window.clerk?.client?.lastActiveSessionId ?? null,
      };
    });
    expect(after).toEqual({ sessions: [[ended, 'ended']], signedIn: 0, lastActive: null });
  });

  it("clerk-js's own mint retry with ?expired_token= succeeds after a 422 missing_expired_token", async () => {
    const sessionId = await signIn();
    await sleep(300); // let clerk-js finish its post-sign-in requests
    await emulator.control.setSettings({ requireExpiredTokenOnMint: 1 });
    const seq = (await emulator.control.requests()).at(-1)?.seq ?? 0;
    const token = await page.evaluate(() => window.clerk?.session?.getToken({ skipCache: true }));
    expect(token?.split('.')).toHaveLength(3);
    const mints = (await emulator.control.requests({ since: seq, path: `/v1/client/sessions/${sessionId}/tokens` })).filter(
      (e) => e.source === 'page',
    );
    expect(mints.map((e) => [e.status, 'expired_token' in e.query])).toEqual([
      [422, false],
      [200, true],
    ]);
    expect((await emulator.control.getSettings()).requireExpiredTokenOnMint).toBe(0);
  });

  it('the page revokes the other device through user.getSessions()', async () => {
    await signIn();
    const other = await emulator.control.signInOtherDevice({ email: EMAIL });
    const seen = await page.evaluate(async (otherId) => {
      const sessions = (await window.clerk?.user?.getSessions()) ?? [];
      const target = sessions.find((s) => s.id === otherId);
      await target?.revoke();
      return sessions.length;
    }, other.sessionId);
    expect(seen).toBe(2);
    expect((await emulator.control.getSession(other.sessionId)).status).toBe('revoked');
  });
});

describe('clerk-js in single-session mode (the default)', () => {
  it('a second sign-in gets session_exists; the first session stays; the demo app shows the error', async () => {
    await emulator.control.setSettings({ singleSessionMode: true });
    await emulator.control.createUser({ email: 'grace@example.com', password: PASSWORD });
    const first = await signIn();
    const refused = await page.evaluate(async (pw) => {
      try {
        await window.clerk?.client?.signIn.create({ identifier: 'grace@example.com', password: pw, strategy: 'password' });
        return null;
      } catch (e) {
        const err = e as { status?: number; errors?: Array<{ code: string }> };
        return { status: err.status, code: err.errors?.[0]?.code };
      }
    }, PASSWORD);
    expect(refused).toEqual({ status: 400, code: 'session_exists' });
    expect(await page.evaluate(() => window.clerk?.session?.id)).toBe(first);
    expect((await emulator.control.listSessions()).map((s) => [s.id, s.status])).toEqual([[first, 'active']]);

    // Its own browser context: cookies are not port-scoped, so in this context the demo on
    // another localhost port would share the test page's dev browser (and client).
    const demo = await startDemoServer({ publishableKey: emulator.publishableKeys.development });
    const demoContext = await browser.newContext({ ignoreHTTPSErrors: true });
    const seq = (await emulator.control.requests()).at(-1)?.seq ?? 0;
    try {
      const app = await demoContext.newPage();
      await app.goto(demo.url);
      await app.waitForFunction(() => window.demo !== undefined, undefined, { timeout: 20_000 });
      const submit = async (email: string) => {
        await app.getByLabel('Email').fill(email);
        await app.getByLabel('Password').fill(PASSWORD);
        await app.getByRole('button', { name: 'Sign in' }).click();
      };
      await submit(EMAIL);
      await expect.poll(() => app.locator('#status').textContent(), { timeout: 10_000 }).toBe(`Signed in as ${EMAIL}`);
      await submit('grace@example.com');
      await expect.poll(() => app.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/You're already signed in/);
      expect(await app.locator('#status').textContent()).toBe(`Signed in as ${EMAIL}`);
      const signIns = await emulator.control.requests({ since: seq, path: '/v1/client/sign_ins', source: 'page' });
      expect(signIns.map((e) => e.status)).toEqual([200, 400]);
    } finally {
      await demoContext.close();
      await demo.close();
    }
  });
});
