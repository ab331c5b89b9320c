/**
 * Strict like Clerk, the session side: which sessions a client lists, lifetimes that may be off,
 * mints (clerk-js's body, the injectable 422 `missing_expired_token`), the undocumented read
 * behaviours as switches, the token faults, and the control API's settings (defaults, reset,
 * refusals). Each switch on and off; each refusal validated against the spec's `ClerkErrors`.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLERK_API_VERSION } from '../../lib/engine/api-version.ts';
import type { ControlSettings } from './control-client.ts';
import { FapiTestClient } from './fapi-client.ts';
import { type Emulator, startEmulator } from './server.ts';
import { expectClerkError } from './strict-helpers.ts';

let emulator: Emulator;
const PASSWORD = 'correct horse battery';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const ADA = 'ada@example.com';
const GRACE = 'grace@example.com';

beforeAll(async () => {
  emulator = await startEmulator({ logErrors: false });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.control.reset();
  for (const email of [ADA, GRACE]) await emulator.control.createUser({ email, password: PASSWORD });
});

async function signedIn(): Promise<{ fapi: FapiTestClient; sessionId: string }> {
  const fapi = await new FapiTestClient(emulator, 'development').init();
  return { fapi, sessionId: await fapi.signIn(ADA, PASSWORD) };
}

function lastToken(client: { sessions: Array<{ id: string; last_active_token: { jwt: string } | null }> }, id: string) {
  return client.sessions.find((s) => s.id === id)?.last_active_token?.jwt ?? '';
}

const DEFAULTS: ControlSettings = {
  maxLifetimeMs: 7 * DAY,
  inactivityTimeoutMs: null,
  tokenLifetimeMs: 60_000,
  singleSessionMode: true,
  clockOffsetMs: 0,
  checkApiVersion: true,
  nativeApiEnabled: true,
  allowedOrigins: [],
  refuseWebAllowedOrigins: true,
  requireReverificationForRevoke: true,
  requireExpiredTokenOnMint: 0,
  readsCountAsActivity: false,
  remintOnRead: false,
  partitionedCookies: false,
  signWithUnknownKey: false,
  omitAzp: false,
  sessionMinter: false,
};

describe('control API settings', () => {
  it('getSettings returns every field; the defaults are the strict ones, on both instances', async () => {
    expect(await emulator.control.getSettings()).toEqual(DEFAULTS);
    expect(await emulator.control.getSettings('production')).toEqual(DEFAULTS);
  });

  it('reset() restores the defaults after every field was changed', async () => {
    const changed: ControlSettings = {
      maxLifetimeMs: null,
      inactivityTimeoutMs: 5 * MIN,
      tokenLifetimeMs: 10_000,
      singleSessionMode: false,
      clockOffsetMs: 42,
      checkApiVersion: false,
      nativeApiEnabled: false,
      allowedOrigins: ['https://a.example'],
      refuseWebAllowedOrigins: false,
      requireReverificationForRevoke: false,
      requireExpiredTokenOnMint: 3,
      readsCountAsActivity: true,
      remintOnRead: true,
      partitionedCookies: true,
      signWithUnknownKey: true,
      omitAzp: true,
      sessionMinter: true,
    };
    expect(await emulator.control.setSettings(changed, 'production')).toEqual(changed);
    expect(await emulator.control.getSettings('development')).toEqual(DEFAULTS);
    await emulator.control.reset();
    expect(await emulator.control.getSettings('production')).toEqual(DEFAULTS);
  });

  it('refuses unknown fields and wrong types, and changes nothing then', async () => {
    for (const patch of [
      { nativeApiEnable: false },
      { omitAzp: 'yes' },
      { requireExpiredTokenOnMint: -1 },
      { remintOnRead: 1 },
    ]) {
      await expect(emulator.control.setSettings(patch as never)).rejects.toThrow(/400/);
    }
    await expect(emulator.control.setSettings({ omitAzp: true, readsCountAsActivity: 'x' } as never)).rejects.toThrow(/400/);
    expect(await emulator.control.getSettings()).toEqual(DEFAULTS);
  });
});

describe('rule 3: client.sessions as clerk-docs session-status.mdx has it', () => {
  it('ended and expired stay; removed (one or all) and revoked leave; last_active_session_id is live or null', async () => {
    await emulator.control.setSettings({ singleSessionMode: false });
    const fapi = await new FapiTestClient(emulator, 'development').init();
    // Four users: one user signs in once per client (a second time is identifier_already_signed_in).
    const users = [ADA, GRACE, 'ida@example.com', 'joan@example.com'];
    for (const email of users.slice(2)) await emulator.control.createUser({ email, password: PASSWORD });
    const ids = [];
    for (const email of users) ids.push(await fapi.signIn(email, PASSWORD));
    const [ended, expired, revoked, removed] = ids as [string, string, string, string];
    await fapi.post(`/v1/client/sessions/${removed}/remove`);
    await emulator.control.revokeSession(revoked);
    await emulator.control.expireSession(expired);
    const endedRes = await fapi.post(`/v1/client/sessions/${ended}/end`);
    expect(endedRes.body.client.sessions.map((s: { id: string }) => s.id)).toEqual([ended, expired]);
    expect(endedRes.body.client.last_active_session_id).toBeNull();

    const live = await fapi.signIn(ADA, PASSWORD);
    const signOut = await fapi.request('DELETE', '/v1/client/sessions');
    // clerk.signOut(): every session becomes removed; the ended and expired ones stay listed.
    expect(signOut.body.response.sessions.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      [ended, 'ended'],
      [expired, 'expired'],
    ]);
    expect(signOut.body.response.last_active_session_id).toBeNull();
    expect((await emulator.control.getSession(live)).status).toBe('removed');
  });
});

describe('rule 4: sign-in, as Clerk answers it', () => {
  const signInAgain = (fapi: FapiTestClient, identifier: string) =>
    fapi.post('/v1/client/sign_ins', { identifier, password: PASSWORD, strategy: 'password' });

  it('multi-session: the same user again on this client is 400 identifier_already_signed_in naming the session; another user signs in', async () => {
    await emulator.control.setSettings({ singleSessionMode: false });
    const { fapi, sessionId } = await signedIn();
    const again = await signInAgain(fapi, ADA);
    expectClerkError(again, 400, 'identifier_already_signed_in');
    expect(again.body.errors[0]).toMatchObject({
      message: "You're already signed in",
      long_message: "You're already signed in",
      meta: { session_id: sessionId },
    });
    // Also when the sign-in is created with the identifier alone (clerk-js's two-step flow).
    expectClerkError(await fapi.post('/v1/client/sign_ins', { identifier: ADA }), 400, 'identifier_already_signed_in');
    expect((await emulator.control.listSessions()).map((s) => s.id)).toEqual([sessionId]);
    expect((await signInAgain(fapi, GRACE)).status).toBe(200);
    // Another client (device) of the same user is not "this client".
    const elsewhere = await new FapiTestClient(emulator, 'development').init();
    expect((await signInAgain(elsewhere, ADA)).status).toBe(200);
  });

  it('single-session: a second sign-in is 400 session_exists with the catalogue’s words, whoever signs in', async () => {
    const { fapi } = await signedIn();
    for (const who of [ADA, GRACE]) {
      const refused = await signInAgain(fapi, who);
      expectClerkError(refused, 400, 'session_exists');
      expect(refused.body.errors[0]).toMatchObject({
        message: 'Session already exists',
        long_message: "You're already signed in.",
      });
    }
  });

  it('missing_expired_token says what Clerk answered native clients (clerk-ios 404, 420)', async () => {
    const { fapi, sessionId } = await signedIn();
    await emulator.control.setSettings({ requireExpiredTokenOnMint: 1 });
    const refused = await fapi.token(sessionId);
    expectClerkError(refused, 422, 'missing_expired_token');
    expect(refused.body.errors[0]).toMatchObject({
      message: 'Missing required parameter',
      long_message: 'The expired_token parameter is required',
      meta: {},
    });
  });
});

describe('rule 4b: revoking another device needs a verification under 10 minutes old', () => {
  async function withOtherDevice() {
    await emulator.control.setSettings({ singleSessionMode: false });
    const { fapi, sessionId } = await signedIn();
    const other = await emulator.control.signInOtherDevice({ email: ADA });
    const revoke = () => fapi.post(`/v1/me/sessions/${other.sessionId}/revoke`, {}, { _clerk_session_id: sessionId });
    return { fapi, sessionId, other, revoke };
  }
  const fva = async (fapi: FapiTestClient, sessionId: string) => decodeJwt((await fapi.token(sessionId)).body.jwt).fva;

  it('a fresh sign-in revokes; 10 minutes later it is a 403 session_reverification_required with the catalogue’s words', async () => {
    const { fapi, sessionId, other, revoke } = await withOtherDevice();
    await emulator.control.setVerificationAge(sessionId, 10);
    expect(await fva(fapi, sessionId)).toEqual([10, -1]);
    const refused = await revoke();
    expectClerkError(refused, 403, 'session_reverification_required');
    expect(refused.body.errors[0]).toMatchObject({
      message: 'Reverification required',
      long_message: 'You need to provide additional verification to perform this operation',
    });
    expect((await emulator.control.getSession(other.sessionId)).status).toBe('active');
    await emulator.control.setVerificationAge(sessionId, 9);
    expect((await revoke()).status).toBe(200);
    expect((await emulator.control.getSession(other.sessionId)).status).toBe('revoked');
  });

  it('re-verifying with the password (verify, then attempt_first_factor) resets the age, and the revoke passes', async () => {
    const { fapi, sessionId, other, revoke } = await withOtherDevice();
    await emulator.control.setVerificationAge(sessionId, 30);
    expectClerkError(await revoke(), 403, 'session_reverification_required');
    const attempt = (password: string) =>
      fapi.post(`/v1/client/sessions/${sessionId}/verify/attempt_first_factor`, { strategy: 'password', password });
    expectClerkError(await attempt(PASSWORD), 400, 'session_reverification_missing');
    expect((await fapi.post(`/v1/client/sessions/${sessionId}/verify`, { level: 'first_factor' })).status).toBe(200);
    expectClerkError(await attempt('wrong'), 422, 'form_password_incorrect');
    expect((await attempt(PASSWORD)).body.response.status).toBe('complete');
    expect(await fva(fapi, sessionId)).toEqual([0, -1]);
    expect((await revoke()).status).toBe(200);
    expect((await emulator.control.getSession(other.sessionId)).status).toBe('revoked');
  });

  it('switched off (requireReverificationForRevoke: false), an old verification revokes', async () => {
    const { sessionId, revoke } = await withOtherDevice();
    await emulator.control.setVerificationAge(sessionId, 60);
    await emulator.control.setSettings({ requireReverificationForRevoke: false });
    expect((await revoke()).status).toBe(200);
  });
});

describe('rule 10: cookies as Clerk sets them', () => {
  /** A production browser (no `_is_native`): the identity is the `__client` cookie on the FAPI host. */
  async function browserSignIn(cookie: string | null, email: string) {
    const url = new URL('/v1/client/sign_ins', emulator.fapiUrls.production);
    url.searchParams.set('__clerk_api_version', CLERK_API_VERSION);
    const res = await emulator.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://app.inspector-emu.test',
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams({ identifier: email, password: PASSWORD, strategy: 'password' }).toString(),
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    const client = cookies.find((c) => c.startsWith('__client='));
    const uat = cookies.find((c) => c.startsWith('__client_uat='));
    return { client: client ?? '', uat: uat ?? '', value: (client ?? '').split(';')[0] ?? '' };
  }

  it('__client is HttpOnly, Secure, SameSite=Lax and rotates on each sign-in; __client_uat on the root domain', async () => {
    await emulator.control.setSettings({ singleSessionMode: false }, 'production');
    for (const email of [ADA, GRACE]) await emulator.control.createUser({ email, password: PASSWORD }, 'production');
    const first = await browserSignIn(null, ADA);
    expect(first.client).toMatch(/; HttpOnly/);
    expect(first.client).toMatch(/; Secure/);
    expect(first.client).toMatch(/; SameSite=Lax/);
    expect(first.client).not.toMatch(/Domain=/);
    expect(first.uat).toMatch(/^__client_uat=\d{10}; Domain=inspector-emu\.test; /);
    expect(first.uat).not.toMatch(/HttpOnly/);

    const second = await browserSignIn(first.value, GRACE);
    expect(second.value).not.toBe(first.value);
    const clients = await emulator.control.listClients('production');
    expect(clients).toHaveLength(1);
    expect(clients[0]?.sessions).toHaveLength(2);
  });

  it('partitionedCookies: the environment says partitioned_cookies (off by default)', async () => {
    const fapi = await new FapiTestClient(emulator, 'development').init();
    expect((await fapi.get('/v1/environment')).body.partitioned_cookies).toBe(false);
    await emulator.control.setSettings({ partitionedCookies: true });
    expect((await fapi.get('/v1/environment')).body.partitioned_cookies).toBe(true);
  });
});

describe('rule 5: lifetimes, either may be off', () => {
  it('maximum lifetime off, inactivity on: expire_at = last_active_at + inactivity, far past 7 days with activity', async () => {
    await emulator.control.setSettings({ maxLifetimeMs: null, inactivityTimeoutMs: 2 * DAY });
    const { fapi, sessionId } = await signedIn();
    const created = await emulator.control.getSession(sessionId);
    expect(created.expireAt).toBe(created.lastActiveAt + 2 * DAY);
    for (let day = 1; day <= 9; day++) {
      await emulator.control.setSettings({ clockOffsetMs: day * DAY });
      expect((await fapi.token(sessionId)).status, `day ${day}`).toBe(200);
    }
    const later = await emulator.control.getSession(sessionId);
    expect(later.lastActiveAt).toBeGreaterThan(created.createdAt + 8 * DAY);
    expect(later.expireAt).toBe(later.lastActiveAt + 2 * DAY);
    const client = (await fapi.client()).body.response;
    expect(client.sessions[0].expire_at).toBe(later.expireAt);
    await emulator.control.setSettings({ clockOffsetMs: 11 * DAY + MIN });
    expect((await fapi.client()).body.response.sessions[0].status).toBe('expired');
  });

  it('inactivity off (the default) leaves the maximum lifetime; turning both off is a 400 that changes nothing', async () => {
    const { sessionId } = await signedIn();
    const s = await emulator.control.getSession(sessionId);
    expect(s.expireAt).toBe(s.createdAt + 7 * DAY);
    await expect(emulator.control.setSettings({ maxLifetimeMs: null })).rejects.toThrow(/400.*both/);
    await emulator.control.setSettings({ inactivityTimeoutMs: 10 * MIN });
    await expect(emulator.control.setSettings({ maxLifetimeMs: null, inactivityTimeoutMs: null })).rejects.toThrow(/400/);
    expect(await emulator.control.getSettings()).toMatchObject({ maxLifetimeMs: 7 * DAY, inactivityTimeoutMs: 10 * MIN });
    // One patch may swap which one is on.
    await emulator.control.setSettings({ inactivityTimeoutMs: null, maxLifetimeMs: 60 * MIN });
    expect((await emulator.control.getSession(sessionId)).expireAt).toBe(s.createdAt + 60 * MIN);
  });
});

describe('rule 6: mints', () => {
  it("accept clerk-js's bodies (empty organization_id, tab_state, token, force_origin) on /tokens and templates", async () => {
    await emulator.control.setTemplate({ name: 'api', lifetimeMs: 120_000 });
    const { fapi, sessionId } = await signedIn();
    const token = lastToken((await fapi.client()).body.response, sessionId);
    const bodies: Record<string, string>[] = [
      { organization_id: '' },
      { organization_id: '', tab_state: 'visible' },
      { organization_id: '', token, force_origin: 'true' },
    ];
    for (const body of bodies) {
      expect((await fapi.post(`/v1/client/sessions/${sessionId}/tokens`, body)).status, JSON.stringify(Object.keys(body))).toBe(
        200,
      );
    }
    expect((await fapi.post(`/v1/client/sessions/${sessionId}/tokens/api`, {})).status).toBe(200);
  });

  it('requireExpiredTokenOnMint: N refusals without ?expired_token=, the retry with it passes; then mints pass again', async () => {
    await emulator.control.setTemplate({ name: 'api' });
    const { fapi, sessionId } = await signedIn();
    await emulator.control.setSettings({ requireExpiredTokenOnMint: 2, clockOffsetMs: 5_000 });
    const before = await emulator.control.getSession(sessionId);
    const expired = lastToken((await fapi.client()).body.response, sessionId);

    const refused = await fapi.token(sessionId);
    expectClerkError(refused, 422, 'missing_expired_token');
    // A refused mint is no activity and mints nothing.
    expect(await emulator.control.getSession(sessionId)).toMatchObject({
      lastActiveAt: before.lastActiveAt,
      lastTokenIat: before.lastTokenIat,
    });

    const retry = await fapi.post(`/v1/client/sessions/${sessionId}/tokens`, { organization_id: '' }, { expired_token: expired });
    expect(retry.status).toBe(200);
    expect(decodeJwt(retry.body.jwt).sid).toBe(sessionId);
    expect((await emulator.control.getSettings()).requireExpiredTokenOnMint).toBe(1);

    expectClerkError(await fapi.post(`/v1/client/sessions/${sessionId}/tokens/api`), 422, 'missing_expired_token');
    expect((await emulator.control.getSettings()).requireExpiredTokenOnMint).toBe(0);
    expect((await fapi.token(sessionId)).status).toBe(200);

    // The request log never keeps the token itself.
    const log = await emulator.control.requests({ path: `/v1/client/sessions/${sessionId}/tokens` });
    expect(log.map((e) => e.status)).toEqual([422, 200, 200]);
    expect(log[1]?.query.expired_token).toMatch(/^.{8}…$/);
  });

  it('?expired_token= must be a token this instance issued for this session', async () => {
    await emulator.control.setSettings({ singleSessionMode: false });
    const { fapi, sessionId } = await signedIn();
    const otherId = await fapi.signIn(GRACE, PASSWORD);
    const otherToken = lastToken((await fapi.client()).body.response, otherId);
    for (const expired of ['not-a-jwt', otherToken]) {
      const res = await fapi.post(`/v1/client/sessions/${sessionId}/tokens`, {}, { expired_token: expired });
      expectClerkError(res, 422, 'form_param_value_invalid');
    }
  });
});

describe('rule 7: undocumented read behaviours, off by default', () => {
  async function twoSessionsAndAnEnded() {
    await emulator.control.setSettings({ singleSessionMode: false });
    const fapi = await new FapiTestClient(emulator, 'development').init();
    const ended = await fapi.signIn(GRACE, PASSWORD);
    await fapi.post(`/v1/client/sessions/${ended}/end`);
    const a = await fapi.signIn(ADA, PASSWORD);
    const b = await fapi.signIn(GRACE, PASSWORD);
    return { fapi, ids: [a, b], ended };
  }

  it('off: a client read moves no last_active_at and returns the last minted token', async () => {
    const { fapi, ids } = await twoSessionsAndAnEnded();
    const first = (await fapi.client()).body.response;
    await emulator.control.setSettings({ clockOffsetMs: 5 * MIN });
    const second = (await fapi.client()).body.response;
    for (const id of ids) {
      expect(second.sessions.find((s: { id: string }) => s.id === id).last_active_at).toBe(
        first.sessions.find((s: { id: string }) => s.id === id).last_active_at,
      );
      expect(lastToken(second, id)).toBe(lastToken(first, id));
    }
  });

  it('readsCountAsActivity: every GET /v1/client moves each live session to now (not the ended one)', async () => {
    const { fapi, ids, ended } = await twoSessionsAndAnEnded();
    await emulator.control.setSettings({ readsCountAsActivity: true, inactivityTimeoutMs: 10 * MIN, clockOffsetMs: 5 * MIN });
    const endedBefore = await emulator.control.getSession(ended);
    const t = Date.now() + 5 * MIN;
    const client = (await fapi.client()).body.response;
    for (const id of ids) {
      const s = await emulator.control.getSession(id);
      expect(s.lastActiveAt).toBeGreaterThanOrEqual(t);
      expect(s.expireAt).toBe(s.lastActiveAt + 10 * MIN);
      expect(client.sessions.find((x: { id: string }) => x.id === id).last_active_at).toBe(s.lastActiveAt);
      // Only activity: no new token.
      expect(s.lastTokenIat).toBeLessThan(t - MIN);
    }
    expect(await emulator.control.getSession(ended)).toEqual(endedBefore);
  });

  it('remintOnRead: every client read carries a fresh token per live session (new iat, new jti), and is no activity', async () => {
    const { fapi, ids } = await twoSessionsAndAnEnded();
    await emulator.control.setSettings({ remintOnRead: true });
    const before = await Promise.all(ids.map((id) => emulator.control.getSession(id)));
    const first = (await fapi.client()).body.response;
    await emulator.control.setSettings({ clockOffsetMs: 5_000 });
    const second = (await fapi.client()).body.response;
    for (const [i, id] of ids.entries()) {
      const [a, b] = [decodeJwt(lastToken(first, id)), decodeJwt(lastToken(second, id))];
      expect(b.sid).toBe(id);
      expect(b.jti).not.toBe(a.jti);
      expect(b.iat).toBeGreaterThanOrEqual((a.iat ?? 0) + 4);
      const after = await emulator.control.getSession(id);
      expect(after.lastActiveAt).toBe(before[i]?.lastActiveAt);
      expect(after.lastTokenIat).toBe((b.iat ?? 0) * 1000);
    }
    // With both switches on, the read is activity too.
    await emulator.control.setSettings({ readsCountAsActivity: true });
    await fapi.client();
    for (const [i, id] of ids.entries()) {
      expect((await emulator.control.getSession(id)).lastActiveAt).toBeGreaterThan(before[i]?.lastActiveAt ?? 0);
    }
  });
});

describe('rule 8: token faults, off by default', () => {
  it('signWithUnknownKey: tokens carry a kid the JWKS lacks and fail verification; off again, they verify', async () => {
    await emulator.control.setTemplate({ name: 'api' });
    const jwks = createLocalJWKSet(emulator.jwks as never);
    const { fapi, sessionId } = await signedIn();
    const good = (await fapi.token(sessionId)).body.jwt;
    await expect(jwtVerify(good, jwks)).resolves.toBeTruthy();

    await emulator.control.setSettings({ signWithUnknownKey: true });
    const published = emulator.jwks.keys.map((k) => k.kid);
    for (const path of [`/v1/client/sessions/${sessionId}/tokens`, `/v1/client/sessions/${sessionId}/tokens/api`]) {
      const jwt = (await fapi.post(path)).body.jwt;
      const header = decodeProtectedHeader(jwt);
      expect(header.alg).toBe('RS256');
      expect(header.kid).toMatch(/^ins_/);
      expect(published).not.toContain(header.kid);
      await expect(jwtVerify(jwt, jwks)).rejects.toThrow();
    }
    // The rogue token still counts as this session's last token for a retry's expired_token.
    await emulator.control.setSettings({ requireExpiredTokenOnMint: 1 });
    const rogue = lastToken((await fapi.client()).body.response, sessionId);
    expect((await fapi.post(`/v1/client/sessions/${sessionId}/tokens`, {}, { expired_token: rogue })).status).toBe(200);

    await emulator.control.setSettings({ signWithUnknownKey: false, requireExpiredTokenOnMint: 0 });
    await expect(jwtVerify((await fapi.token(sessionId)).body.jwt, jwks)).resolves.toBeTruthy();
  });

  it('omitAzp: no azp claim on session, template and sign-in tokens; off, azp is there', async () => {
    await emulator.control.setTemplate({ name: 'api' });
    const page = 'http://localhost:3000';
    const fapi = await new FapiTestClient(emulator, 'development', null, page).init();
    const sessionId = await fapi.signIn(ADA, PASSWORD);
    expect(decodeJwt((await fapi.token(sessionId)).body.jwt).azp).toBe(page);

    await emulator.control.setSettings({ omitAzp: true, singleSessionMode: false });
    expect(decodeJwt((await fapi.token(sessionId)).body.jwt)).not.toHaveProperty('azp');
    expect(decodeJwt((await fapi.post(`/v1/client/sessions/${sessionId}/tokens/api`)).body.jwt)).not.toHaveProperty('azp');
    const second = await fapi.signIn(GRACE, PASSWORD);
    const claims = decodeJwt(lastToken((await fapi.client()).body.response, second));
    expect(claims).not.toHaveProperty('azp');
    expect(claims).toMatchObject({ sid: second, v: 2 });
  });

  it('azp is the request Origin, an extension origin included; without an Origin, the Frontend API URL', async () => {
    const page = 'http://localhost:3000';
    const fapi = await new FapiTestClient(emulator, 'development', null, page).init();
    const sessionId = await fapi.signIn(ADA, PASSWORD);
    expect(decodeJwt(lastToken((await fapi.client()).body.response, sessionId)).azp).toBe(page);
    const extension = `chrome-extension://${'a'.repeat(32)}`;
    await emulator.control.setSettings({ allowedOrigins: [extension] });
    const asExtension = new FapiTestClient(emulator, 'development', fapi.identity, extension);
    const fromExtension = await asExtension.post(`/v1/client/sessions/${sessionId}/tokens`);
    expect(fromExtension.status).toBe(200);
    expect(decodeJwt(fromExtension.body.jwt).azp).toBe(extension);
    const server = await new FapiTestClient(emulator, 'development').init();
    const serverSession = await server.signIn(GRACE, PASSWORD);
    expect(decodeJwt((await server.token(serverSession)).body.jwt).azp).toBe(`https://${emulator.hosts.development}`);
  });
});
