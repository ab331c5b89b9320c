// @vitest-environment node
/**
 * Organizations and session token v2 (issue 22): the token's authorization facts as Clerk's own
 * parser reads them, for v2 (`o`, `fea`, `fpm` bitmasks) and v1 (`org_*`), and `has()` verdicts.
 */
import { describe, expect, it } from 'vitest';
import { wouldHavePermission } from '../../../lib/auth/has-check';
import { organizationLabel, tokenAuth } from '../../../lib/auth/token-auth';

const base = { sub: 'user_1', sid: 'sess_1', iat: 1, exp: 61, iss: 'https://x.clerk.accounts.dev' };

// fea: two org features, one user feature; per: three permissions; fpm one mask per org feature:
// dashboard = 3 (0b011: read, manage), billing = 4 (0b100: export).
const v2 = {
  ...base,
  v: 2,
  fea: 'o:dashboard,o:billing,u:beta',
  pla: 'o:pro',
  o: { id: 'org_1', slg: 'acme', rol: 'admin', per: 'read,manage,export', fpm: '3,4' },
  fva: [3, -1],
};

const v1 = {
  ...base,
  org_id: 'org_9',
  org_slug: 'legacy',
  org_role: 'org:member',
  org_permissions: ['org:dashboard:read'],
};

describe('tokenAuth', () => {
  it('v2: expands o.fpm/o.per into org:<feature>:<permission> the way @clerk/shared does', () => {
    const auth = tokenAuth(v2);
    expect(auth.format).toBe('v2');
    expect(auth.organization).toEqual({
      id: 'org_1',
      slug: 'acme',
      role: 'org:admin',
      permissions: ['org:dashboard:read', 'org:dashboard:manage', 'org:billing:export'],
    });
    expect(auth.features).toEqual({ org: ['dashboard', 'billing'], user: ['beta'] });
    expect(auth.plans).toEqual({ org: ['pro'], user: [] });
    expect(auth.factorVerificationAge).toEqual([3, -1]);
    expect(auth.problem).toBeNull();
    if (!auth.organization) throw new Error('an organization');
    expect(organizationLabel(auth.organization)).toBe('acme · admin');
  });

  it('v2: a large fpm (beyond 2^53) is read bit by bit, not as a float', () => {
    const per = Array.from({ length: 60 }, (_, i) => `p${i}`).join(',');
    const auth = tokenAuth({ ...base, v: 2, fea: 'o:f', o: { id: 'org_1', per, fpm: (2n ** 59n).toString() } });
    expect(auth.organization?.permissions).toEqual(['org:f:p59']);
  });

  it('v1: org_id, org_role, org_slug, org_permissions keep working', () => {
    const auth = tokenAuth(v1);
    expect(auth.format).toBe('v1');
    expect(auth.organization).toEqual({ id: 'org_9', slug: 'legacy', role: 'org:member', permissions: ['org:dashboard:read'] });
  });

  it('no organization: personal account', () => {
    expect(tokenAuth({ ...base, v: 2 }).organization).toBeNull();
    expect(tokenAuth(base).organization).toBeNull();
  });

  it('sts pending, act as impersonation, act as agent', () => {
    expect(tokenAuth({ ...v2, sts: 'pending' }).sessionStatus).toBe('pending');
    expect(tokenAuth({ ...v2, act: { sub: 'user_admin' } }).actor).toEqual({ kind: 'impersonation', sub: 'user_admin' });
    expect(tokenAuth({ ...v2, act: { sub: 'agt_1', type: 'agent' } }).actor).toEqual({ kind: 'agent', sub: 'agt_1' });
    expect(tokenAuth(v2).actor).toBeNull();
  });

  it('a malformed fea is reported, not thrown', () => {
    const auth = tokenAuth({ ...v2, fea: 'dashboard' });
    expect(auth.problem).toMatch(/missing colon/);
    expect(auth.organization).toBeNull();
  });
});

describe('wouldHavePermission (createCheckAuthorization)', () => {
  it.each([
    [v2, 'org:dashboard:manage', true],
    [v2, 'dashboard:manage', true],
    [v2, 'org:billing:manage', false],
    [v2, 'org:billing:export', true],
    [v1, 'org:dashboard:read', true],
    [v1, 'org:dashboard:manage', false],
    [{ ...base, v: 2 }, 'org:dashboard:read', false],
  ])('%#: %s → %s', (claims, permission, pass) => {
    expect(wouldHavePermission(tokenAuth(claims), permission)?.pass).toBe(pass);
  });

  it('explains a refusal and a missing organization', () => {
    expect(wouldHavePermission(tokenAuth(v2), 'org:billing:manage')?.reason).toMatch(
      /not among this member's 3 permissions in acme/,
    );
    expect(wouldHavePermission(tokenAuth({ ...base, v: 2 }), 'x:y')?.reason).toMatch(/No active organization/);
    expect(wouldHavePermission(tokenAuth(v2), '  ')).toBeNull();
  });

  it('a pending session: the check passes but the server SDKs treat the session as signed out', () => {
    const verdict = wouldHavePermission(tokenAuth({ ...v2, sts: 'pending' }), 'org:dashboard:read');
    expect(verdict).toMatchObject({ pass: true, pendingOverride: true });
    expect(verdict?.reason).toMatch(/treat it as signed out/);
  });
});
