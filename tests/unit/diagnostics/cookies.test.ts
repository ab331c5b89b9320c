import { describe, expect, it } from 'vitest';
import { clerkCookieName, cookieForensics, type RawCookie } from '../../../lib/diagnostics/cookies';

const MINE = { label: 'demo', suffix: 'AbCd1234' };
const OTHER = { label: 'second app', suffix: 'ZzYy9876' };

function cookie(name: string, value = 'v', extra: Partial<RawCookie> = {}): RawCookie {
  return { name, value, domain: 'localhost', path: '/', sameSite: 'lax', secure: false, httpOnly: false, ...extra };
}

const ids = (raw: RawCookie[]) => cookieForensics(raw, MINE, [OTHER], 0).findings.map((f) => f.id);

describe('clerkCookieName', () => {
  it.each([
    ['__session', '__session', null],
    ['__session_AbCd1234', '__session', 'AbCd1234'],
    ['__client_uat_ZzYy9876', '__client_uat', 'ZzYy9876'],
    ['__clerk_db_jwt', '__clerk_db_jwt', null],
    ['__client', '__client', null],
    ['__clerk_handshake_nonce', '__clerk_handshake_nonce', null],
    ['__refresh_AbCd1234', '__refresh', 'AbCd1234'],
    ['clerk_active_context', 'clerk_active_context', null],
  ])('%s → %s / %s', (name, base, suffix) => {
    expect(clerkCookieName(name)).toEqual({ base, suffix });
  });
  it('ignores other cookies', () => {
    expect(clerkCookieName('sessionid')).toBeNull();
    expect(clerkCookieName('__clientx')).toBeNull();
  });
});

describe('cookieForensics', () => {
  it('lists metadata only, never a value, with owner, size and flags', () => {
    const secret = 'eyJhbGciOiJSUzI1NiJ9.secret-payload.sig';
    const report = cookieForensics(
      [
        cookie('__session_AbCd1234', secret, { expirationDate: 1_800_000_000, partitionKey: { topLevelSite: 'https://x' } }),
        cookie('__client_uat_ZzYy9876', '1700000000'),
        cookie('__clerk_db_jwt_Qq000000', 'dvb_x'),
        cookie('__client', 'c', { domain: 'clerk.example.com', httpOnly: true, secure: true, sameSite: 'none' }),
        cookie('theme', 'dark'),
      ],
      MINE,
      [OTHER],
      42,
    );
    expect(JSON.stringify(report)).not.toContain(secret);
    expect(JSON.stringify(report)).not.toContain('dvb_x');
    expect(report.cookies.map((c) => c.name)).toEqual([
      '__clerk_db_jwt_Qq000000',
      '__client',
      '__client_uat_ZzYy9876',
      '__session_AbCd1234',
    ]);
    const session = report.cookies.find((c) => c.name === '__session_AbCd1234');
    expect(session).toMatchObject({ owner: { kind: 'this-app' }, partitioned: true, expiresAt: 1_800_000_000_000 });
    expect(session?.size).toBe('__session_AbCd1234'.length + secret.length);
    expect(report.cookies.find((c) => c.name === '__client_uat_ZzYy9876')?.owner).toEqual({
      kind: 'other-app',
      label: 'second app',
    });
    expect(report.cookies.find((c) => c.name === '__clerk_db_jwt_Qq000000')?.owner).toEqual({ kind: 'unknown' });
    expect(report.cookies.find((c) => c.name === '__client')).toMatchObject({ owner: null, httpOnly: true, secure: true });
  });

  it('a clean single app has no finding', () => {
    expect(
      ids([
        cookie('__session'),
        cookie('__session_AbCd1234'),
        cookie('__client_uat', '17'),
        cookie('__client_uat_AbCd1234', '17'),
      ]),
    ).toEqual([]);
  });

  it('another instance on the same host', () => {
    const report = cookieForensics([cookie('__session_AbCd1234'), cookie('__session_ZzYy9876')], MINE, [OTHER], 0);
    expect(report.findings.map((f) => f.id)).toEqual(['cookie-other-instance']);
    expect(report.findings[0]?.detail).toContain('second app');
    expect(report.findings[0]?.names).toEqual(['__session_ZzYy9876']);
  });

  it('__client_uat = 0 next to a __session: only this app’s pair counts', () => {
    expect(ids([cookie('__client_uat', '0'), cookie('__session')])).toEqual(['cookie-uat-zero']);
    expect(ids([cookie('__client_uat', '0')])).toEqual([]);
    // Our suffixed pair is fine; the zero belongs to the unsuffixed copy another app rewrote.
    expect(
      ids([
        cookie('__client_uat', '0'),
        cookie('__client_uat_AbCd1234', '17'),
        cookie('__session_AbCd1234'),
        cookie('__session'),
      ]),
    ).toEqual([]);
    expect(ids([cookie('__client_uat_AbCd1234', '0'), cookie('__session_AbCd1234')])).toEqual(['cookie-uat-zero']);
  });

  it('leftover handshake, partitioned cookies, a __session near 4 KB', () => {
    expect(ids([cookie('__clerk_handshake', 'x')])).toEqual(['cookie-handshake']);
    expect(ids([cookie('__clerk_handshake_nonce', 'x')])).toEqual(['cookie-handshake']);
    expect(ids([cookie('__clerk_db_jwt', 'x', { partitionKey: { topLevelSite: 'https://a' } })])).toEqual(['cookie-partitioned']);
    const name = '__session';
    expect(ids([cookie(name, 'x'.repeat(3584 - name.length))])).toEqual([]);
    expect(ids([cookie(name, 'x'.repeat(3585 - name.length))])).toEqual(['cookie-session-size']);
  });

  it('counts one cookie once even when both hosts return it', () => {
    const c = cookie('__session');
    expect(cookieForensics([c, { ...c }], MINE, [], 0).cookies).toHaveLength(1);
  });
});
