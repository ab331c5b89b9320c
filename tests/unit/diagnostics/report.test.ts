import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildReport, CLERK_SDK_VERSION, REPORT_CONTENTS, redactPersonal } from '../../../lib/diagnostics/report';
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

describe('issue 19, item 3: no personal data in the redacted report', () => {
  const PERSON = {
    email: 'grace.hopper@navy.example',
    first: 'Grace',
    last: 'Hopperlast',
    full: 'Grace Hopperlast',
    image: 'https://img.clerk.com/users/user_2GraceSecret/avatar.png',
    phone: '+15551234567',
    userId: 'user_2GraceSecret',
  };

  function personalSnapshot() {
    const t = tokenInfoAt(T0);
    return snapshot({
      token: {
        ...t,
        claims: {
          ...t.claims,
          // Clerk's own documented custom-claim examples, and the snake_case shortcodes.
          primaryEmail: PERSON.email,
          fullName: PERSON.full,
          email_address: PERSON.email,
          first_name: PERSON.first,
          image_url: PERSON.image,
          metadata: { role: 'admin', phone: PERSON.phone, last_name: PERSON.last },
          roles: ['admin'],
          beta: true,
          seats: 3,
        },
      },
      previousTokenClaims: { ...t.claims, primaryEmail: PERSON.email, fullName: PERSON.full },
      error: {
        kind: 'http',
        message: `Clerk refused the request (422): ${PERSON.email} is not allowed; see ${PERSON.image} (${PERSON.userId}, ${PERSON.phone})`,
        at: T0,
      },
    });
  }

  function reportOf() {
    const s = personalSnapshot();
    return buildReport({
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
          error: `Sign-in of ${PERSON.email} failed at https://app.example.com/profile/${PERSON.first.toLowerCase()}-hopperlast?tab=1`,
        },
      ],
      checks: runDoctor({ app: testApp(), permission: 'granted', snapshot: s, extensionId: 'x' }),
      extensionVersion: '0.1.0',
      sdkVersion: '3.1.84',
      now: T0,
    });
  }

  it('no e-mail, name, image, phone or user id survives, anywhere (claims, previous claims, errors, history)', () => {
    const text = JSON.stringify(reportOf());
    for (const secret of [
      PERSON.email,
      PERSON.first,
      PERSON.last,
      PERSON.image,
      'avatar.png',
      PERSON.phone,
      PERSON.userId,
      'grace-hopperlast',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
  });

  it('custom claims keep only their names, types and byte sizes; standard claims keep their values', () => {
    const s = reportOf().snapshot as { token: { claims: Record<string, unknown> }; previousTokenClaims: Record<string, unknown> };
    expect(s.token.claims.primaryEmail).toEqual({ type: 'string', bytes: JSON.stringify(PERSON.email).length });
    expect(s.token.claims.metadata).toEqual({ type: 'object', bytes: expect.any(Number) });
    expect(s.token.claims.roles).toEqual({ type: 'array', bytes: 9 });
    expect(s.token.claims.beta).toEqual({ type: 'boolean', bytes: 4 });
    expect(s.token.claims.seats).toEqual({ type: 'number', bytes: 1 });
    expect(s.previousTokenClaims.fullName).toEqual({ type: 'string', bytes: JSON.stringify(PERSON.full).length });
    expect(s.token.claims.iss).toBe(tokenInfoAt(T0).claims.iss);
    expect(s.token.claims.exp).toBe(tokenInfoAt(T0).claims.exp);
    expect(s.token.claims.sub).toBe('[redacted]');
  });

  it('error text keeps its shape: the kind of thing removed, the host of a URL, the API path', () => {
    const s = reportOf().snapshot as { error: { message: string } };
    expect(s.error.message).toMatch(
      /^Clerk refused the request \(422\): \[email\] is not allowed; see https:\/\/img\.clerk\.com\//,
    );
    expect(redactPersonal('GET https://x.clerk.accounts.dev/v1/client/sessions/sess_1/tokens failed')).toBe(
      'GET https://x.clerk.accounts.dev/v1/client/sessions/sess_1/tokens failed',
    );
  });

  it('says exactly what it holds, in the report itself', () => {
    expect(reportOf().contents).toBe(REPORT_CONTENTS);
    expect(REPORT_CONTENTS).toMatch(/custom claims: names, types and sizes only/);
  });
});
