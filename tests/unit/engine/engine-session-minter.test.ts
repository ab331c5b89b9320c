/**
 * Issue 20 item 6 (Session Minter part): on an instance whose environment says
 * `auth_config.session_minter`, every keep-alive mint carries the session's previous token, as
 * clerk-js 6.40 sends it (FakeClerk refuses a mint without it, as the emulator does). Off, the
 * shape says so and no token goes along.
 */
import { describe, expect, it } from 'vitest';
import { MIN } from './builders';
import { setup } from './harness';

describe('mints on a Session Minter instance', () => {
  it('each mint carries the previous token (the first from the read, the next from the last mint); none is refused', async () => {
    const h = await setup({
      clerk: (c) => {
        c.sessionMinter = true;
        c.signIn();
      },
    });
    await h.engine.start();
    await h.runAlarmsUntil(h.clock.now + 5 * MIN);
    expect(h.clerk.counts.mintToken).toBeGreaterThan(3);
    expect((await h.snapshot())?.setup).toMatchObject({ mint: { ok: true }, environment: { sessionMinter: true } });
    expect(h.clerk.mintShapes.every((s) => s?.sessionMinter === true && typeof s.previousToken === 'string')).toBe(true);
    // Each mint names the token the one before it produced.
    const tokens = h.clerk.mintShapes.map((s) => s?.previousToken);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('without the minter: the shape says off (the gateway sends no token)', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    await h.runAlarmsUntil(h.clock.now + 2 * MIN);
    expect(h.clerk.mintShapes.length).toBeGreaterThan(0);
    expect(h.clerk.mintShapes.every((s) => s?.sessionMinter !== true)).toBe(true);
  });
});
