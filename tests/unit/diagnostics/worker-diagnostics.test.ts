/**
 * The diagnostics in the worker: the real engine over FakeClerk with the real `createDiagnose`,
 * fed a fake JWKS fetch and a fake cookie jar. The verdict follows the token, the raw token never
 * reaches storage, a failing diagnosis never fails a sync.
 */
import { describe, expect, it, vi } from 'vitest';
import type { RawCookie } from '../../../lib/diagnostics/cookies';
import { withDiagnostics } from '../../../lib/diagnostics/snapshot-diagnostics';
import { createDiagnose } from '../../../lib/diagnostics/worker-diagnose';
import { cookieSuffix } from '../../../lib/engine/identity';
import { publishableKeyFor } from '../../../lib/publishable-key';
import { appsItem } from '../../../lib/storage';
import { MIN, snapshot, T0, testApp, tokenInfoAt } from '../engine/builders';
import { setup } from '../engine/harness';

function jar(cookies: RawCookie[]) {
  return vi.fn(async (_urls: string[]) => cookies);
}

describe('diagnostics in the engine', () => {
  it('a verdict per new token (unsigned fake tokens: unknown kid), carried while the token stays, never the raw token in storage', async () => {
    const fetchJwks = vi.fn(async () => ({ keys: [] }));
    const readHostCookies = jar([]);
    const h = await setup({
      clerk: (c) => c.signIn(),
      diagnose: createDiagnose({ now: () => T0, fetchJwks, readHostCookies, loadApps: () => appsItem.getValue() }),
    });
    await h.engine.start();
    await h.engine.verdictsSettled();
    const first = await h.snapshot();
    expect(first?.tokenVerdict?.accepted).toBe(false);
    expect(first?.tokenVerdict?.reasons.map((r) => r.code)).toContain('unknown-kid');
    expect(first?.tokenVerdict?.tokenKey).toBe(first?.token?.claims.jti);
    expect(readHostCookies).toHaveBeenCalledWith([h.app.syncHost, expect.stringMatching(/^https:\/\/.+\.clerk\.accounts\.dev$/)]);
    expect(first?.cookieReport).toMatchObject({ cookies: [], findings: [] });

    const raw = (await h.engine.copyToken(h.app.id)).token ?? '';
    expect(raw.split('.')).toHaveLength(3);
    expect(JSON.stringify(first)).not.toContain(raw);

    // Next mint: a new token, a new verdict, the previous claims kept for the diff.
    await h.runAlarmsUntil(h.clock.now + 2 * MIN);
    await h.engine.verdictsSettled();
    const later = await h.snapshot();
    expect(later?.token?.claims.jti).not.toBe(first?.token?.claims.jti);
    expect(later?.tokenVerdict?.tokenKey).toBe(later?.token?.claims.jti);
    expect(later?.previousTokenClaims?.jti).toBeDefined();
    expect(later?.previousTokenClaims?.jti).not.toBe(later?.token?.claims.jti);
  });

  it('a throwing diagnosis leaves the sync good', async () => {
    const h = await setup({
      clerk: (c) => c.signIn(),
      diagnose: () => ({
        verifyToken: async () => {
          throw new Error('boom');
        },
        cookies: async () => {
          throw new Error('no cookies');
        },
      }),
    });
    await h.engine.start();
    expect(await h.snapshot()).toMatchObject({ stale: false, error: null, currentSessionId: 'sess_1', tokenVerdict: null });
  });

  it('cookie report: another configured app’s suffix is named', async () => {
    const other = testApp({
      id: 'other',
      label: 'second app',
      publishableKey: publishableKeyFor('brave-lynx-7.clerk.accounts.dev', 'development'),
    });
    const app = testApp();
    const otherSuffix = await cookieSuffix(other.publishableKey);
    const mine = await cookieSuffix(app.publishableKey);
    const cookies: RawCookie[] = [`__session_${mine}`, `__session_${otherSuffix}`].map((name) => ({
      name,
      value: 'x',
      domain: 'localhost',
      path: '/',
      sameSite: 'lax',
      secure: false,
      httpOnly: false,
    }));
    const h = await setup({
      apps: [app, other],
      clerk: (c) => c.signIn(),
      diagnose: createDiagnose({
        now: () => T0,
        fetchJwks: async () => ({ keys: [] }),
        readHostCookies: jar(cookies),
        loadApps: () => appsItem.getValue(),
      }),
    });
    await h.engine.refresh(app.id, 'manual');
    const report = (await h.snapshot(app.id))?.cookieReport;
    expect(report?.findings.map((f) => f.id)).toEqual(['cookie-other-instance']);
    expect(report?.cookies.find((c) => c.suffix === otherSuffix)?.owner).toEqual({ kind: 'other-app', label: 'second app' });
  });
});

describe('withDiagnostics', () => {
  const diagnose = () => ({
    verifyToken: vi.fn(async () => ({ accepted: true, reasons: [] })),
    cookies: vi.fn(async () => null),
  });
  it('does not verify again for the same token, and verifies nothing without the raw token', async () => {
    const d = diagnose();
    const token = tokenInfoAt(T0);
    const prev = snapshot({
      token,
      tokenVerdict: { accepted: true, reasons: [], checkedAt: 1, tokenKey: String(token.claims.jti) },
    });
    const next = await withDiagnostics(snapshot({ token }), prev, 'raw', d);
    expect(d.verifyToken).not.toHaveBeenCalled();
    expect(next.snapshot.tokenVerdict?.checkedAt).toBe(1);
    expect(next.pendingVerdict).toBeNull();
    const later = tokenInfoAt(T0 + MIN);
    const other = { ...later, claims: { ...later.claims, jti: 'jti_y' } };
    const without = await withDiagnostics(snapshot({ token: other }), prev, null, d);
    expect(without.snapshot.tokenVerdict).toBeNull();
    expect(without.pendingVerdict).toBeNull();
  });
  it('signed out: no verdict, no previous claims', async () => {
    const prev = snapshot({ token: tokenInfoAt(T0), previousTokenClaims: { a: 1 } });
    const next = await withDiagnostics(snapshot({ token: null }), prev, null, diagnose());
    expect(next.snapshot).toMatchObject({ tokenVerdict: null, previousTokenClaims: null });
    expect(next.pendingVerdict).toBeNull();
  });
});
