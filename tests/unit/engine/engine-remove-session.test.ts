/** Signing one session out from its row: only that session ends, the re-read shows it, the SDK is rebuilt. */
import { describe, expect, it } from 'vitest';
import { setup } from './harness';

describe('remove one session', () => {
  it('ends only that session of this client and publishes the re-read', async () => {
    const h = await setup({
      clerk: (c) => {
        c.multiSession = true;
        c.signIn('sess_1', 'user_1', 'ada@example.com');
        c.signIn('sess_2', 'user_2', 'grace@example.com');
      },
    });
    await h.engine.start();
    const disposed = h.clerk.disposed;
    const after = await h.engine.removeSession(h.app.id, 'sess_1');
    expect(h.clerk.counts.removeSession).toBe(1);
    expect(h.clerk.counts.removeAllSessions).toBe(0);
    expect(h.clerk.session('sess_1')?.status).toBe('removed');
    expect(h.clerk.session('sess_2')?.status).toBe('active');
    expect(after?.sessions.find((s) => s.id === 'sess_2')?.status).toBe('active');
    expect((await h.snapshot())?.lastRefresh?.trigger).toBe('sign-out');
    expect(h.clerk.disposed).toBeGreaterThanOrEqual(disposed);
  });

  it('refuses a session that is not on this client, without a request', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    await expect(h.engine.removeSession(h.app.id, 'sess_other')).rejects.toThrow(/not on this browser/);
    expect(h.clerk.counts.removeSession).toBe(0);
  });
});
