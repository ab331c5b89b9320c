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

/** The real timer, taken before the fake ones are installed. */
const realSetTimeout = globalThis.setTimeout;

/**
 * Waits until `cond` holds, moving the fake clock 1 ms per round but never past `fakeBudgetMs`,
 * and yielding real time too: parts of a sync are real asynchronous work (WebCrypto digests of
 * the cookie suffix) that no fake clock moves. The real deadline is only a guard against a hang
 * (it makes the test fail, it is not what the test measures): what is asserted is that `cond`
 * came true before the fake clock reached the budget, i.e. before the JWKS request timed out.
 */
async function until(cond: () => boolean | Promise<boolean>, fakeBudgetMs: number): Promise<{ ok: boolean; fakeMs: number }> {
  const guard = Date.now() + 60_000;
  let fakeMs = 0;
  while (!(await cond())) {
    if (Date.now() > guard) return { ok: false, fakeMs };
    if (fakeMs < fakeBudgetMs) {
      await vi.advanceTimersByTimeAsync(1);
      fakeMs += 1;
    }
    await new Promise((r) => realSetTimeout(r, 2));
  }
  return { ok: true, fakeMs };
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
    // Well before the JWKS request's own timeout: the sign-out must not wait for the JWKS at all.
    const waited = await until(() => signOut.done, REQUEST_TIMEOUT_MS / 2);
    expect(waited.ok).toBe(true);
    expect(waited.fakeMs).toBeLessThan(REQUEST_TIMEOUT_MS / 2);
    expect(jwksRequests).toBe(1);
    expect(refresh.done).toBe(true);
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
    expect((await until(() => refresh.done && jwksRequests === 1, REQUEST_TIMEOUT_MS / 2)).ok).toBe(true);
    // Still waiting for the JWKS: the snapshot is published without a verdict.
    expect((await h.snapshot())?.tokenVerdict ?? null).toBeNull();
    // The request timeout passes: the verdict says the JWKS could not be read.
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    const verdictOf = async () => (await h.snapshot())?.tokenVerdict ?? null;
    expect((await until(async () => (await verdictOf()) !== null, 0)).ok).toBe(true);
    expect((await verdictOf())?.reasons.map((r) => r.code)).toContain('jwks-unavailable');
    expect((await verdictOf())?.tokenKey).toBe((await h.snapshot())?.token?.claims.jti);
    // The next token of the same instance, within the failure back-off: no new JWKS request.
    const next = settled(h.engine.refresh(h.app.id, 'manual', 'always'));
    const firstKey = (await verdictOf())?.tokenKey;
    expect(
      (await until(async () => next.done && (await verdictOf())?.tokenKey !== firstKey && (await verdictOf()) !== null, 0)).ok,
    ).toBe(true);
    expect((await verdictOf())?.reasons.map((r) => r.code)).toContain('jwks-unavailable');
    expect(jwksRequests).toBe(1);
  });
});
