/**
 * Contract tests: every response the emulator gives for the endpoints clerk-js uses validates
 * against Clerk's published FAPI spec (tests/emulator/clerk-fapi/fapi-2026-05-12.yml (a copy of Clerk's published spec, MIT)) with ajv.
 *
 * Spec exceptions (where the published spec is silent, wrong or stricter than clerk-js):
 * 1. `POST /v1/dev_browser` has no response schema in the spec ("A DevBrowser was created.").
 *    clerk-js reads `id` from the JSON body; checked by hand below.
 * 2. Responses for routes the spec does not list (unknown routes), and error statuses an
 *    operation does not declare (e.g. 401 on `/tokens/{template}` is declared, 422 on `/touch` is),
 *    are validated against the `ClerkErrors` component directly; so are the strict-rule refusals
 *    (strict.test.ts), which Clerk answers on any route.
 * 3. `auth_config.session_minter` is read by clerk-js 6.40 but absent from the spec's AuthConfig
 *    (no additional properties): the emulator sends it only while its `sessionMinter` switch is on
 *    (session-minter.test.ts), so the default environment stays valid.
 *
 * (The emulator no longer makes `replaced` sessions, the one status clerk-js knows and the spec's
 * `Client.SessionBase` enum lacks: in single-session mode a second sign-in is `session_exists`.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FapiResponse, FapiTestClient } from './fapi-client.ts';
import { EXTENSION_ORIGIN } from './rules.ts';
import { type Emulator, startEmulator } from './server.ts';
import { loadSpecValidator, type SpecValidator } from './spec-validator.ts';
import type { InstanceType } from './state.ts';

let emulator: Emulator;
let spec: SpecValidator;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  [emulator, spec] = await Promise.all([startEmulator({ logErrors: false }), Promise.resolve(loadSpecValidator())]);
});
afterAll(async () => {
  await emulator?.close();
});

function valid(method: string, specPath: string, res: FapiResponse): void {
  expect(spec.validate(method, specPath, res.status, res.json), `${method} ${specPath} ${res.status}`).toEqual([]);
}

function validError(res: FapiResponse, status: number, code?: string): void {
  expect(res.status).toBe(status);
  expect(spec.validateComponent('ClerkErrors', res.json)).toEqual([]);
  expect(res.body.errors[0]).toMatchObject({
    code: expect.any(String),
    message: expect.any(String),
    long_message: expect.any(String),
  });
  expect(typeof res.body.clerk_trace_id).toBe('string');
  if (code) expect(res.body.errors[0].code).toBe(code);
}

describe('the spec validator', () => {
  it('rejects a wrong shape (it is not vacuous)', () => {
    expect(spec.validate('GET', '/v1/client', 200, { response: { object: 'client' }, client: null })).not.toEqual([]);
    expect(spec.validate('GET', '/v1/environment', 200, { auth_config: { single_session_mode: 'yes' } })).not.toEqual([]);
    expect(spec.validate('GET', '/v1/environment', 200, { unknown_key: true })).not.toEqual([]);
    expect(spec.validateComponent('ClerkErrors', { errors: [{ code: 'x' }] })).not.toEqual([]);
  });
});

describe.each<InstanceType>(['development', 'production'])('%s instance', (instance) => {
  let fapi: FapiTestClient;
  let user: { id: string; email: string };

  beforeEach(async () => {
    await emulator.control.reset();
    await emulator.control.setSettings({ singleSessionMode: false }, instance);
    user = await emulator.control.createUser(
      { email: 'ada@example.com', password: PASSWORD, firstName: 'Ada', lastName: 'Lovelace', customClaims: { role: 'admin' } },
      instance,
    );
    // An Origin every request may carry: a localhost page (development), the extension (production,
    // where a page origin and a native Authorization header may not go together).
    const origin = instance === 'development' ? 'http://localhost:3000' : EXTENSION_ORIGIN;
    // The extension's origin is allowed: a set-up instance (a fresh one refuses it; strict-requests.test.ts).
    await emulator.control.updateInstance({ allowed_origins: [EXTENSION_ORIGIN] }, instance);
    fapi = await new FapiTestClient(emulator, instance, null, origin).init();
  });

  it('GET /.well-known/jwks.json and GET/PATCH /v1/environment', async () => {
    valid('GET', '/.well-known/jwks.json', await fapi.get('/.well-known/jwks.json'));
    const env = await fapi.get('/v1/environment');
    valid('GET', '/v1/environment', env);
    expect(env.body.auth_config.single_session_mode).toBe(false);
    expect(env.body.partitioned_cookies).toBe(false);
    expect(env.body.client_debug_mode).toBe(false);
    expect(env.body.display_config.instance_environment_type).toBe(instance);
    expect(env.body).not.toHaveProperty('commerce_settings');
    valid('PATCH', '/v1/environment', await fapi.request('PATCH', '/v1/environment'));
  });

  it('GET /v1/client before and after a password sign-in; create + attempt_first_factor', async () => {
    const empty = await fapi.client();
    valid('GET', '/v1/client', empty);
    expect(empty.body).toEqual({ response: null, client: null });

    const created = await fapi.post('/v1/client/sign_ins', { identifier: user.email });
    valid('POST', '/v1/client/sign_ins', created);
    expect(created.body.response.status).toBe('needs_first_factor');
    expect(created.body.client.sign_in.id).toBe(created.body.response.id);

    const wrong = await fapi.post(`/v1/client/sign_ins/${created.body.response.id}/attempt_first_factor`, {
      strategy: 'password',
      password: 'nope',
    });
    validError(wrong, 422, 'form_password_incorrect');
    valid('POST', '/v1/client/sign_ins/{sign_in_id}/attempt_first_factor', wrong);

    const done = await fapi.post(`/v1/client/sign_ins/${created.body.response.id}/attempt_first_factor`, {
      strategy: 'password',
      password: PASSWORD,
    });
    valid('POST', '/v1/client/sign_ins/{sign_in_id}/attempt_first_factor', done);
    expect(done.body.response.status).toBe('complete');
    const sessionId = done.body.response.created_session_id;
    expect(done.body.client.last_active_session_id).toBe(sessionId);

    const client = await fapi.client();
    valid('GET', '/v1/client', client);
    const session = client.body.response.sessions[0];
    expect(session).toMatchObject({ id: sessionId, status: 'active', user: { id: user.id } });
    expect(session.last_active_token.jwt.split('.')).toHaveLength(3);
  });

  it('sign-in errors: unknown identifier, wrong password, missing identifier, malformed body', async () => {
    const unknown = await fapi.post('/v1/client/sign_ins', {
      identifier: 'nobody@example.com',
      password: 'x',
      strategy: 'password',
    });
    validError(unknown, 422, 'form_identifier_not_found');
    valid('POST', '/v1/client/sign_ins', unknown);
    const wrong = await fapi.post('/v1/client/sign_ins', { identifier: user.email, password: 'x', strategy: 'password' });
    validError(wrong, 422, 'form_password_incorrect');
    validError(await fapi.post('/v1/client/sign_ins', {}), 422, 'form_param_missing');

    const url = new URL('/v1/client/sign_ins', emulator.fapiUrls[instance]);
    if (instance === 'development') url.searchParams.set('__clerk_db_jwt', fapi.identity ?? '');
    else url.searchParams.set('_is_native', '1');
    const res = await emulator.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"identifier": ',
    });
    const json = await res.json();
    validError({ status: res.status, headers: res.headers as unknown as Headers, json, body: json }, 422);
  });

  it('session routes: tokens, template tokens, touch, /v1/me, active sessions, revoke, end, remove', async () => {
    await emulator.control.setTemplate({ name: 'long', lifetimeMs: 3_600_000, claims: { uid: '{{user.id}}' } }, instance);
    const sessionId = await fapi.signIn(user.email, PASSWORD);

    const token = await fapi.token(sessionId);
    valid('POST', '/v1/client/sessions/{session_id}/tokens', token);
    expect(token.body).toEqual({ object: 'token', jwt: expect.any(String) });
    const template = await fapi.post(`/v1/client/sessions/${sessionId}/tokens/long`);
    valid('POST', '/v1/client/sessions/{session_id}/tokens/{template_name}', template);
    const missing = await fapi.post(`/v1/client/sessions/${sessionId}/tokens/none`);
    validError(missing, 404, 'resource_not_found');
    valid('POST', '/v1/client/sessions/{session_id}/tokens/{template_name}', missing);

    const touch = await fapi.post(`/v1/client/sessions/${sessionId}/touch`, { intent: 'select_session' });
    valid('POST', '/v1/client/sessions/{session_id}/touch', touch);
    validError(await fapi.post('/v1/client/sessions/sess_unknown/touch'), 404, 'resource_not_found');

    const me = await fapi.get('/v1/me', { _clerk_session_id: sessionId });
    valid('GET', '/v1/me', me);
    expect(me.body.response.id).toBe(user.id);

    const other = await emulator.control.signInOtherDevice({ email: user.email }, instance);
    const active = await fapi.get('/v1/me/sessions/active', { _clerk_session_id: sessionId });
    valid('GET', '/v1/me/sessions/active', active);
    expect(active.body.map((s: { id: string }) => s.id).sort()).toEqual([sessionId, other.sessionId].sort());
    expect(active.body[0].latest_activity).toMatchObject({ object: 'session_activity', is_mobile: false });

    const revokeCurrent = await fapi.post(`/v1/me/sessions/${sessionId}/revoke`, {}, { _clerk_session_id: sessionId });
    validError(revokeCurrent, 403);
    valid('POST', '/v1/me/sessions/{session_id}/revoke', revokeCurrent);
    // Revoking needs a first-factor verification under 10 minutes old (reverification.ts).
    await emulator.control.setVerificationAge(sessionId, 11);
    const reverify = await fapi.post(`/v1/me/sessions/${other.sessionId}/revoke`, {}, { _clerk_session_id: sessionId });
    validError(reverify, 403, 'session_reverification_required');
    valid('POST', '/v1/me/sessions/{session_id}/revoke', reverify);
    const started = await fapi.post(`/v1/client/sessions/${sessionId}/verify`, { level: 'first_factor' });
    valid('POST', '/v1/client/sessions/{session_id}/verify', started);
    expect(started.body.response).toMatchObject({ object: 'session_reverification', status: 'needs_first_factor' });
    const verified = await fapi.post(`/v1/client/sessions/${sessionId}/verify/attempt_first_factor`, {
      strategy: 'password',
      password: PASSWORD,
    });
    valid('POST', '/v1/client/sessions/{session_id}/verify/attempt_first_factor', verified);
    expect(verified.body.response.status).toBe('complete');
    expect(verified.body.response.session.factor_verification_age).toEqual([0, -1]);
    const revoked = await fapi.post(`/v1/me/sessions/${other.sessionId}/revoke`, {}, { _clerk_session_id: sessionId });
    valid('POST', '/v1/me/sessions/{session_id}/revoke', revoked);
    expect(revoked.body.response.status).toBe('revoked');

    // A second account on this client (the same user again would be identifier_already_signed_in).
    await emulator.control.createUser({ email: 'grace@example.com', password: PASSWORD }, instance);
    const second = await fapi.signIn('grace@example.com', PASSWORD);
    const ended = await fapi.post(`/v1/client/sessions/${second}/end`);
    valid('POST', '/v1/client/sessions/{session_id}/end', ended);
    expect(ended.body.response.status).toBe('ended');
    const afterEnd = await fapi.token(second);
    validError(afterEnd, 401, 'signed_out');
    valid('POST', '/v1/client/sessions/{session_id}/tokens', afterEnd);

    const removed = await fapi.post(`/v1/client/sessions/${sessionId}/remove`);
    valid('POST', '/v1/client/sessions/{session_id}/remove', removed);
    expect(removed.body.response.status).toBe('removed');
    expect(removed.body.client.last_active_session_id).toBeNull();
  });

  it('DELETE /v1/client/sessions and DELETE /v1/client', async () => {
    await emulator.control.createUser({ email: 'grace@example.com', password: PASSWORD }, instance);
    await fapi.signIn(user.email, PASSWORD);
    await fapi.signIn('grace@example.com', PASSWORD);
    const signOut = await fapi.request('DELETE', '/v1/client/sessions');
    valid('DELETE', '/v1/client/sessions', signOut);
    expect(signOut.body.response.sessions).toEqual([]);
    const statuses = (await emulator.control.listSessions(instance)).map((s) => s.status);
    expect(statuses).toEqual(['removed', 'removed']);

    await fapi.signIn(user.email, PASSWORD);
    const destroyed = await fapi.request('DELETE', '/v1/client');
    valid('DELETE', '/v1/client', destroyed);
    expect((await fapi.client()).body.response).toBeNull();
  });

  it('unknown routes and unauthenticated /v1/me answer in the error envelope', async () => {
    validError(await fapi.get('/v1/does-not-exist'), 404, 'resource_not_found');
    const me = await fapi.get('/v1/me');
    validError(me, 401, 'signed_out');
    valid('GET', '/v1/me', me);
  });
});

describe('identity flows', () => {
  beforeEach(async () => {
    await emulator.control.reset();
    await emulator.control.createUser({ email: 'ada@example.com', password: PASSWORD }, 'development');
    await emulator.control.createUser({ email: 'ada@example.com', password: PASSWORD }, 'production');
  });

  it('development: dev browser id in the body and Clerk-Db-Jwt on every response; no dev browser is a 401', async () => {
    const res = await emulator.fetch(`${emulator.fapiUrls.development}/v1/dev_browser`, { method: 'POST' });
    // Spec exception 1: no schema for this response.
    expect(spec.responseSchemaRef('POST', '/v1/dev_browser', 200)).toBeNull();
    const body = (await res.json()) as { id: string };
    expect(body.id).toMatch(/^dvb_/);
    expect(res.headers.get('clerk-db-jwt')).toBe(body.id);

    const fapi = new FapiTestClient(emulator, 'development', body.id);
    const client = await fapi.client();
    expect(client.headers.get('clerk-db-jwt')).toBe(body.id);
    validError(await new FapiTestClient(emulator, 'development').client(), 401, 'dev_browser_unauthenticated');
    validError(await new FapiTestClient(emulator, 'development', 'dvb_forged').client(), 401, 'dev_browser_unauthenticated');
  });

  it('production: _is_native + Bearer in, Authorization out; an unknown client JWT is no client', async () => {
    const fapi = new FapiTestClient(emulator, 'production');
    await fapi.signIn('ada@example.com', PASSWORD);
    expect(fapi.identity).toMatch(/^ey/);
    const client = await fapi.client();
    expect(client.headers.get('authorization')).toBe(fapi.identity);
    expect(client.body.response.sessions).toHaveLength(1);
    const stranger = await new FapiTestClient(emulator, 'production', 'not-a-jwt').client();
    expect(stranger.status).toBe(200);
    expect(stranger.body).toEqual({ response: null, client: null });
  });

  it('production browser flow: the __client cookie', async () => {
    const url = `${emulator.fapiUrls.production}/v1/client/sign_ins`;
    const res = await emulator.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://app.inspector-emu.test' },
      body: new URLSearchParams({ identifier: 'ada@example.com', password: PASSWORD, strategy: 'password' }).toString(),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__client=')) ?? '';
    expect(cookie).toMatch(/^__client=ey[^;]+; Path=\/; .*Secure; HttpOnly; SameSite=Lax/);
    const again = await emulator.fetch(`${emulator.fapiUrls.production}/v1/client`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(((await again.json()) as { response: { sessions: unknown[] } }).response.sessions).toHaveLength(1);
  });

  it('CORS: exact origin with credentials and exposed headers; preflight', async () => {
    const origin = 'http://localhost:5173';
    const res = await emulator.fetch(`${emulator.fapiUrls.development}/v1/dev_browser`, { method: 'POST', headers: { origin } });
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Authorization.*Clerk-Db-Jwt/);
    const pre = await emulator.fetch(`${emulator.fapiUrls.development}/v1/client/sign_ins`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('JSON bodies work like form bodies', async () => {
    const fapi = await new FapiTestClient(emulator, 'development').init();
    const url = new URL('/v1/client/sign_ins', emulator.fapiUrls.development);
    url.searchParams.set('__clerk_db_jwt', fapi.identity ?? '');
    const res = await emulator.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: 'ada@example.com', password: PASSWORD, strategy: 'password' }),
    });
    expect(res.status).toBe(200);
  });
});

describe('client.sessions as Clerk documents it', () => {
  it('lists ended sessions (valid per the spec) and drops revoked and removed ones', async () => {
    await emulator.control.reset();
    await emulator.control.setSettings({ singleSessionMode: false });
    // Four users: one user signs in once per client (again is identifier_already_signed_in).
    const emails = ['ada', 'grace', 'ida', 'joan'].map((name) => `${name}@example.com`);
    for (const email of emails) await emulator.control.createUser({ email, password: PASSWORD });
    const fapi = await new FapiTestClient(emulator, 'development').init();
    const [ended, revoked, removed, live] = [
      await fapi.signIn(emails[0] as string, PASSWORD),
      await fapi.signIn(emails[1] as string, PASSWORD),
      await fapi.signIn(emails[2] as string, PASSWORD),
      await fapi.signIn(emails[3] as string, PASSWORD),
    ];
    await fapi.post(`/v1/client/sessions/${ended}/end`);
    await emulator.control.revokeSession(revoked as string);
    await fapi.post(`/v1/client/sessions/${removed}/remove`);
    const client = await fapi.client();
    valid('GET', '/v1/client', client);
    const listed = client.body.response.sessions.map((s: { id: string; status: string }) => [s.id, s.status]);
    expect(listed).toEqual([
      [ended, 'ended'],
      [live, 'active'],
    ]);
    expect(client.body.response.last_active_session_id).toBe(live);
  });
});
