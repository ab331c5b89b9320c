/**
 * Issue 20 item 6 (the Session Minter part), end to end: an instance whose environment says
 * `auth_config.session_minter` refuses a mint without the previous token (the emulator's rule,
 * tests/emulator/session-minter.ts). The real clerk-js of the demo page and the real SDK in the
 * extension's worker both send it (`token`, with `force_origin` on a skip-cache mint), and
 * neither needs the `?expired_token=` retry even while Clerk would demand the previous token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionRequests, isTokenRequest } from './scenario-helpers';
import { startSignedInWorld, type World } from './world';

describe('Session Minter instance: mints carry the previous token', () => {
  let world: World;
  let sessionId: string;
  beforeAll(async () => {
    ({ world, sessionId } = await startSignedInWorld({ sessionMinter: true, tokenLifetimeMs: 8_000 }, { setUp: true }));
  });
  afterAll(async () => {
    await world?.close();
  });

  it('the page (clerk-js) and the extension mint with the previous token in the body, and Clerk accepts every mint', async () => {
    const first = (await world.snapshot())?.token?.claims.jti;
    const s = await world.waitForSnapshot(
      (x) => x.token?.mintedBy === 'extension' && x.token.claims.jti !== first && x.setup.mint?.ok === true,
      30_000,
    );
    expect(s.setup.environment?.sessionMinter).toBe(true);
    expect(s.currentSessionId).toBe(sessionId);
    const mints = await extensionRequests(world, isTokenRequest);
    expect(mints.length).toBeGreaterThanOrEqual(2);
    for (const m of mints) {
      expect(m.status).toBe(200);
      expect(m.bodyKeys).toEqual(expect.arrayContaining(['organization_id', 'token', 'force_origin']));
      expect(m.query.expired_token).toBeUndefined();
    }
    const pageMints = (await world.emulator.control.requests({ source: 'page' })).filter(isTokenRequest);
    for (const m of pageMints) {
      expect(m.status).toBe(200);
      expect(m.bodyKeys).toContain('token');
    }
  });

  it('while Clerk demands the previous token (missing_expired_token), the body meets it: no refusal, no retry', async () => {
    const since = (await world.emulator.control.requests()).at(-1)?.seq ?? 0;
    await world.emulator.control.setSettings({ requireExpiredTokenOnMint: 3 });
    try {
      await expect
        .poll(async () => (await extensionRequests(world, (r) => isTokenRequest(r) && r.seq > since)).length, { timeout: 30_000 })
        .toBeGreaterThanOrEqual(2);
      const mints = await extensionRequests(world, (r) => isTokenRequest(r) && r.seq > since);
      expect(mints.every((m) => m.status === 200 && m.query.expired_token === undefined)).toBe(true);
      expect((await world.emulator.control.getSettings()).requireExpiredTokenOnMint).toBe(3);
      expect((await world.snapshot())?.setup.mint?.ok).toBe(true);
    } finally {
      await world.emulator.control.setSettings({ requireExpiredTokenOnMint: 0 });
    }
  });
});
