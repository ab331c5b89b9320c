/**
 * The emulator over HTTP: the session model seen through FAPI (clock offset, lifetimes, multi- and
 * single-session), faults, the request log, and robustness against bad input.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FapiTestClient } from './fapi-client.ts';
import { type Emulator, startEmulator } from './server.ts';

let emulator: Emulator;
const PASSWORD = 'correct horse battery';
const MIN = 60_000;
const users = ['ada@example.com', 'grace@example.com', 'edsger@example.com'];

beforeAll(async () => {
  emulator = await startEmulator({ logErrors: false });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.control.reset();
  for (const email of users) await emulator.control.createUser({ email, password: PASSWORD, customClaims: { email } });
});

async function browser(): Promise<FapiTestClient> {
  return new FapiTestClient(emulator, 'development').init();
}

describe('clock offset', () => {
  it('moves session timestamps, JWT iat/exp and the Date header', async () => {
    await emulator.control.setSettings({ clockOffsetMs: 3_600_000 });
    const fapi = await browser();
    const before = Date.now() + 3_600_000;
    const sessionId = await fapi.signIn(users[0] as string, PASSWORD);
    const token = await fapi.token(sessionId);
    const after = Date.now() + 3_600_000;
    const claims = decodeJwt(token.body.jwt);
    expect((claims.iat ?? 0) * 1000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect((claims.iat ?? 0) * 1000).toBeLessThanOrEqual(after);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
    expect(claims.nbf).toBe((claims.iat ?? 0) - 10);
    const date = Date.parse(token.headers.get('date') ?? '');
    expect(Math.abs(date - before)).toBeLessThan(2_000);
    const session = await emulator.control.getSession(sessionId);
    expect(session.createdAt).toBeGreaterThanOrEqual(before);
    expect(session.createdAt).toBeLessThanOrEqual(after);
  });

  it('a jump past the maximum lifetime expires the session on the next request', async () => {
    await emulator.control.setSettings({ maxLifetimeMs: 10 * MIN });
    const fapi = await browser();
    const sessionId = await fapi.signIn(users[0] as string, PASSWORD);
    await emulator.control.setSettings({ clockOffsetMs: 10 * MIN - 5_000 });
    expect((await fapi.token(sessionId)).status).toBe(200);
    await emulator.control.setSettings({ clockOffsetMs: 10 * MIN + 1 });
    const refused = await fapi.token(sessionId);
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].code).toBe('signed_out');
    const client = await fapi.client();
    expect(client.body.response.sessions[0]).toMatchObject({ id: sessionId, status: 'expired', last_active_token: null });
  });

  it('inactivity: activity moves the deadline, reading the client does not', async () => {
    await emulator.control.setSettings({ inactivityTimeoutMs: 5 * MIN, maxLifetimeMs: 60 * MIN });
    const fapi = await browser();
    const sessionId = await fapi.signIn(users[0] as string, PASSWORD);
    const created = await emulator.control.getSession(sessionId);
    expect(created.expireAt).toBe(created.createdAt + 5 * MIN);

    await emulator.control.setSettings({ clockOffsetMs: 4 * MIN });
    await fapi.token(sessionId);
    const refreshed = await emulator.control.getSession(sessionId);
    expect(refreshed.expireAt).toBe(refreshed.lastActiveAt + 5 * MIN);
    expect(refreshed.lastActiveAt).toBeGreaterThanOrEqual(created.createdAt + 4 * MIN);

    await emulator.control.setSettings({ clockOffsetMs: 8 * MIN });
    const read = await fapi.client();
    expect(read.body.response.sessions[0].status).toBe('active');
    expect(read.body.response.sessions[0].last_active_at).toBe(refreshed.lastActiveAt);
    expect(read.body.response.sessions[0].expire_at).toBe(refreshed.expireAt);

    await emulator.control.setSettings({ clockOffsetMs: 9 * MIN + 2_000 });
    expect((await fapi.client()).body.response.sessions[0].status).toBe('expired');
  });

  it('touch is activity and sets last_active_session_id', async () => {
    await emulator.control.setSettings({ singleSessionMode: false });
    const fapi = await browser();
    const first = await fapi.signIn(users[0] as string, PASSWORD);
    await fapi.signIn(users[1] as string, PASSWORD);
    await emulator.control.setSettings({ clockOffsetMs: MIN });
    const touched = await fapi.post(`/v1/client/sessions/${first}/touch`, { intent: 'select_session' });
    expect(touched.body.client.last_active_session_id).toBe(first);
    expect(touched.body.response.last_active_at).toBeGreaterThanOrEqual(
      (await emulator.control.getSession(first)).createdAt + MIN,
    );
  });
});

describe('sessions on one client', () => {
  it('multi-session with three accounts', async () => {
    await emulator.control.setSettings({ singleSessionMode: false });
    const fapi = await browser();
    expect((await fapi.get('/v1/environment')).body.auth_config.single_session_mode).toBe(false);
    const ids: string[] = [];
    for (const email of users) ids.push(await fapi.signIn(email, PASSWORD));
    const client = (await fapi.client()).body.response;
    expect(client.sessions.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual(ids.map((id) => [id, 'active']));
    expect(client.last_active_session_id).toBe(ids[2]);
    const subs = await Promise.all(ids.map(async (id) => decodeJwt((await fapi.token(id)).body.jwt)));
    expect(subs.map((c) => c.email)).toEqual(users);
    expect(new Set(subs.map((c) => c.sub)).size).toBe(3);

    // last_active_token is the most recently minted token of each session.
    const again = (await fapi.client()).body.response;
    for (const [i, s] of again.sessions.entries()) expect(decodeJwt(s.last_active_token.jwt).jti).toBe(subs[i]?.jti);

    await fapi.post(`/v1/client/sessions/${ids[2]}/remove`);
    const after = (await fapi.client()).body.response;
    expect(after.sessions.map((s: { id: string }) => s.id)).toEqual([ids[0], ids[1]]);
    expect(after.last_active_session_id).toBe(ids[1]);

    const active = await fapi.get('/v1/me/sessions/active', { _clerk_session_id: ids[0] as string });
    expect(active.body.map((s: { id: string }) => s.id)).toEqual([ids[0]]);
  });

  it('single-session mode: a second sign-in is refused with session_exists, nothing is replaced', async () => {
    const fapi = await browser();
    expect((await fapi.get('/v1/environment')).body.auth_config.single_session_mode).toBe(true);
    const first = await fapi.signIn(users[0] as string, PASSWORD);
    const refused = await fapi.post('/v1/client/sign_ins', {
      identifier: users[1] as string,
      password: PASSWORD,
      strategy: 'password',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].code).toBe('session_exists');
    // The two-step flow: creating the attempt is fine, completing it is refused.
    const attempt = await fapi.post('/v1/client/sign_ins', { identifier: users[1] as string });
    expect(attempt.body.response.status).toBe('needs_first_factor');
    const completing = await fapi.post(`/v1/client/sign_ins/${attempt.body.response.id}/attempt_first_factor`, {
      strategy: 'password',
      password: PASSWORD,
    });
    expect(completing.body.errors[0].code).toBe('session_exists');
    const client = (await fapi.client()).body.response;
    expect(client.sessions.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([[first, 'active']]);
    expect(client.last_active_session_id).toBe(first);
    expect((await fapi.token(first)).status).toBe(200);
    expect((await emulator.control.listSessions()).map((s) => s.status)).toEqual(['active']);

    // Once the session is over, signing in again works.
    await fapi.post(`/v1/client/sessions/${first}/end`);
    const second = await fapi.signIn(users[1] as string, PASSWORD);
    const after = (await fapi.client()).body.response;
    expect(after.sessions.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      [first, 'ended'],
      [second, 'active'],
    ]);
    expect(after.last_active_session_id).toBe(second);
  });

  it('the production instance keeps its own users and settings', async () => {
    const prod = new FapiTestClient(emulator, 'production');
    expect((await prod.post('/v1/client/sign_ins', { identifier: users[0] as string })).status).toBe(422);
    await emulator.control.createUser({ email: 'prod@example.com', password: PASSWORD }, 'production');
    await emulator.control.setSettings({ tokenLifetimeMs: 300_000 }, 'production');
    const sessionId = await prod.signIn('prod@example.com', PASSWORD);
    const claims = decodeJwt((await prod.token(sessionId)).body.jwt);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
    expect(claims.iss).toBe(emulator.fapiUrls.production);
  });
});

describe('faults', () => {
  it('status and retry-after for the next N requests', async () => {
    const fapi = await browser();
    await emulator.control.addFault({ method: 'GET', path: '/v1/client', status: 429, retryAfter: 7, times: 2 });
    const first = await fapi.client();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body.errors[0].code).toBe('emulator_fault');
    expect((await fapi.client()).status).toBe(429);
    expect((await fapi.client()).status).toBe(200);
    expect(await emulator.control.listFaults()).toEqual([]);
  });

  it('latency', async () => {
    const fapi = await browser();
    await emulator.control.addFault({ path: '/v1/environment', latencyMs: 400 });
    const started = Date.now();
    expect((await fapi.get('/v1/environment')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    const [entry] = await emulator.control.requests({ path: '/v1/environment' });
    expect(entry?.durationMs).toBeGreaterThanOrEqual(390);
    await emulator.control.clearFaults();
  });

  it('dropped connection and malformed body, matched by glob', async () => {
    const fapi = await browser();
    const sessionId = await fapi.signIn(users[0] as string, PASSWORD);
    await emulator.control.addFault({ path: '/v1/client/sessions/*/tokens', drop: true, times: 1 });
    await expect(fapi.token(sessionId)).rejects.toThrow();
    const malformed = await emulator.control.addFault({ path: '/v1/**', malformed: true, status: 200 });
    const res = await fapi.client();
    expect(res.status).toBe(200);
    expect(res.body).toHaveProperty('unparsable');
    await emulator.control.removeFault(malformed.id);
    expect((await fapi.token(sessionId)).status).toBe(200);
    const log = await emulator.control.requests({ path: `/v1/client/sessions/${sessionId}/tokens` });
    expect(log.map((e) => e.status)).toEqual([0, 200]);
    expect(log[0]?.faultId).toMatch(/^fault_/);
  });
});

describe('request log', () => {
  it('counts requests with method, path, instance, source and masked identity', async () => {
    const fapi = await browser();
    await fapi.client();
    await fapi.client();
    await fapi.request('DELETE', '/v1/client/sessions');
    const log = await emulator.control.requests();
    expect(log.map((e) => `${e.wireMethod}>${e.method} ${e.path} ${e.status}`)).toEqual([
      'POST>POST /v1/dev_browser 200',
      'GET>GET /v1/client 200',
      'GET>GET /v1/client 200',
      'POST>DELETE /v1/client/sessions 401',
    ]);
    expect(log.every((e) => e.instance === 'development' && e.source === 'node')).toBe(true);
    expect(log[1]?.query.__clerk_db_jwt).toMatch(/^dvb_.{4}…$/);
    expect(await emulator.control.requests({ since: log[2]?.seq })).toHaveLength(1);

    const url = `${emulator.fapiUrls.development}/v1/client?__clerk_db_jwt=${fapi.identity}`;
    await emulator.fetch(url, { headers: { 'sec-fetch-site': 'none' } });
    await emulator.fetch(url, { headers: { origin: 'http://localhost:3000', 'sec-fetch-site': 'cross-site' } });
    expect((await emulator.control.requests({ since: log[3]?.seq })).map((e) => e.source)).toEqual(['extension', 'page']);
    await emulator.control.clearRequests();
    expect(await emulator.control.requests()).toEqual([]);
  });
});

describe('bad input never crashes the server', () => {
  it('answers garbage with envelopes and keeps serving', async () => {
    const fapi = await browser();
    const base = emulator.fapiUrls.development;
    const db = `__clerk_db_jwt=${fapi.identity}`;
    const attempts: Array<[string, RequestInit]> = [
      [`${base}/v1/client/sign_ins?${db}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2' }],
      [`${base}/v1/client/sign_ins?${db}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' }],
      [
        `${base}/v1/client/sign_ins?${db}`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"identifier":5}' },
      ],
      [`${base}/v1/client/sign_ins?${db}`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: 'x' }],
      [`${base}/v1/client/sessions/%E0%A4%A/touch?${db}`, { method: 'POST' }],
      [`${base}/v1/client?_method=EXPLODE&${db}`, { method: 'POST' }],
      [`${base}/v1/client/sign_ins?${db}`, { method: 'POST', body: 'x'.repeat(1_100_000) }],
      [
        `${emulator.url}/__emulator/users`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":1}' },
      ],
      [
        `${emulator.url}/__emulator/faults`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"path":"^("}' },
      ],
      [`${emulator.url}/v1/client`, {}],
    ];
    for (const [url, init] of attempts) {
      const res = await emulator.fetch(url, init as never).catch((e: Error) => e);
      if (res instanceof Error) continue; // the 1 MB body may be cut off mid-upload
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(res.status, url).toBeLessThan(500);
      const json = (await res.json()) as { errors: Array<{ code: string }> };
      expect(json.errors[0]?.code, url).toEqual(expect.any(String));
    }
    expect((await fapi.client()).status).toBe(200);
  });
});
