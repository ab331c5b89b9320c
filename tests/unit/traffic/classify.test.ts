import { describe, expect, it } from 'vitest';
import { classifyEntries, classifyEntry } from '../../../lib/traffic/classify';
import { APP, entry, FAPI, handshakeTrip, sessionToken, T } from './har-builders';

const q = '?__clerk_api_version=2025-11-10&_clerk_js_version=6.40.0&__clerk_db_jwt=dvb_secret';

describe('classifyEntry: Frontend API calls by kind', () => {
  it.each([
    ['GET', `/v1/client${q}`, 'fapi-client'],
    ['GET', `/v1/environment${q}`, 'environment'],
    ['POST', `/v1/environment${q}&_method=PATCH`, 'environment'],
    ['POST', `/v1/client/sessions/sess_1/tokens${q}`, 'tokens'],
    ['POST', `/v1/client/sessions/sess_1/tokens/supabase${q}`, 'tokens'],
    ['POST', `/v1/client/sessions/sess_1/touch${q}`, 'touch'],
    ['POST', `/v1/client/sign_ins${q}`, 'sign-in'],
    ['POST', `/v1/client/sign_ins/sia_1/attempt_first_factor${q}`, 'sign-in'],
    ['POST', `/v1/client/sessions${q}&_method=DELETE`, 'sign-out'],
    ['POST', `/v1/client/sessions/sess_1/remove${q}`, 'sign-out'],
    ['GET', '/v1/client/handshake?redirect_url=x&__clerk_api_version=2025-11-10', 'handshake'],
    ['POST', `/v1/dev_browser${q}`, 'fapi-other'],
  ])('%s %s → %s', (method, path, kind) => {
    expect(classifyEntry(entry({ method, url: `${FAPI}${path}` }))?.kind).toBe(kind);
  });

  it('not Clerk traffic: a stylesheet, a script, a non-FAPI path on the FAPI host', () => {
    expect(classifyEntry(entry({ url: `${APP}/style.css`, document: false }))).toBeNull();
    expect(classifyEntry(entry({ url: 'https://cdn.example.com/app.js' }))).toBeNull();
    expect(classifyEntry(entry({ url: `${FAPI}/.well-known/jwks.json` }))).toBeNull();
  });

  it('the session id from the path, the fresh token from the answer (claims only), the trace id and Date', () => {
    const token = sessionToken(T, 'sess_fresh');
    const row = classifyEntry(
      entry({
        method: 'POST',
        url: `${FAPI}/v1/client/sessions/sess_fresh/tokens${q}`,
        body: JSON.stringify({ object: 'token', jwt: token }),
        responseHeaders: [
          { name: 'Date', value: new Date(T).toUTCString() },
          { name: 'X-Clerk-Trace-Id', value: 'trace_123' },
        ],
      }),
    );
    expect(row).toMatchObject({ kind: 'tokens', sessionId: 'sess_fresh', traceId: 'trace_123', serverDate: T });
    expect(row?.token).toMatchObject({ from: 'response', sid: 'sess_fresh', iat: Math.floor(T / 1000), kid: 'ins_test' });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain('dvb_secret');
  });

  it('clerk_trace_id from an error body', () => {
    const row = classifyEntry(
      entry({
        url: `${FAPI}/v1/client${q}`,
        status: 400,
        body: JSON.stringify({ errors: [{ code: 'origin_invalid' }], clerk_trace_id: 'abc' }),
      }),
    );
    expect(row).toMatchObject({ status: 400, traceId: 'abc' });
  });

  it('a handshake: the URL parameters, presence of its secrets, where it returns to', () => {
    const rows = classifyEntries(handshakeTrip(T, 'session-token-iat-in-the-future', 2, sessionToken(T)));
    expect(rows.map((r) => r.kind)).toEqual(['redirect', 'handshake', 'redirect']);
    const [start, trip, back] = rows;
    expect(start?.auth).toEqual({ status: 'handshake', reason: 'session-token-iat-in-the-future', message: null });
    expect(start?.redirectCountCookie).toBe(2);
    expect(start?.location).toBe(`${FAPI}/v1/client/handshake`);
    expect(trip?.handshake).toMatchObject({
      reason: 'session-token-iat-in-the-future',
      hasSessionToken: true,
      hasDevBrowser: true,
      hasHandshakeToken: false,
      redirectTo: `${APP}/dashboard`,
    });
    expect(trip?.sessionId).toBe('sess_abc');
    expect(back?.handshake?.hasHandshakeToken).toBe(true);
    expect(back?.token?.from).toBe('Set-Cookie __session');
    expect(back?.auth?.status).toBe('signed-in');
    for (const row of rows) expect(JSON.stringify(row)).not.toMatch(/dvb_secret|eyJ/);
  });

  it('the cookies the server saw, stale copies first', () => {
    const row = classifyEntry(
      entry({
        url: `${APP}/dashboard`,
        document: true,
        cookie: `__client_uat_AbCd1234=0; __client_uat=0; __session_AbCd1234=${sessionToken(T)}; __client_uat=${Math.floor(T / 1000)}`,
      }),
    );
    expect(row?.kind).toBe('navigation');
    expect(row?.cookies.clientUat).toEqual([
      { name: '__client_uat_AbCd1234', value: '0' },
      { name: '__client_uat', value: '0' },
      { name: '__client_uat', value: String(Math.floor(T / 1000)) },
    ]);
    expect(row?.cookies.sessions).toEqual(['__session_AbCd1234']);
  });

  it('a document without a resource type is recognised by Sec-Fetch-Dest', () => {
    const row = classifyEntry(entry({ url: `${APP}/`, requestHeaders: [{ name: 'Sec-Fetch-Dest', value: 'document' }] }));
    expect(row?.kind).toBe('navigation');
  });
});
