import { describe, expect, it } from 'vitest';
import { FapiError } from '../../../lib/engine/fapi-errors';
import {
  attributeToken,
  parseClientResponse,
  parseEnvironment,
  parseTokenResponse,
  tokenInfo,
} from '../../../lib/engine/fapi-parse';
import { MIN, makeJwt, T0 } from './builders';

const iat = Math.floor(T0 / 1000);
const jwt = makeJwt({ iat, exp: iat + 60, sid: 'sess_1', sub: 'user_1', jti: 'j1' });

function rawSession(overrides: Record<string, unknown> = {}) {
  return {
    object: 'session',
    id: 'sess_1',
    status: 'active',
    created_at: T0 - 60 * MIN,
    updated_at: T0,
    last_active_at: T0,
    expire_at: T0 + 30 * MIN,
    abandon_at: T0 + 30 * 24 * 60 * MIN,
    last_active_token: { object: 'token', jwt },
    user: {
      id: 'user_1',
      first_name: 'Ada',
      last_name: 'Lovelace',
      primary_email_address_id: 'idn_2',
      email_addresses: [
        { id: 'idn_1', email_address: 'old@example.com' },
        { id: 'idn_2', email_address: 'ada@example.com' },
      ],
      image_url: 'https://img.example/ada.png',
    },
    ...overrides,
  };
}

function malformed(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    return error instanceof FapiError ? error.kind : 'other';
  }
  return 'no error';
}

describe('parseClientResponse', () => {
  it('reads sessions, the current one and the tokens', () => {
    const state = parseClientResponse({
      response: { id: 'client_1', last_active_session_id: 'sess_1', sessions: [rawSession()] },
    });
    expect(state.clientId).toBe('client_1');
    expect(state.lastActiveSessionId).toBe('sess_1');
    expect(state.sessions).toEqual([
      {
        id: 'sess_1',
        status: 'active',
        user: { id: 'user_1', name: 'Ada Lovelace', email: 'ada@example.com', imageUrl: 'https://img.example/ada.png' },
        createdAt: T0 - 60 * MIN,
        updatedAt: T0,
        lastActiveAt: T0,
        expireAt: T0 + 30 * MIN,
        abandonAt: T0 + 30 * 24 * 60 * MIN,
        lastActiveTokenIssuedAt: iat * 1000,
      },
    ]);
    expect(state.lastActiveTokens.get('sess_1')).toBe(jwt);
  });

  it('reads the session’s active organization (`last_active_organization_id`; null: the personal account)', () => {
    const read = (value: unknown) =>
      parseClientResponse({ response: { id: 'c', sessions: [rawSession({ last_active_organization_id: value })] } }).sessions[0]
        ?.activeOrganizationId;
    expect(read('org_2acme')).toBe('org_2acme');
    expect(read(null)).toBeNull();
    expect(read(42)).toBeNull();
  });

  it('also reads a mutation’s `client`, and `response: null` as signed out', () => {
    expect(parseClientResponse({ client: { id: 'c', last_active_session_id: null, sessions: [] } }).clientId).toBe('c');
    expect(parseClientResponse({ response: null })).toMatchObject({ clientId: null, lastActiveSessionId: null, sessions: [] });
  });

  it('a pointer to a session that is not listed means signed out', () => {
    const state = parseClientResponse({ response: { id: 'c', last_active_session_id: 'sess_gone', sessions: [rawSession()] } });
    expect(state.lastActiveSessionId).toBeNull();
  });

  it('a username when there is no name; no email without addresses', () => {
    const state = parseClientResponse({
      response: { id: 'c', sessions: [rawSession({ user: { id: 'u', username: 'ada', email_addresses: [] } })] },
    });
    expect(state.sessions[0]?.user).toEqual({ id: 'u', name: 'ada', email: null, imageUrl: null });
  });

  it.each([
    ['not an object', 'hello'],
    ['an array', []],
    // Neither `response` (GET /v1/client) nor `client` (a mutation): not "signed out".
    ['an empty object', {}],
    ['an unrelated object', { object: 'token', jwt: 'x' }],
    ['no sessions', { response: { id: 'c' } }],
    ['a session without id', { response: { sessions: [{ status: 'active' }] } }],
    ['a string timestamp', { response: { sessions: [rawSession({ expire_at: '2026-05-12' })] } }],
    ['a missing timestamp', { response: { sessions: [rawSession({ abandon_at: undefined })] } }],
    ['NaN', { response: { sessions: [rawSession({ last_active_at: Number.NaN })] } }],
  ])('%s → malformed', (_, body) => {
    expect(malformed(() => parseClientResponse(body))).toBe('malformed');
  });
});

describe('implausible timestamps are malformed (issue 11, item 15)', () => {
  const seconds = Math.floor(T0 / 1000);
  const token = (claims: Record<string, unknown>) => ({ object: 'token', jwt: makeJwt({ sid: 'sess_1', ...claims }) });
  it.each([
    ['a negative created_at', { created_at: -5 }],
    ['created_at of 0', { created_at: 0 }],
    ['second-resolution timestamps', { created_at: seconds - 3600, last_active_at: seconds, expire_at: seconds + 1800 }],
    ['expire_at 1e300', { expire_at: 1e300 }],
    ['expire_at before created_at', { expire_at: T0 - 2 * 60 * MIN }],
    ['abandon_at before created_at', { abandon_at: T0 - 2 * 60 * MIN }],
    ['last_active_at in year 275760', { last_active_at: 8.64e15 }],
    ['a token whose exp is before its iat', { last_active_token: token({ iat: seconds, exp: seconds - 60 }) }],
    ['a token with exp = 1e300', { last_active_token: token({ iat: seconds, exp: 1e300 }) }],
    ['a token with a negative iat', { last_active_token: token({ iat: -1, exp: seconds + 60 }) }],
    ['a token with millisecond claims', { last_active_token: token({ iat: T0, exp: T0 + 60_000 }) }],
  ])('%s → malformed', (_, overrides) => {
    expect(malformed(() => parseClientResponse({ response: { id: 'c', sessions: [rawSession(overrides)] } }))).toBe('malformed');
  });

  it.each([
    ['exp before iat', { iat: seconds, exp: seconds - 1 }],
    ['exp = 1e300', { iat: seconds, exp: 1e300 }],
    ['iat = 0 (1970)', { iat: 0, exp: 60 }],
    ['no exp', { iat: seconds }],
    ['a string exp', { iat: seconds, exp: String(seconds + 60) }],
  ])('a minted token with %s → malformed', (_, claims) => {
    expect(malformed(() => parseTokenResponse(token(claims)))).toBe('malformed');
  });

  it('tokenInfo refuses implausible times instead of showing them', () => {
    expect(tokenInfo(makeJwt({ iat: seconds, exp: 1e300 }), 'app')).toBeNull();
    expect(tokenInfo(makeJwt({ iat: seconds, exp: seconds - 5 }), 'app')).toBeNull();
  });
});

describe('parseTokenResponse', () => {
  it('returns the jwt', () => {
    expect(parseTokenResponse({ object: 'token', jwt })).toBe(jwt);
  });
  it.each([[null], [{}], [{ jwt: '' }], [{ jwt: 'not.a.jwt' }], [{ jwt: 'abc' }]])('%j → malformed', (body) => {
    expect(malformed(() => parseTokenResponse(body))).toBe('malformed');
  });
});

describe('parseEnvironment', () => {
  it.each([
    [{ response: { auth_config: { single_session_mode: true } } }, false, null, null],
    [{ auth_config: { single_session_mode: false, native_settings: { api_enabled: true } } }, true, true, null],
    [{ auth_config: { native_settings: { api_enabled: false } } }, null, false, null],
    [{ auth_config: { native_settings: { api_enabled: 'yes' } } }, null, null, null],
    [{ auth_config: { session_minter: true } }, null, null, true],
    [{ auth_config: { session_minter: 'on' } }, null, null, null],
    [{ auth_config: {} }, null, null, null],
    [null, null, null, null],
    ['x', null, null, null],
  ])('%j → multi-session %s, native API %s, session minter %s', (body, multiSession, nativeApiEnabled, sessionMinter) => {
    expect(parseEnvironment(body)).toEqual({ multiSession, nativeApiEnabled, sessionMinter });
  });
});

describe('tokenInfo', () => {
  it('decodes header and claims, ms times, a short preview', () => {
    const info = tokenInfo(jwt, 'extension', 42);
    expect(info).toMatchObject({
      header: { alg: 'RS256' },
      claims: { sid: 'sess_1', jti: 'j1' },
      issuedAt: iat * 1000,
      expiresAt: (iat + 60) * 1000,
      mintedBy: 'extension',
      mintLatencyMs: 42,
    });
    expect(info?.preview.length).toBeLessThan(20);
    expect(jwt).not.toContain(info?.preview.replace('…', '') ?? 'x'.repeat(100));
  });
  it.each([['garbage'], [makeJwt({ sid: 'no times' })], [makeJwt({ iat: '1', exp: 2 })]])('%s → null', (raw) => {
    expect(tokenInfo(raw, 'app')).toBeNull();
  });
});

describe('attributeToken', () => {
  const iat = T0 / 1000;
  const ours = makeJwt({ iat, exp: iat + 60, jti: 'jti_ours', sid: 'sess_1' });
  const apps = makeJwt({ iat: iat + 5, exp: iat + 65, jti: 'jti_app', sid: 'sess_1' });

  it('the token this sync minted is ours, with the mint latency', () => {
    expect(attributeToken(ours, { value: ours, latencyMs: 42 }, null)).toMatchObject({
      mintedBy: 'extension',
      mintLatencyMs: 42,
    });
  });

  it('the same token (same jti) seen again later is still ours, with its original latency', () => {
    const previous = tokenInfo(ours, 'extension', 42);
    expect(attributeToken(ours, null, previous)).toMatchObject({ mintedBy: 'extension', mintLatencyMs: 42 });
  });

  describe('tokens without jti (issue 11, item 19)', () => {
    const noJti = (claims: Record<string, unknown>, signature = 'c2lnbmF0dXJlLW5vdC1jaGVja2Vk') =>
      `${makeJwt(claims).split('.').slice(0, 2).join('.')}.${signature}`;
    const ourOwn = noJti({ iat, exp: iat + 60, sid: 'sess_1' }, 'b3Vycy1zaWduYXR1cmUtYWJjZA');
    const previous = tokenInfo(ourOwn, 'extension', 42);

    // Titles name the case, never the token.
    it.each([
      ['a later token of the app', 'app', noJti({ iat: iat + 20, exp: iat + 80, sid: 'sess_1' })],
      ['another session’s token', 'app', noJti({ iat, exp: iat + 60, sid: 'sess_2' })],
      [
        'same times, another signature (another mint in the same second)',
        'app',
        noJti({ iat, exp: iat + 60, sid: 'sess_1' }, 'YXBwcy1zaWduYXR1cmUtd3h5eg'),
      ],
      ['one with a jti where ours had none', 'app', makeJwt({ iat, exp: iat + 60, sid: 'sess_1', jti: 'j9' })],
      ['the very same token again', 'extension', ourOwn],
    ])('%s → %s', (_, mintedBy, next) => {
      expect(attributeToken(next, null, previous)?.mintedBy).toBe(mintedBy);
    });
  });

  it("a token the extension did not mint is the app's, without latency", () => {
    const previous = tokenInfo(ours, 'extension', 42);
    expect(attributeToken(apps, null, previous)).toMatchObject({ mintedBy: 'app', mintLatencyMs: null });
    expect(attributeToken(apps, { value: ours, latencyMs: 42 }, null)).toMatchObject({ mintedBy: 'app' });
  });
});
