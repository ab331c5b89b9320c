/**
 * Property (fast-check): whatever secrets a recorded trace carries (session tokens, cookie values,
 * dev-browser ids, e-mails, secret query values, in the URL, the handshake URL and its nested
 * redirect_url, headers, Set-Cookie, form bodies, JSON bodies, the redirect target), neither the
 * redacted HAR nor the redacted JSON contains any of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyEntries } from '../../../lib/traffic/classify';
import { exportHar, exportJson } from '../../../lib/traffic/export';
import { findTrafficFindings } from '../../../lib/traffic/findings';
import type { HarEntry } from '../../../lib/traffic/har';
import { measureSkew } from '../../../lib/traffic/skew';
import { APP, FAPI, jwt } from '../traffic/har-builders';

// Secrets and the ids the timeline may show (session, user) come from disjoint alphabets: a
// secret starts upper-case and ends with a digit, an id is lower-case letters. Otherwise the
// shrinker finds a "password" equal to the user id, which the timeline rightly shows.
const word = fc.stringMatching(/^[A-Z][A-Za-z0-9]{10,22}[0-9]$/);
const idWord = fc.stringMatching(/^[a-z]{12,24}$/);
const secretsArb = fc.record({
  token: fc
    .record({ sid: idWord, sub: idWord, iat: fc.integer({ min: 1.7e9, max: 1.9e9 }) })
    .map((c) => jwt({ ...c, sid: `sess_${c.sid}`, sub: `user_${c.sub}`, exp: c.iat + 60 })),
  cookieValue: word,
  devBrowser: word.map((w) => `dvb_${w}`),
  email: fc.tuple(word, fc.constantFrom('example.com', 'acme.io', 'x.dev')).map(([u, d]) => `${u.toLowerCase()}@${d}`),
  querySecret: word,
  password: word,
  custom: fc.constantFrom('x-api-key', 'x-forwarded-for', 'clerk-db-jwt', 'authorization', 'x-custom'),
});

type Secrets = typeof secretsArb extends fc.Arbitrary<infer S> ? S : never;

function traceWith(s: Secrets, at: number): HarEntry[] {
  const back = `${APP}/dashboard?ticket=${s.querySecret}&email=${encodeURIComponent(s.email)}`;
  const handshake = `${FAPI}/v1/client/handshake?redirect_url=${encodeURIComponent(back)}&__clerk_api_version=2025-11-10&__clerk_hs_reason=session-token-expired&__session=${s.token}&__clerk_db_jwt=${s.devBrowser}`;
  const base = (
    url: string,
    extra: Partial<HarEntry['request']> = {},
    response: Partial<HarEntry['response']> = {},
  ): HarEntry => ({
    startedDateTime: new Date(at).toISOString(),
    time: 10,
    _resourceType: 'document',
    request: {
      method: 'GET',
      url,
      headers: [
        {
          name: 'Cookie',
          value: `__session=${s.token}; __client_uat=${s.cookieValue}; __clerk_db_jwt=${s.devBrowser}; theme=${s.cookieValue}`,
        },
        { name: s.custom, value: `Bearer ${s.querySecret}` },
        { name: 'Referer', value: back },
      ],
      cookies: [{ name: 'other', value: s.cookieValue }],
      queryString: [
        { name: '__session', value: s.token },
        { name: 'ticket', value: s.querySecret },
      ],
      ...extra,
    },
    response: {
      status: 307,
      headers: [
        { name: 'Set-Cookie', value: `__session=${s.token}; Path=/\n__clerk_db_jwt=${s.devBrowser}; Path=/` },
        { name: 'Location', value: handshake },
        { name: 'Clerk-Db-Jwt', value: s.devBrowser },
        { name: 'x-clerk-auth-message', value: `token of ${s.email} is ${s.token}` },
      ],
      cookies: [{ name: '__session', value: s.token }],
      redirectURL: handshake,
      content: {
        size: 1,
        mimeType: 'application/json',
        text: JSON.stringify({ response: { email_address: s.email, jwt: s.token, id: s.devBrowser }, clerk_trace_id: 'trace_1' }),
      },
      ...response,
    },
  });
  return [
    base(back),
    base(handshake),
    base(`${FAPI}/v1/client/sign_ins?_clerk_js_version=6.40.0&__clerk_db_jwt=${s.devBrowser}`, {
      method: 'POST',
      postData: {
        mimeType: 'application/x-www-form-urlencoded',
        text: `identifier=${encodeURIComponent(s.email)}&password=${s.password}`,
      },
    }),
    base(
      `${FAPI}/v1/client/sessions/sess_1/tokens?__clerk_db_jwt=${s.devBrowser}`,
      { method: 'POST' },
      {
        status: 200,
        content: { size: 1, mimeType: 'application/json', text: JSON.stringify({ object: 'token', jwt: s.token }) },
      },
    ),
  ];
}

function leaks(output: string, s: Secrets): string[] {
  const needles = [
    s.token,
    s.token.split('.')[1] ?? '',
    s.cookieValue,
    s.devBrowser,
    s.email,
    encodeURIComponent(s.email),
    s.querySecret,
    s.password,
  ];
  return needles.filter((n) => n.length > 0 && output.includes(n));
}

describe('the redacted export, for any secrets in the trace', () => {
  it('HAR 1.2: no token, cookie value, dev-browser id, e-mail or query secret survives', () => {
    fc.assert(
      fc.property(secretsArb, (s) => {
        const har = exportHar(traceWith(s, Date.parse('2026-12-07T01:00:00Z')), '0.1.0');
        expect(har.log.version).toBe('1.2');
        expect(leaks(JSON.stringify(har), s)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('JSON: the timeline, findings and skew carry no secret either', () => {
    fc.assert(
      fc.property(secretsArb, (s) => {
        const rows = classifyEntries(traceWith(s, Date.parse('2026-12-07T01:00:00Z')));
        expect(rows.length).toBeGreaterThan(2);
        const json = exportJson(rows, findTrafficFindings(rows), measureSkew(rows), Date.now());
        expect(leaks(JSON.stringify(json), s)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps what a support engineer needs: Clerk’s parameters, statuses, cookie names, the trace id', () => {
    const s = fc.sample(secretsArb, { numRuns: 1, seed: 7 })[0] as Secrets;
    const har = JSON.stringify(exportHar(traceWith(s, Date.now()), '0.1.0'));
    expect(har).toContain('__clerk_hs_reason=session-token-expired');
    expect(har).toContain('__session=[redacted]');
    expect(har).toContain('"status":307');
    expect(har).toContain('trace_1');
  });
});
