import { describe, expect, it } from 'vitest';
import { claimsBudget, claimsDiff, isStandardClaim } from '../../../lib/diagnostics/claims-budget';

const STANDARD = {
  iss: 'https://inspector-emu.clerk.accounts.dev',
  sub: 'user_1',
  sid: 'sess_1',
  iat: 1,
  exp: 61,
  nbf: 0,
  jti: 'j1',
  azp: 'http://localhost:5317',
  v: 2,
  fva: [0, -1],
  o: { id: 'org_1', rol: 'admin' },
  org_id: 'org_1',
};

describe('claimsBudget', () => {
  it('counts only custom claims, per claim, largest first', () => {
    const budget = claimsBudget({ ...STANDARD, role: 'admin', plan: 'pro-plan' });
    expect(budget.custom).toEqual([
      { name: 'plan', bytes: '"plan":"pro-plan",'.length },
      { name: 'role', bytes: '"role":"admin",'.length },
    ]);
    expect(budget.customBytes).toBe(18 + 15);
    expect(budget.overGuidance).toBe(false);
    expect(claimsBudget(STANDARD).custom).toEqual([]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(claimsBudget({ n: 'é' }).custom[0]?.bytes).toBe('"n":"'.length + 2 + '",'.length);
  });

  it('flags custom claims over 1.2 KB and a token over the 4 KB cookie', () => {
    expect(claimsBudget({ ...STANDARD, blob: 'x'.repeat(1180) }).overGuidance).toBe(false);
    const over = claimsBudget({ ...STANDARD, blob: 'x'.repeat(1200) });
    expect(over.overGuidance).toBe(true);
    expect(over.overCookie).toBe(false);
    const huge = claimsBudget({ ...STANDARD, blob: 'x'.repeat(3000) }, { alg: 'RS256', kid: 'ins_1', typ: 'JWT' });
    expect(huge.overCookie).toBe(true);
    expect(huge.tokenBytesEstimate).toBeGreaterThan(4000);
  });

  it('treats org_* and the v2 claims as Clerk’s', () => {
    expect(isStandardClaim('org_role')).toBe(true);
    expect(isStandardClaim('sts')).toBe(true);
    expect(isStandardClaim('email')).toBe(false);
  });
});

describe('claimsDiff', () => {
  it('names added, removed and changed claims, per-token ones apart', () => {
    const before = { ...STANDARD, role: 'member', beta: true };
    const after = { ...STANDARD, iat: 2, exp: 62, jti: 'j2', role: 'admin', plan: 'pro' };
    expect(claimsDiff(before, after)).toEqual({
      added: ['plan'],
      removed: ['beta'],
      changed: ['role'],
      perToken: ['exp', 'iat', 'jti'],
    });
  });
  it('compares nested values by content; nothing before means no diff', () => {
    expect(claimsDiff({ o: { id: 'a' } }, { o: { id: 'a' } }).changed).toEqual([]);
    expect(claimsDiff({ o: { id: 'a' } }, { o: { id: 'b' } }).changed).toEqual(['o']);
    expect(claimsDiff(null, STANDARD)).toEqual({ added: [], removed: [], changed: [], perToken: [] });
  });
});
