/**
 * Issue 19 item 2: a JWKS host that never answers must not hold the app's operation queue. The
 * real engine over FakeClerk, with the worker's own JWKS fetch (`fetchJwksOverHttp`) over a
 * `fetch` that never settles (it even ignores its abort signal), on fake timers: no wall-clock
 * bound anywhere, only states after the clock was moved.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchJwksOverHttp } from '../../../lib/diagnostics/jwks';
import { createDiagnose } from '../../../lib/diagnostics/worker-diagnose';
import { REQUEST_TIMEOUT_MS } from '../../../lib/engine/fapi-direct';
import { appsItem } from '../../../lib/storage';
import { T0 } from '../engine/builders';
import { setup } from '../engine/harness';

function settled<T>(promise: Promise<T>) {
  const state = { done: false, value: undefined as T | undefined, error: undefined as unknown };
  promise.then(
    (value) => {
      state.done = true;
      state.value = value;
    },
    (error) => {
      state.done = true;
      state.error = error;
    },
  );
  return state;
}

/**
 * Moves the fake clock in small steps: the engine's storage calls chain many promises around
 * zero-delay timers, and one big jump would stop before the chain has scheduled its next timer.
 */
async function pump(ms: number, step = 50) {
  for (let t = 0; t < ms; t += step) await vi.advanceTimersByTimeAsync(Math.min(step, ms - t));
}

describe('a JWKS host that never answers', () => {
  let jwksRequests = 0;
  beforeEach(() => {
    jwksRequests = 0;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // Hangs forever, and ignores the abort signal too: only our own timer can end the wait.
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) => {
        if (String(url).includes('/.well-known/jwks.json')) jwksRequests += 1;
        return new Promise<Response>(() => {});
      }),
    );
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('a sign-out queued behind the refresh still reaches Clerk, and the verdict gives up after the request timeout', async () => {
    const h = await setup({
      clerk: (c) => c.signIn(),
      diagnose: createDiagnose({
        now: () => T0,
        fetchJwks: fetchJwksOverHttp,
        readHostCookies: async () => [],
        loadApps: () => appsItem.getValue(),
      }),
    });
    const refresh = settled(h.engine.refresh(h.app.id, 'manual', 'always'));
    const signOut = settled(h.engine.signOutAll(h.app.id, 'this-browser'));
    // Less than the request timeout: the sign-out must not wait for the JWKS at all.
    await pump(REQUEST_TIMEOUT_MS / 2);
    expect(jwksRequests).toBe(1);
    expect(refresh.done).toBe(true);
    expect(signOut.done).toBe(true);
    expect(signOut.error).toBeUndefined();
    expect(h.clerk.counts.removeAllSessions).toBe(1);
    expect(await h.snapshot()).toMatchObject({ currentSessionId: null });
  });

  it('the verdict says the JWKS could not be read once the request timeout has passed, and no second fetch follows per token', async () => {
    const h = await setup({
      clerk: (c) => c.signIn(),
      diagnose: createDiagnose({
        now: () => T0,
        fetchJwks: fetchJwksOverHttp,
        readHostCookies: async () => [],
        loadApps: () => appsItem.getValue(),
      }),
    });
    const refresh = settled(h.engine.refresh(h.app.id, 'manual', 'always'));
    await pump(REQUEST_TIMEOUT_MS / 2);
    expect(refresh.done).toBe(true);
    expect(jwksRequests).toBe(1);
    // Still waiting for the JWKS: no verdict yet, and the snapshot is published without one.
    expect((await h.snapshot())?.tokenVerdict ?? null).toBeNull();
    await pump(REQUEST_TIMEOUT_MS / 2 + 100);
    await h.engine.verdictsSettled();
    const verdict = (await h.snapshot())?.tokenVerdict;
    expect(verdict?.reasons.map((r) => r.code)).toContain('jwks-unavailable');
    expect(verdict?.tokenKey).toBe((await h.snapshot())?.token?.claims.jti);
    // The next token of the same instance within the failure back-off: no new JWKS request.
    const next = settled(h.engine.refresh(h.app.id, 'manual', 'always'));
    await pump(REQUEST_TIMEOUT_MS + 100);
    expect(next.done).toBe(true);
    await h.engine.verdictsSettled();
    expect((await h.snapshot())?.tokenVerdict?.reasons.map((r) => r.code)).toContain('jwks-unavailable');
    expect(jwksRequests).toBe(1);
  });
});
