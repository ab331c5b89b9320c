import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildReport, CLERK_SDK_VERSION } from '../../../lib/diagnostics/report';
import { runDoctor } from '../../../lib/doctor/checks';
import { snapshot, T0, testApp, tokenInfoAt } from '../engine/builders';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18xIn0.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJlLXNlY3JldA';
const DVB = 'dvb_2xSeCrEtDeVbRoWsEr';
const EMAIL = 'ada.secret@example.com';

function secretSnapshot() {
  const t = tokenInfoAt(T0);
  return snapshot({
    sessions: [
      {
        id: 'sess_1',
        status: 'active',
        user: { id: 'user_secret_42', name: 'Ada Secret', email: EMAIL, imageUrl: 'https://img.example.com/ada-secret.png' },
        createdAt: T0,
        updatedAt: T0,
        lastActiveAt: T0,
        expireAt: T0 + 1,
        abandonAt: T0 + 2,
        lastActiveTokenIssuedAt: null,
      },
    ],
    token: {
      ...t,
      preview: `${JWT.slice(0, 10)}…${JWT.slice(-4)}`,
      claims: { ...t.claims, sub: 'user_secret_42', email: EMAIL, note: JWT },
    },
    previousTokenClaims: { sub: 'user_secret_42', raw: JWT },
    error: {
      kind: 'network',
      message: `Network error at "https://x.clerk.accounts.dev/v1/client?__clerk_db_jwt=${DVB}" Authorization: Bearer ${JWT}`,
      at: T0,
    },
    cookieReport: {
      at: T0,
      cookies: [],
      findings: [{ id: 'cookie-uat-zero', names: ['__client_uat'], detail: `__session=${JWT}`, fix: 'x' }],
    },
  });
}

describe('buildReport', () => {
  it('no token, cookie value, dev browser id or identity survives', () => {
    const s = secretSnapshot();
    const report = buildReport({
      snapshot: s,
      history: [
        {
          at: T0,
          appId: 'a',
          mode: 'observe',
          trigger: 'alarm',
          outcome: 'error',
          latencyMs: 1,
          minted: false,
          error: `boom ${DVB}`,
        },
      ],
      checks: runDoctor({ app: testApp(), permission: 'granted', snapshot: s, extensionId: 'x' }),
      extensionVersion: '0.1.0',
      sdkVersion: '3.1.84',
      now: T0,
    });
    const text = JSON.stringify(report);
    for (const secret of [
      JWT,
      JWT.split('.')[2],
      DVB,
      EMAIL,
      'Ada Secret',
      'user_secret_42',
      'ada-secret.png',
      JWT.slice(0, 10),
    ]) {
      expect(text, secret).not.toContain(secret);
    }
  });

  it('keeps what a diagnosis needs: versions, statuses, times, session ids, claims names', () => {
    const report = buildReport({
      snapshot: secretSnapshot(),
      history: [],
      checks: [],
      extensionVersion: '0.1.0',
      sdkVersion: '3.1.84',
      now: T0,
    });
    expect(report.versions).toEqual({ extension: '0.1.0', clerkChromeExtension: '3.1.84' });
    const s = report.snapshot as {
      sessions: Array<{ id: string; status: string; expireAt: number }>;
      token: { claims: Record<string, unknown> };
    };
    expect(s.sessions[0]).toMatchObject({ id: 'sess_1', status: 'active', expireAt: T0 + 1 });
    expect(Object.keys(s.token.claims)).toEqual(expect.arrayContaining(['sub', 'exp', 'iat']));
    expect(report.generatedAt).toBe(new Date(T0).toISOString());
  });
});

it('the SDK version in reports is the installed one', () => {
  const pkg = JSON.parse(readFileSync('node_modules/@clerk/chrome-extension/package.json', 'utf8')) as { version: string };
  expect(CLERK_SDK_VERSION).toBe(pkg.version);
});
