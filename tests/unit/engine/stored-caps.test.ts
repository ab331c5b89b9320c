/**
 * Issue 19, item 10: every string that comes from a server or a page and is stored has a
 * per-field length cap, so a hostile Frontend API host cannot fill `storage.session` (10 MB for
 * the whole extension) through one snapshot.
 */
import { describe, expect, it } from 'vitest';
import { jsonBytes } from '../../../lib/limits';
import { capStored, STORED_CAPS } from '../../../lib/stored-caps';
import { setup } from './harness';

const HUGE = 'x'.repeat(300_000);

describe('a hostile server’s strings are capped where the snapshot is stored', () => {
  it('a 300 KB e-mail and user id: the stored snapshot stays small, every field within its cap', async () => {
    const h = await setup({
      clerk: (c) => {
        c.signIn('sess_1', `user_${HUGE}`, `${HUGE}@example.com`);
      },
    });
    await h.engine.start();
    const snapshot = await h.snapshot();
    expect(snapshot?.sessions).toHaveLength(1);
    expect(jsonBytes(snapshot)).toBeLessThan(40_000);
    const user = snapshot?.sessions[0]?.user;
    expect(user?.email?.length).toBeLessThanOrEqual(STORED_CAPS.email);
    expect(user?.id.length).toBeLessThanOrEqual(STORED_CAPS.id);
    // The claims of the token Clerk minted carry the user id (`sub`) too.
    expect(String(snapshot?.token?.claims.sub).length).toBeLessThanOrEqual(STORED_CAPS.claim);
  });
});

describe('capStored', () => {
  it('caps strings by field, counts of arrays and keys, and depth', () => {
    const capped = capStored({
      status: HUGE,
      message: HUGE,
      other: HUGE,
      list: Array.from({ length: 5000 }, (_, i) => i),
      claims: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`c${i}`, HUGE])),
      deep: { a: { b: { c: { d: { e: { f: { g: { h: { i: 'too deep' } } } } } } } } },
    }) as Record<string, unknown>;
    expect((capped.status as string).length).toBe(STORED_CAPS.status);
    expect((capped.message as string).length).toBe(STORED_CAPS.message);
    expect((capped.other as string).length).toBe(STORED_CAPS.default);
    expect((capped.list as unknown[]).length).toBe(STORED_CAPS.arrayItems);
    expect(Object.keys(capped.claims as object).length).toBe(STORED_CAPS.claimKeys);
    expect(JSON.stringify(capped.deep)).not.toContain('too deep');
    expect(jsonBytes(capped)).toBeLessThan(300_000);
  });

  it('keeps a claim of up to 4 KB whole: the claims budget measures it from the stored snapshot', () => {
    // A 1.4 KB claim cut to the default 1000 chars hid the claims-budget finding (diagnostics e2e).
    const claims = { permissions: 'p'.repeat(1400), sub: 'user_1' };
    const capped = capStored({ token: { claims }, previousTokenClaims: claims }) as {
      token: { claims: typeof claims };
      previousTokenClaims: typeof claims;
    };
    expect(capped.token.claims.permissions).toHaveLength(1400);
    expect(capped.previousTokenClaims.permissions).toHaveLength(1400);
    expect((capStored({ claims: { big: HUGE } }) as { claims: { big: string } }).claims.big.length).toBe(STORED_CAPS.claim);
  });

  it('leaves ordinary data as it is', () => {
    const value = { id: 'sess_1', status: 'active', user: { email: 'ada@example.com' }, n: 3, ok: true, none: null };
    expect(capStored(value)).toEqual(value);
  });
});
