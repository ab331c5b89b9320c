/**
 * Strict like Clerk, the request guard (rules.ts): the Native API switch, allowed origins, and
 * the order native → origin → identity. Each rule refused and accepted, switched on and off, each
 * refusal validated against the spec's `ClerkErrors`.
 */

import { SUPPORTED_FAPI_VERSION } from '@clerk/shared/internal/clerk-js/constants';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLERK_API_VERSION } from '../../lib/engine/api-version.ts';
import { EXTENSION_ID } from '../e2e/harness.ts';
import { DOCUMENTED_API_VERSIONS, KNOWN_API_VERSIONS } from './api-version.ts';
import { FapiTestClient } from './fapi-client.ts';
import { defaultRules, EXTENSION_ORIGIN } from './rules.ts';
import { type Emulator, startEmulator } from './server.ts';
import { expectClerkError, raw } from './strict-helpers.ts';

let emulator: Emulator;
const EMAIL = 'ada@example.com';
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  emulator = await startEmulator({ logErrors: false });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.control.reset();
  await emulator.control.setSettings({ singleSessionMode: false }, 'development');
  await emulator.control.setSettings({ singleSessionMode: false }, 'production');
  await emulator.control.createUser({ email: EMAIL, password: PASSWORD }, 'development');
  await emulator.control.createUser({ email: EMAIL, password: PASSWORD }, 'production');
});

/** A production native client (the extension's identity) with a signed-in session. */
async function nativeSignedIn(): Promise<{ jwt: string; sessionId: string }> {
  const fapi = new FapiTestClient(emulator, 'production');
  const sessionId = await fapi.signIn(EMAIL, PASSWORD);
  return { jwt: fapi.identity as string, sessionId };
}

/** A Backend-API-shaped `PATCH /__emulator/v1/instance`, raw: status and body as sent. */
async function patchInstance(body: unknown, instance: 'development' | 'production' = 'development') {
  const res = await emulator.fetch(`${emulator.url}/__emulator/v1/instance?instance=${instance}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe('a fresh instance lists no allowed origins; the set-up step is Backend API PATCH /v1/instance', () => {
  it('starts with none; the README names chrome-extension://<the id pinned by the manifest key>', async () => {
    expect(EXTENSION_ORIGIN).toBe(`chrome-extension://${EXTENSION_ID}`);
    expect(defaultRules().allowedOrigins).toEqual([]);
    expect((await emulator.control.getSettings('production')).allowedOrigins).toEqual([]);
  });

  it('PATCH /v1/instance with allowed_origins answers 204 with no body and replaces the whole list', async () => {
    expect(await patchInstance({ allowed_origins: [EXTENSION_ORIGIN, 'capacitor://localhost'] })).toEqual({
      status: 204,
      body: null,
    });
    expect((await emulator.control.getSettings()).allowedOrigins).toEqual([EXTENSION_ORIGIN, 'capacitor://localhost']);
    await emulator.control.updateInstance({ allowed_origins: [EXTENSION_ORIGIN] });
    expect((await emulator.control.getSettings()).allowedOrigins).toEqual([EXTENSION_ORIGIN]);
    // Per instance: production is still fresh.
    expect((await emulator.control.getSettings('production')).allowedOrigins).toEqual([]);
  });

  it('refuses http(s) entries with 422 form_invalid_origin, as the Backend API does; nothing changes', async () => {
    for (const origin of ['http://localhost:3000', 'https://app.example.com']) {
      const res = await patchInstance({ allowed_origins: [EXTENSION_ORIGIN, origin] });
      expectClerkError(res, 422, 'form_invalid_origin');
      expect(res.body.errors[0].meta).toEqual({ param_name: 'allowed_origins' });
      expect(res.body.errors[0].long_message).toContain('chrome-extension://');
    }
    expect((await emulator.control.getSettings()).allowedOrigins).toEqual([]);
    // A switch (which parameters Clerk checks this way is not certain): off, a web origin is listed.
    await emulator.control.setSettings({ refuseWebAllowedOrigins: false });
    expect((await patchInstance({ allowed_origins: ['http://localhost:3000'] })).status).toBe(204);
  });

  it('refuses what is not an origin list (422 form_param_format_invalid) and unknown fields (422 form_param_unknown)', async () => {
    for (const allowed_origins of ['chrome-extension://x', ['chrome-extension://x/'], [5]]) {
      expectClerkError(await patchInstance({ allowed_origins }), 422, 'form_param_format_invalid');
    }
    expectClerkError(await patchInstance({ allowedOrigins: [EXTENSION_ORIGIN] }), 422, 'form_param_unknown');
    expect((await emulator.control.getSettings()).allowedOrigins).toEqual([]);
  });
});

describe('rule 0: the API version, as the versioning page documents it', () => {
  const env = (request: Parameters<typeof raw>[3]) => raw(emulator, 'production', '/v1/environment', request);

  it('every documented version passes, and the one the pinned clerk-js sends; in the query or the header; or none', async () => {
    for (const version of [...DOCUMENTED_API_VERSIONS, SUPPORTED_FAPI_VERSION]) {
      expect((await env({ query: { __clerk_api_version: version } })).status, version).toBe(200);
      expect((await env({ apiVersionInQuery: false, headers: { 'clerk-api-version': version } })).status, version).toBe(200);
    }
    expect(KNOWN_API_VERSIONS).toContain(CLERK_API_VERSION);
    expect((await env({ apiVersionInQuery: false })).status).toBe(200);
  });

  it('an unknown version, in the query or the header, is a 400 api_version_invalid that names it', async () => {
    const query = await env({ query: { __clerk_api_version: '2099-01-01' } });
    expectClerkError(query, 400, 'api_version_invalid');
    expect(query.body.errors[0].long_message).toMatch(/^Invalid Clerk API version: "2099-01-01"/);
    expectClerkError(
      await env({ apiVersionInQuery: false, headers: { 'clerk-api-version': 'latest' } }),
      400,
      'api_version_invalid',
    );
  });

  it('the version in both the query and the header is a 400 api_version_invalid, even when they agree', async () => {
    const both = await env({ headers: { 'clerk-api-version': CLERK_API_VERSION } });
    expectClerkError(both, 400, 'api_version_invalid');
    expect(both.body.errors[0].long_message).toContain('not both');
  });

  it('switched off (checkApiVersion: false), any version passes', async () => {
    await emulator.control.setSettings({ checkApiVersion: false }, 'production');
    expect((await env({ query: { __clerk_api_version: '2099-01-01' } })).status).toBe(200);
  });
});

describe('rule 1 (and 9): the Native API', () => {
  it('on (default): native requests work and the environment says so', async () => {
    const { jwt, sessionId } = await nativeSignedIn();
    const env = await raw(emulator, 'production', '/v1/environment', {
      query: { _is_native: '1' },
      authorization: `Bearer ${jwt}`,
    });
    expect(env.status).toBe(200);
    expect(env.body.auth_config.native_settings).toMatchObject({ object: 'native_settings', api_enabled: true });
    const mint = await raw(emulator, 'production', `/v1/client/sessions/${sessionId}/tokens`, {
      query: { _is_native: '1' },
      authorization: `Bearer ${jwt}`,
      form: {},
    });
    expect(mint.status).toBe(200);
  });

  it('off: every request with _is_native=1|true is a 400 native_api_disabled, the environment without it still answers', async () => {
    const { jwt, sessionId } = await nativeSignedIn();
    await emulator.control.setSettings({ nativeApiEnabled: false }, 'production');
    const plain = await raw(emulator, 'production', '/v1/environment');
    expect(plain.status).toBe(200);
    expect(plain.body.auth_config.native_settings.api_enabled).toBe(false);

    const auth = `Bearer ${jwt}`;
    const refused = [
      await raw(emulator, 'production', '/v1/environment', { query: { _is_native: '1' }, authorization: auth }),
      await raw(emulator, 'production', '/v1/environment', { query: { _is_native: 'true' } }),
      await raw(emulator, 'production', '/v1/client', { query: { _is_native: '1' }, authorization: auth }),
      await raw(emulator, 'production', `/v1/client/sessions/${sessionId}/tokens`, {
        query: { _is_native: '1' },
        authorization: auth,
        form: {},
      }),
      await raw(emulator, 'production', '/v1/client/sessions', {
        query: { _is_native: '1' },
        authorization: auth,
        override: 'DELETE',
      }),
      await raw(emulator, 'production', '/.well-known/jwks.json', { query: { _is_native: '1' } }),
    ];
    for (const res of refused) expectClerkError(res, 400, 'native_api_disabled');
    // Nothing happened: the session is still active.
    expect((await emulator.control.getSession(sessionId)).status).toBe('active');
    // `_is_native=0` is not a native request; cookies-based browser requests are not either.
    expect((await raw(emulator, 'production', '/v1/environment', { query: { _is_native: '0' } })).status).toBe(200);

    await emulator.control.setSettings({ nativeApiEnabled: true }, 'production');
    expect((await raw(emulator, 'production', '/v1/client', { query: { _is_native: '1' }, authorization: auth })).status).toBe(
      200,
    );
  });

  it('is per instance, and a development instance with it off refuses _is_native too', async () => {
    await emulator.control.setSettings({ nativeApiEnabled: false }, 'development');
    const prod = await raw(emulator, 'production', '/v1/environment', { query: { _is_native: '1' } });
    expect(prod.status).toBe(200);
    expect(prod.body.auth_config.native_settings.api_enabled).toBe(true);
    const dev = await new FapiTestClient(emulator, 'development').init();
    expect((await dev.get('/v1/environment')).body.auth_config.native_settings.api_enabled).toBe(false);
    expectClerkError(await dev.get('/v1/client', { _is_native: '1' }), 400, 'native_api_disabled');
    expect((await dev.get('/v1/client')).status).toBe(200);
  });
});

describe('rule 2: allowed origins', () => {
  it('development: localhost and 127.0.0.1 pages (any port, http or https) and the listed extension pass', async () => {
    await emulator.control.updateInstance({ allowed_origins: [EXTENSION_ORIGIN] });
    const fapi = await new FapiTestClient(emulator, 'development').init();
    const db = { __clerk_db_jwt: fapi.identity as string };
    for (const origin of ['http://localhost:5173', 'https://localhost', 'http://127.0.0.1:8080', EXTENSION_ORIGIN]) {
      expect((await raw(emulator, 'development', '/v1/client', { origin, query: db, form: {} })).status, origin).toBe(200);
    }
  });

  it('development: any other origin is a 400 origin_invalid, or origin_authorization_headers_conflict with Authorization', async () => {
    const fapi = await new FapiTestClient(emulator, 'development').init();
    const db = { __clerk_db_jwt: fapi.identity as string };
    for (const origin of ['https://app.example.com', 'http://localhost.evil.test', 'chrome-extension://someoneelse', 'null']) {
      expectClerkError(await raw(emulator, 'development', '/v1/client', { origin, query: db }), 400, 'origin_invalid');
    }
    expectClerkError(
      await raw(emulator, 'development', '/v1/client', {
        origin: 'https://app.example.com',
        authorization: 'Bearer x',
        query: db,
      }),
      400,
      'origin_authorization_headers_conflict',
    );
  });

  it('production: pages on the root domain and its subdomains pass; other pages and localhost do not', async () => {
    for (const origin of ['https://app.inspector-emu.test', 'https://inspector-emu.test', 'https://a.b.inspector-emu.test']) {
      expect((await raw(emulator, 'production', '/v1/environment', { origin })).status, origin).toBe(200);
    }
    for (const origin of ['http://localhost:3000', 'https://inspector-emu.test.evil.com', 'https://evilinspector-emu.test']) {
      expectClerkError(await raw(emulator, 'production', '/v1/environment', { origin }), 400, 'origin_invalid');
    }
  });

  it('production: the extension POST (Origin + Authorization) passes while its origin is allowed, is a conflict once removed', async () => {
    await emulator.control.updateInstance({ allowed_origins: [EXTENSION_ORIGIN] }, 'production');
    const { jwt, sessionId } = await nativeSignedIn();
    const asExtension = { query: { _is_native: '1' }, authorization: `Bearer ${jwt}` };
    const mint = () =>
      raw(emulator, 'production', `/v1/client/sessions/${sessionId}/tokens`, {
        ...asExtension,
        origin: EXTENSION_ORIGIN,
        form: {},
      });
    expect((await mint()).status).toBe(200);

    await emulator.control.setSettings({ allowedOrigins: [] }, 'production');
    // Chrome sends no Origin on the worker's GETs: reads keep working.
    expect((await raw(emulator, 'production', '/v1/client', asExtension)).body.response.sessions).toHaveLength(1);
    expectClerkError(await mint(), 400, 'origin_authorization_headers_conflict');
    const signOut = await raw(emulator, 'production', '/v1/client/sessions', {
      ...asExtension,
      origin: EXTENSION_ORIGIN,
      override: 'DELETE',
    });
    expectClerkError(signOut, 400, 'origin_authorization_headers_conflict');
    expect((await emulator.control.getSession(sessionId)).status).toBe('active');

    await emulator.control.setSettings({ allowedOrigins: [EXTENSION_ORIGIN] }, 'production');
    expect((await mint()).status).toBe(200);
  });

  it('development: with the extension origin removed its mints, sign-outs and revokes are refused, its reads are not', async () => {
    const fapi = await new FapiTestClient(emulator, 'development').init();
    const sessionId = await fapi.signIn(EMAIL, PASSWORD);
    const other = await emulator.control.signInOtherDevice({ email: EMAIL });
    await emulator.control.setSettings({ allowedOrigins: ['https://partner.example'] });
    const db = { __clerk_db_jwt: fapi.identity as string };
    const post = { origin: EXTENSION_ORIGIN, query: db, form: {} };
    expect((await raw(emulator, 'development', '/v1/client', { query: db })).status).toBe(200);
    expect(
      (await raw(emulator, 'development', '/v1/me/sessions/active', { query: { ...db, _clerk_session_id: sessionId } })).status,
    ).toBe(200);
    expectClerkError(await raw(emulator, 'development', `/v1/client/sessions/${sessionId}/tokens`, post), 400, 'origin_invalid');
    expectClerkError(
      await raw(emulator, 'development', '/v1/client/sessions', { ...post, override: 'DELETE' }),
      400,
      'origin_invalid',
    );
    const revoke = await raw(emulator, 'development', `/v1/me/sessions/${other.sessionId}/revoke`, {
      ...post,
      query: { ...db, _clerk_session_id: sessionId },
    });
    expectClerkError(revoke, 400, 'origin_invalid');
    // A refusal still echoes the dev browser it named: the extension SDK wipes its stored one otherwise.
    expect(revoke.headers.get('clerk-db-jwt')).toBe(fapi.identity);
    expect((await emulator.control.getSession(other.sessionId)).status).toBe('active');
    // A listed origin is accepted exactly.
    expect((await raw(emulator, 'development', '/v1/client', { ...post, origin: 'https://partner.example' })).status).toBe(200);
  });

  it('preflights and the control API are exempt', async () => {
    await emulator.control.setSettings({ allowedOrigins: [] });
    const pre = await emulator.fetch(`${emulator.fapiUrls.development}/v1/client/sign_ins`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    const control = await emulator.fetch(`${emulator.url}/__emulator/settings`, { headers: { origin: 'https://evil.example' } });
    expect(control.status).toBe(200);
    expect(((await control.json()) as { allowedOrigins: string[] }).allowedOrigins).toEqual([]);
  });

  it('the control API refuses what is not an origin', async () => {
    for (const allowedOrigins of [['https://app.example.com/'], ['app.example.com'], 'https://app.example.com', [5]]) {
      await expect(emulator.control.setSettings({ allowedOrigins } as never)).rejects.toThrow(/400/);
    }
    expect((await emulator.control.getSettings()).allowedOrigins).toEqual([]);
  });
});

describe('rule 9: the order of checks is native, then origin, then identity', () => {
  it('native before origin, origin before the dev browser check', async () => {
    await emulator.control.setSettings({ nativeApiEnabled: false, allowedOrigins: [] });
    const bad = { origin: 'https://evil.example' };
    // Neither a dev browser nor a good origin: the Native API answers first.
    expectClerkError(
      await raw(emulator, 'development', '/v1/client', { ...bad, query: { _is_native: '1' } }),
      400,
      'native_api_disabled',
    );
    // No `_is_native`: the origin answers before the missing dev browser.
    expectClerkError(await raw(emulator, 'development', '/v1/client', bad), 400, 'origin_invalid');
    // A good origin and no dev browser: identity.
    expectClerkError(
      await raw(emulator, 'development', '/v1/client', { origin: 'http://localhost:3000' }),
      401,
      'dev_browser_unauthenticated',
    );
  });
});
