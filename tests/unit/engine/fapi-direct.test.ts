import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CLERK_API_VERSION, createDirectGateway, REQUEST_TIMEOUT_MS } from '../../../lib/engine/fapi-direct';
import { FapiError } from '../../../lib/engine/fapi-errors';
import { signOutAll } from '../../../lib/engine/signout';
import { publishableKeyFor } from '../../../lib/publishable-key';
import { DEV_HOST, MIN, makeJwt, PROD_HOST, T0 } from './builders';

interface Call {
  url: URL;
  init: RequestInit;
}

const iat = Math.floor(T0 / 1000);
const jwt = makeJwt({ iat, exp: iat + 60, sid: 'sess_1', sub: 'user_1', jti: 'j1' });
const clientBody = {
  response: {
    id: 'client_1',
    last_active_session_id: 'sess_1',
    sessions: [
      {
        id: 'sess_1',
        status: 'active',
        created_at: T0 - MIN,
        updated_at: T0,
        last_active_at: T0,
        expire_at: T0 + 30 * MIN,
        abandon_at: T0 + 60 * MIN,
        last_active_token: { jwt },
        user: { id: 'user_1' },
      },
    ],
  },
};

function json(body: unknown, init: ResponseInit = {}) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status: 200,
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
}

function gateway(
  answer: (call: Call) => Response | Promise<Response>,
  options: { instanceType?: 'development' | 'production'; identity?: string | null } = {},
) {
  const calls: Call[] = [];
  const instanceType = options.instanceType ?? 'development';
  let clock = T0;
  const g = createDirectGateway({
    instanceType,
    fapiHost: instanceType === 'production' ? PROD_HOST : DEV_HOST,
    syncHost: 'http://localhost:3000',
    publishableKey: publishableKeyFor(instanceType === 'production' ? PROD_HOST : DEV_HOST, instanceType),
    now: () => {
      clock += 20;
      return clock;
    },
    readIdentity: async () => (options.identity === undefined ? 'client-identity-jwt' : options.identity),
    fetch: (async (input: string, init: RequestInit) => {
      const call = { url: new URL(input), init };
      calls.push(call);
      return answer(call);
    }) as typeof fetch,
  });
  return { g, calls };
}

async function kindOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error instanceof FapiError ? { kind: error.kind, status: error.httpStatus, retryAfterMs: error.retryAfterMs } : error;
  }
  return 'resolved';
}

describe('request shapes', () => {
  it('development: identity as __clerk_db_jwt in the query, no Authorization, no cookies', async () => {
    const { g, calls } = gateway(() => json(clientBody));
    const read = await g.readClient();
    expect(read.value.lastActiveSessionId).toBe('sess_1');
    const [call] = calls;
    expect(call?.url.origin).toBe(`https://${DEV_HOST}`);
    expect(call?.url.pathname).toBe('/v1/client');
    expect(call?.url.searchParams.get('__clerk_db_jwt')).toBe('client-identity-jwt');
    expect(call?.url.searchParams.get('__clerk_api_version')).toBe(CLERK_API_VERSION);
    expect(call?.url.searchParams.has('_is_native')).toBe(false);
    expect(call?.init.method).toBe('GET');
    expect(call?.init.credentials).toBe('omit');
    expect(new Headers(call?.init.headers).has('Authorization')).toBe(false);
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('production: _is_native=1 and a Bearer header, no __clerk_db_jwt', async () => {
    const { g, calls } = gateway(() => json(clientBody), { instanceType: 'production' });
    await g.readClient();
    const [call] = calls;
    expect(call?.url.origin).toBe(`https://${PROD_HOST}`);
    expect(call?.url.searchParams.get('_is_native')).toBe('1');
    expect(call?.url.searchParams.has('__clerk_db_jwt')).toBe(false);
    expect(new Headers(call?.init.headers).get('Authorization')).toBe('Bearer client-identity-jwt');
    expect(call?.init.credentials).toBe('omit');
  });

  it('removeAllSessions: POST ?_method=DELETE to /v1/client/sessions, form-encoded', async () => {
    const { g, calls } = gateway(() => json({ response: null }));
    await g.removeAllSessions();
    const [call] = calls;
    expect(call?.init.method).toBe('POST');
    expect(call?.url.pathname).toBe('/v1/client/sessions');
    expect(call?.url.searchParams.get('_method')).toBe('DELETE');
    expect(new Headers(call?.init.headers).get('Content-Type')).toBe('application/x-www-form-urlencoded');
  });

  it('removeSession: POST to /v1/client/sessions/{id}/remove, the id encoded', async () => {
    const { g, calls } = gateway(() => json({ response: null }));
    await g.removeSession('sess_2/x');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.url.pathname).toBe('/v1/client/sessions/sess_2%2Fx/remove');
    expect(calls[0]?.url.searchParams.has('_method')).toBe(false);
  });

  it('mintToken: POST to the session’s tokens endpoint, returns the JWT', async () => {
    const { g, calls } = gateway(() => json({ object: 'token', jwt }));
    const minted = await g.mintToken('sess_1/x');
    expect(minted.value).toBe(jwt);
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.url.pathname).toBe('/v1/client/sessions/sess_1%2Fx/tokens');
    expect(calls[0]?.url.searchParams.has('_method')).toBe(false);
  });

  it('/v1/me calls carry _clerk_session_id; other devices exclude this client’s sessions', async () => {
    const { g, calls } = gateway(({ url }) =>
      url.pathname.endsWith('/active')
        ? json([
            { id: 'sess_1' },
            { id: 'sess_phone', latest_activity: { browser_name: 'Safari', device_type: 'iPhone', city: 'Lyon' } },
            { id: 'sess_other', latest_activity: null },
            { nope: true },
          ])
        : json({}),
    );
    const others = await g.otherDeviceSessions('sess_1', ['sess_1']);
    expect(others).toEqual([
      { id: 'sess_phone', label: 'Safari, iPhone, Lyon' },
      { id: 'sess_other', label: 'another device' },
    ]);
    await g.revokeSession('sess_1', 'sess_phone');
    expect(calls.map((c) => [c.init.method, c.url.pathname, c.url.searchParams.get('_clerk_session_id')])).toEqual([
      ['GET', '/v1/me/sessions/active', 'sess_1'],
      ['POST', '/v1/me/sessions/sess_phone/revoke', 'sess_1'],
    ]);
  });

  it('production: the environment is read even without an identity', async () => {
    const { g, calls } = gateway(() => json({ auth_config: { single_session_mode: false } }), {
      identity: null,
      instanceType: 'production',
    });
    expect((await g.readEnvironment()).value).toEqual({ multiSession: true, nativeApiEnabled: null, sessionMinter: null });
    expect(calls).toHaveLength(1);
  });

  it('development: the environment carries the dev browser (Clerk answers 401 without it); none → no request', async () => {
    const withIdentity = gateway(() => json({ auth_config: { single_session_mode: false } }));
    await withIdentity.g.readEnvironment();
    expect(withIdentity.calls[0]?.url.searchParams.get('__clerk_db_jwt')).toBeTruthy();
    const without = gateway(() => json({}), { identity: null });
    await expect(without.g.readEnvironment()).rejects.toMatchObject({ kind: 'no-identity' });
    expect(without.calls).toHaveLength(0);
  });

  it('the environment is read WITHOUT the identity even when there is one: no `_is_native`, no Bearer', async () => {
    const { g, calls } = gateway(
      () => json({ auth_config: { single_session_mode: true, native_settings: { api_enabled: false } } }),
      { instanceType: 'production' },
    );
    expect((await g.readEnvironment()).value).toEqual({ multiSession: false, nativeApiEnabled: false, sessionMinter: null });
    expect(calls[0]?.url.searchParams.has('_is_native')).toBe(false);
    expect(new Headers(calls[0]?.init.headers).has('Authorization')).toBe(false);
  });

  it('a mint refused with 422 missing_expired_token is retried once with ?expired_token= (the last token seen)', async () => {
    const refusal = {
      errors: [{ code: 'missing_expired_token', message: 'missing expired token', long_message: 'Send the expired token.' }],
    };
    const fresh = makeJwt({ iat: iat + 50, exp: iat + 110, sid: 'sess_1', sub: 'user_1', jti: 'j2' });
    const { g, calls } = gateway((call) => {
      if (call.url.pathname === '/v1/client') return json(clientBody);
      if (!call.url.searchParams.has('expired_token')) return json(refusal, { status: 422 });
      return json({ object: 'token', jwt: fresh });
    });
    await g.readClient();
    expect((await g.mintToken('sess_1')).value).toBe(fresh);
    const mints = calls.filter((c) => c.url.pathname.endsWith('/tokens'));
    expect(mints.map((c) => c.url.searchParams.get('expired_token'))).toEqual([null, jwt]);
  });

  it('without a token seen before, the retry reads the client once to get it; a second refusal stands', async () => {
    const refusal = { errors: [{ code: 'missing_expired_token', message: 'missing expired token' }] };
    const { g, calls } = gateway((call) =>
      call.url.pathname === '/v1/client' ? json(clientBody) : json(refusal, { status: 422 }),
    );
    expect(await kindOf(g.mintToken('sess_1'))).toMatchObject({ kind: 'http', status: 422 });
    expect(calls.map((c) => c.url.pathname)).toEqual([
      '/v1/client/sessions/sess_1/tokens',
      '/v1/client',
      '/v1/client/sessions/sess_1/tokens',
    ]);
  });

  it('a keep-alive mint sends what clerk-js 6.40 sends for getToken({ skipCache: true }) in a worker', async () => {
    const fresh = makeJwt({ iat: iat + 50, exp: iat + 110, sid: 'sess_1', sub: 'user_1', jti: 'j2' });
    const { g, calls } = gateway(() => json({ object: 'token', jwt: fresh }));
    await g.mintToken('sess_1', { sessionMinter: false, previousToken: jwt });
    const [plain] = calls;
    // organization_id (empty: no active organization), no tab_state (no document), no token.
    expect(String(plain?.init.body)).toBe('organization_id=');
    expect(plain?.url.searchParams.get('debug')).toBe('skip_cache');
    expect(new Headers(plain?.init.headers).get('content-type')).toBe('application/x-www-form-urlencoded');
  });

  it('Session Minter on: the previous token and force_origin in the body; a missing_expired_token is not retried', async () => {
    const refusal = { errors: [{ code: 'missing_expired_token', message: 'missing expired token' }] };
    const fresh = makeJwt({ iat: iat + 50, exp: iat + 110, sid: 'sess_1', sub: 'user_1', jti: 'j2' });
    let refuse = false;
    const { g, calls } = gateway((call) => {
      if (call.url.pathname === '/v1/client') return json(clientBody);
      return refuse ? json(refusal, { status: 422 }) : json({ object: 'token', jwt: fresh });
    });
    await g.mintToken('sess_1', { sessionMinter: true, previousToken: jwt });
    const body = new URLSearchParams(String(calls[0]?.init.body));
    expect(Object.fromEntries(body)).toEqual({ organization_id: '', token: jwt, force_origin: 'true' });
    refuse = true;
    expect(await kindOf(g.mintToken('sess_1', { sessionMinter: true, previousToken: fresh }))).toMatchObject({ status: 422 });
    const mints = calls.filter((c) => c.url.pathname.endsWith('/tokens'));
    expect(mints).toHaveLength(2);
    expect(mints.every((c) => !c.url.searchParams.has('expired_token'))).toBe(true);
  });

  it('Session Minter on without a known previous token: one client read gets it first', async () => {
    const fresh = makeJwt({ iat: iat + 50, exp: iat + 110, sid: 'sess_1', sub: 'user_1', jti: 'j2' });
    const { g, calls } = gateway((call) =>
      call.url.pathname === '/v1/client' ? json(clientBody) : json({ object: 'token', jwt: fresh }),
    );
    await g.mintToken('sess_1', { sessionMinter: true, previousToken: null });
    expect(calls.map((c) => c.url.pathname)).toEqual(['/v1/client', '/v1/client/sessions/sess_1/tokens']);
    expect(new URLSearchParams(String(calls[1]?.init.body)).get('token')).toBe(jwt);
  });

  it('a list of other sessions that is not a list is malformed, not "no other devices"', async () => {
    const { g } = gateway(() => json({ data: [] }));
    expect(await kindOf(g.otherDeviceSessions('sess_1', []))).toMatchObject({ kind: 'malformed' });
  });
});

describe('timing and the Date header', () => {
  it('parses Date; latency and the local midpoint come from the clock', async () => {
    const date = new Date(T0 + 120_000).toUTCString();
    const { g } = gateway(() => json(clientBody, { headers: { date } }));
    const read = await g.readClient();
    expect(read.serverDateMs).toBe(Date.parse(date));
    expect(read.latencyMs).toBe(20);
    expect(read.localMidpoint).toBe(T0 + 30);
  });
  it('no or an unparseable Date → null', async () => {
    expect((await gateway(() => json(clientBody)).g.readClient()).serverDateMs).toBeNull();
    expect(
      (await gateway(() => json(clientBody, { headers: { date: 'yesterday-ish' } })).g.readClient()).serverDateMs,
    ).toBeNull();
  });
});

describe('errors are classified', () => {
  it.each([
    ['500', () => json({ errors: [{ message: 'oops' }] }, { status: 500 }), { kind: 'http', status: 500 }],
    ['502 with an HTML body', () => new Response('<html>bad gateway</html>', { status: 502 }), { kind: 'http', status: 502 }],
    [
      '429 with retry-after',
      () => json({ errors: [] }, { status: 429, headers: { 'retry-after': '17' } }),
      { kind: 'rate-limited', status: 429, retryAfterMs: 17_000 },
    ],
    ['401', () => json({ errors: [{ code: 'authentication_invalid' }] }, { status: 401 }), { kind: 'unauthorized', status: 401 }],
    [
      '200 with a non-JSON body',
      () => new Response('<html>captive portal</html>', { status: 200 }),
      { kind: 'malformed', status: 200 },
    ],
    ['200 with JSON of the wrong shape', () => json({ response: { sessions: 'nope' } }), { kind: 'malformed' }],
    // Issue 11, item 17: neither "signed out" nor a TypeError read as "unreachable".
    ['200 with an empty object', () => json({}), { kind: 'malformed', status: undefined }],
    [
      '500 with a non-string long_message',
      () => json({ errors: [{ long_message: 42 }] }, { status: 500 }),
      { kind: 'malformed', status: 500 },
    ],
    [
      'fetch rejects (offline)',
      () => Promise.reject(new TypeError('Failed to fetch')),
      { kind: 'network', status: undefined, retryAfterMs: undefined },
    ],
    ['the request times out', () => Promise.reject(new DOMException('timed out', 'TimeoutError')), { kind: 'timeout' }],
  ])('%s', async (_, answer, expected) => {
    const { g } = gateway(answer);
    expect(await kindOf(g.readClient())).toMatchObject(expected);
  });

  it('a missing sync cookie is no-identity, and nothing is sent', async () => {
    const { g, calls } = gateway(() => json(clientBody), { identity: null });
    expect(await kindOf(g.readClient())).toMatchObject({ kind: 'no-identity' });
    expect(calls).toHaveLength(0);
  });

  it(`a hung request is aborted after ${REQUEST_TIMEOUT_MS} ms and reported as a timeout`, async () => {
    // Node's AbortSignal.timeout runs on an internal timer that fake timers do not reach.
    const controller = new AbortController();
    const timeout = vi.spyOn(AbortSignal, 'timeout').mockReturnValue(controller.signal);
    const { g } = gateway(
      ({ init }) =>
        new Promise<Response>((_, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    );
    const result = kindOf(g.readClient());
    await new Promise((r) => setTimeout(r, 0));
    expect(timeout).toHaveBeenCalledWith(REQUEST_TIMEOUT_MS);
    controller.abort(new DOMException('signal timed out', 'TimeoutError'));
    expect(await result).toMatchObject({ kind: 'timeout' });
  });
});

describe('the identity comes from the sync host’s cookie (real reader, stubbed chrome.cookies)', () => {
  it.each([
    ['development', DEV_HOST, '__clerk_db_jwt', 'http://localhost:3000'],
    ['production', PROD_HOST, '__client', `https://${PROD_HOST}`],
  ] as const)('%s reads %s then %s', async (instanceType, fapiHost, name, url) => {
    const getAll = vi
      .spyOn(fakeBrowser.cookies, 'getAll')
      .mockResolvedValue([{ name, value: 'cookie-identity', domain: new URL(url).hostname }] as never);
    const fetchFn = vi.fn(async () => json(clientBody));
    const publishableKey = publishableKeyFor(fapiHost, instanceType);
    const g = createDirectGateway({
      instanceType,
      fapiHost,
      syncHost: 'http://localhost:3000',
      publishableKey,
      fetch: fetchFn as never,
    });
    await g.readClient();
    expect(getAll).toHaveBeenCalledWith({ url });
    const [input, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    if (instanceType === 'development') expect(new URL(input).searchParams.get('__clerk_db_jwt')).toBe('cookie-identity');
    else expect(new Headers(init.headers).get('Authorization')).toBe('Bearer cookie-identity');
  });

  it('a missing cookie → no-identity (not a stale stored copy)', async () => {
    vi.spyOn(fakeBrowser.cookies, 'getAll').mockResolvedValue([] as never);
    await fakeBrowser.storage.local.set({ [`${DEV_HOST}|__clerk_client_jwt|v2`]: 'stale-stored' });
    const fetchFn = vi.fn();
    const g = createDirectGateway({
      instanceType: 'development',
      fapiHost: DEV_HOST,
      syncHost: 'http://localhost:3000',
      publishableKey: publishableKeyFor(DEV_HOST, 'development'),
      fetch: fetchFn,
    });
    expect(await kindOf(g.readClient())).toMatchObject({ kind: 'no-identity' });
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('without a sync host there is no identity: nothing stored on disk is ever used', async () => {
    await fakeBrowser.storage.local.set({ [`${DEV_HOST}|__clerk_client_jwt|v2`]: 'stored-identity' });
    const fetchFn = vi.fn(async () => json(clientBody));
    const g = createDirectGateway({
      instanceType: 'development',
      fapiHost: DEV_HOST,
      syncHost: null,
      publishableKey: publishableKeyFor(DEV_HOST, 'development'),
      fetch: fetchFn as never,
    });
    expect(await kindOf(g.readClient())).toMatchObject({ kind: 'no-identity' });
    expect(fetchFn).not.toHaveBeenCalled();
  });
});

describe('sign-out of other devices over HTTP (issue 11, item 27)', () => {
  /** A Clerk that answers a full "all devices" sign-out; records every request in order. */
  function clerkWithDevices(devices: string[]) {
    const active = new Set(devices);
    let signedIn = true;
    return gateway(({ url, init }) => {
      const path = url.pathname;
      if (path === '/v1/me/sessions/active') return json([{ id: 'sess_1' }, ...[...active].map((id) => ({ id }))]);
      const revoke = /^\/v1\/me\/sessions\/([^/]+)\/revoke$/.exec(path);
      if (revoke) {
        active.delete(revoke[1] ?? '');
        return json({ response: { id: revoke[1], status: 'revoked' } });
      }
      if (path === '/v1/client/sessions' && init.method === 'POST') {
        signedIn = false;
        return json({ response: null });
      }
      if (path === '/v1/client')
        return json(signedIn ? clientBody : { response: { id: 'client_1', sessions: [], last_active_session_id: null } });
      return json({}, { status: 404 });
    });
  }

  it.each([
    [3, 2],
    [0, 1],
  ])('%i other devices: GET /v1/me/sessions/active is read %i time(s), once before any revoke', async (n, lists) => {
    const devices = Array.from({ length: n }, (_, i) => `sess_dev_${i}`);
    const { g, calls } = clerkWithDevices(devices);
    const report = await signOutAll({ appId: 'app-dev', scope: 'all-devices', now: () => T0, gateway: g, save: async () => {} });
    const steps = calls.map((c) => `${c.init.method} ${c.url.pathname}`);
    const listIndexes = steps.flatMap((s, i) => (s === 'GET /v1/me/sessions/active' ? [i] : []));
    expect(listIndexes).toHaveLength(lists);
    const revokes = steps.flatMap((s, i) => (s.endsWith('/revoke') ? [i] : []));
    expect(revokes).toHaveLength(n);
    // Exactly one list before the first revoke; the only other one confirms after the last.
    if (n > 0) {
      expect(listIndexes.filter((i) => i < (revokes[0] ?? 0))).toHaveLength(1);
      expect(listIndexes.filter((i) => i > (revokes.at(-1) ?? 0))).toHaveLength(1);
    }
    expect(report.ended.filter((i) => i.where === 'other-device').map((i) => i.sessionId)).toEqual(devices);
    console.log(`all-devices sign-out with ${n} other devices: ${steps.length} requests (${steps.join(', ')})`);
  });
});
