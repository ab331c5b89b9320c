import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SetupDoctor } from '../../../components/doctor/SetupDoctor';
import type { CookieReport } from '../../../lib/diagnostics/cookies';
import type { StoredVerdict } from '../../../lib/diagnostics/token-verdict';
import { failingChecks, runDoctor } from '../../../lib/doctor/checks';
import { diagnosticChecks, diagnosticsOf, lifetimeDisagreement } from '../../../lib/doctor/diagnostic-checks';
import type { SessionSnapshot } from '../../../lib/snapshot';
import { snapshot as baseSnapshot, HOUR, MIN, SEC, sessionRecord, T0, testApp, tokenInfoAt } from '../engine/builders';

const ok = { at: T0, ok: true, error: null };
const ID = 'ncdmolkcfabcdhgnpbmjeaimankepeja';

function healthy(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return baseSnapshot({
    setup: {
      environment: { ...ok, nativeApiEnabled: true },
      identity: { cookieName: '__clerk_db_jwt_AbCd1234', suffixed: true, otherInstances: 0, partitionedOnly: false },
      read: ok,
      mint: { ...ok, sessionId: 'sess_1' },
    },
    ...overrides,
  });
}

const verdict = (reasons: StoredVerdict['reasons']): StoredVerdict => ({
  accepted: reasons.length === 0,
  reasons,
  checkedAt: T0,
  tokenKey: 'jti_x',
});

const doctor = (s: SessionSnapshot) => runDoctor({ app: testApp(), permission: 'granted', snapshot: s, extensionId: ID });
const statusOf = (s: SessionSnapshot, id: string) => doctor(s).find((c) => c.id === id)?.status;

describe('diagnostic findings in the doctor', () => {
  it('token verdict: accepted passes; a foreign key fails with the key fix; the extension’s own azp or an expired app token are information', () => {
    expect(statusOf(healthy({ tokenVerdict: verdict([]) }), 'token-verdict')).toBe('pass');
    const foreign = doctor(
      healthy({ tokenVerdict: verdict([{ code: 'unknown-kid', message: 'Signed with key ins_x, not in the JWKS.' }]) }),
    );
    const check = foreign.find((c) => c.id === 'token-verdict');
    expect(check).toMatchObject({ status: 'fail' });
    expect(check?.detail).toContain('ins_x');
    expect(check?.fix).toContain('same Clerk instance');
    expect(failingChecks(foreign).map((c) => c.id)).toEqual(['token-verdict']);
    expect(statusOf(healthy({ tokenVerdict: verdict([{ code: 'azp-missing', message: 'no azp' }]) }), 'token-verdict')).toBe(
      'fail',
    );
    expect(
      statusOf(
        healthy({
          tokenVerdict: verdict([{ code: 'azp-mismatch', message: 'azp is chrome-extension://abc (the extension minted it)' }]),
        }),
        'token-verdict',
      ),
    ).toBe('info');
    // Any azp other than the app's on a token the extension minted is expected; on the app's own token it is a fix.
    const fapiAzp = verdict([{ code: 'azp-mismatch', message: 'azp is the Frontend API URL (https://x.clerk.accounts.dev)' }]);
    const minted = (by: 'extension' | 'app') => ({ ...tokenInfoAt(T0), mintedBy: by });
    expect(statusOf(healthy({ token: minted('extension'), tokenVerdict: fapiAzp }), 'token-verdict')).toBe('info');
    expect(statusOf(healthy({ token: minted('app'), tokenVerdict: fapiAzp }), 'token-verdict')).toBe('fail');
    expect(statusOf(healthy({ tokenVerdict: verdict([{ code: 'expired', message: 'Expired 3 s ago' }]) }), 'token-verdict')).toBe(
      'info',
    );
    expect(doctor(healthy()).some((c) => c.id === 'token-verdict')).toBe(false);
  });

  it('claims budget: nothing without custom claims, pass under 1.2 KB, a note over it, a fix over the cookie', () => {
    const withClaims = (extra: Record<string, unknown>) => {
      const t = tokenInfoAt(T0);
      return healthy({ token: { ...t, claims: { ...t.claims, ...extra } } });
    };
    expect(doctor(healthy({ token: tokenInfoAt(T0) })).some((c) => c.id === 'claims-budget')).toBe(false);
    expect(statusOf(withClaims({ role: 'admin' }), 'claims-budget')).toBe('pass');
    const over = doctor(withClaims({ permissions: 'p'.repeat(1300), role: 'admin' })).find((c) => c.id === 'claims-budget');
    expect(over?.status).toBe('warn');
    expect(over?.detail).toMatch(/permissions 13\d\d B/);
    expect(statusOf(withClaims({ blob: 'x'.repeat(3200) }), 'claims-budget')).toBe('fail');
  });

  it('each cookie finding is its own check with a fix', () => {
    const report: CookieReport = {
      at: T0,
      cookies: [],
      findings: [
        { id: 'cookie-other-instance', names: ['__session_ZzYy9876'], detail: 'another instance', fix: 'own host' },
        { id: 'cookie-uat-zero', names: ['__client_uat'], detail: 'uat 0', fix: 'sign in again' },
        { id: 'cookie-handshake', names: ['__clerk_handshake'], detail: 'leftover', fix: 'delete it' },
        { id: 'cookie-partitioned', names: ['__clerk_db_jwt'], detail: 'partitioned', fix: 'turn off' },
        { id: 'cookie-session-size', names: ['__session'], detail: 'big', fix: 'fewer claims' },
      ],
    };
    const checks = doctor(healthy({ cookieReport: report })).filter((c) => c.id.startsWith('cookie-'));
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['cookie-other-instance', 'warn'],
      ['cookie-uat-zero', 'fail'],
      ['cookie-handshake', 'warn'],
      ['cookie-partitioned', 'fail'],
      ['cookie-session-size', 'fail'],
    ]);
    expect(checks.every((c) => c.fix)).toBe(true);
    expect(checks[0]?.detail).toContain('__session_ZzYy9876');
  });

  it('declared vs Clerk’s expire_at: 30 min declared, 15 min observed, is a finding; agreement and a maximum-lifetime cap are not', () => {
    const at = (expireAfterActivity: number, createdAgo = 2 * HOUR) =>
      healthy({
        sessions: [sessionRecord({ createdAt: T0 - createdAgo, lastActiveAt: T0, expireAt: T0 + expireAfterActivity })],
      });
    expect(statusOf(at(30 * MIN), 'lifetime-disagree')).toBeUndefined();
    const fifteen = doctor(at(15 * MIN)).find((c) => c.id === 'lifetime-disagree');
    expect(fifteen?.status).toBe('warn');
    expect(fifteen?.detail).toContain('30m');
    expect(fifteen?.detail).toContain('15m');
    // Near the end of a declared 7-day lifetime, expire_at is the cap: no contradiction.
    expect(statusOf(at(10 * MIN, 7 * 24 * HOUR - 10 * MIN), 'lifetime-disagree')).toBeUndefined();
    // Longer than declared: the timeout is longer, or off.
    expect(lifetimeDisagreement(diagnosticsOf(at(2 * HOUR)) as never)).toContain('longer, or off');
    // Inferred (not declared) settings are never contradicted by their own source.
    const inferred = at(15 * MIN);
    inferred.inactivityTimeout = { seconds: 15 * 60, source: 'inferred' };
    expect(statusOf(inferred, 'lifetime-disagree')).toBeUndefined();
    // Declared maximum shorter than Clerk's deadline.
    const max = healthy({
      maximumLifetime: { seconds: 24 * 3600, source: 'declared' },
      inactivityTimeout: { seconds: null, source: 'unknown' },
      sessions: [sessionRecord({ createdAt: T0 - HOUR, lastActiveAt: T0 - SEC, expireAt: T0 + 6 * 24 * HOUR })],
    });
    expect(doctor(max).find((c) => c.id === 'lifetime-disagree')?.detail).toContain('maximum lifetime of 1d');
  });

  it('an explicit diagnostics input wins over the snapshot, and null turns them off', () => {
    const s = healthy({ tokenVerdict: verdict([{ code: 'unknown-kid', message: 'x' }]) });
    expect(
      runDoctor({ app: testApp(), permission: 'granted', snapshot: s, extensionId: ID, diagnostics: null }).some(
        (c) => c.id === 'token-verdict',
      ),
    ).toBe(false);
    expect(diagnosticChecks(null)).toEqual([]);
  });

  it('the doctor renders a finding with its fix', () => {
    render(
      <SetupDoctor
        compact
        checks={doctor(healthy({ tokenVerdict: verdict([{ code: 'azp-missing', message: 'The token has no azp claim.' }]) }))}
      />,
    );
    expect(screen.getByText('Token verdict')).toBeTruthy();
    expect(screen.getByText(/no azp claim/)).toBeTruthy();
    expect(screen.getByText(/authorizedParties/)).toBeTruthy();
  });
});
