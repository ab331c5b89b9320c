// @vitest-environment node
/**
 * The JWKS fetch and cache (lib/diagnostics/jwks.ts): bounded in time and bytes, and never one
 * fetch per token (issue 19 item 2). Fake timers for the timeout; a fake fetch throughout.
 */
import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createJwksCache,
  createJwksFetch,
  JWKS_FAILURE_BACKOFF_MS,
  JWKS_MAX_BYTES,
  UNKNOWN_KID_TTL_MS,
} from '../../../lib/diagnostics/jwks';
import { REQUEST_TIMEOUT_MS } from '../../../lib/engine/fapi-direct';

const FAPI = 'inspector-emu.clerk.accounts.dev';
let jwks: JSONWebKeySet;
let sign: (kid: string) => Promise<string>;

beforeAll(async () => {
  const own = await generateKeyPair('RS256');
  jwks = { keys: [{ ...(await exportJWK(own.publicKey)), kid: 'ins_own', alg: 'RS256', use: 'sig' }] };
  sign = (kid) => new SignJWT({ sub: 'user_1' }).setProtectedHeader({ alg: 'RS256', kid }).sign(own.privateKey);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createJwksCache', () => {
  it('fetches once, serves a known kid from memory, re-fetches once on an unknown kid', async () => {
    const fetchJwks = vi.fn(async () => jwks);
    const cache = createJwksCache(fetchJwks);
    const own = await sign('ins_own');
    expect(await cache.forToken(FAPI, own)).toBe(jwks);
    expect(await cache.forToken(FAPI, own)).toBe(jwks);
    expect(fetchJwks).toHaveBeenCalledTimes(1);
    await cache.forToken(FAPI, await sign('ins_rotated'));
    expect(fetchJwks).toHaveBeenCalledTimes(2);
  });

  it('remembers an unknown kid: many tokens of another instance cost one fetch, until the memory lapses', async () => {
    const clock = { now: 1_000 };
    const fetchJwks = vi.fn(async () => jwks);
    const cache = createJwksCache(fetchJwks, () => clock.now);
    await cache.forToken(FAPI, await sign('ins_own'));
    const stranger = await sign('ins_stranger');
    for (let i = 0; i < 20; i++) expect(await cache.forToken(FAPI, stranger)).toBe(jwks);
    expect(fetchJwks).toHaveBeenCalledTimes(2);
    clock.now += UNKNOWN_KID_TTL_MS + 1;
    await cache.forToken(FAPI, stranger);
    expect(fetchJwks).toHaveBeenCalledTimes(3);
  });

  it('backs off after a failed fetch, and gives null when there never was a set', async () => {
    const clock = { now: 1_000 };
    const fetchJwks = vi.fn(async (): Promise<JSONWebKeySet> => {
      throw new Error('offline');
    });
    const cache = createJwksCache(fetchJwks, () => clock.now);
    const token = await sign('ins_own');
    for (let i = 0; i < 5; i++) expect(await cache.forToken(FAPI, token)).toBeNull();
    expect(fetchJwks).toHaveBeenCalledTimes(1);
    clock.now += JWKS_FAILURE_BACKOFF_MS + 1;
    fetchJwks.mockResolvedValue(jwks);
    expect(await cache.forToken(FAPI, token)).toBe(jwks);
    expect(fetchJwks).toHaveBeenCalledTimes(2);
  });

  it('keeps the cached set when a re-fetch fails', async () => {
    const fetchJwks = vi.fn(async () => jwks);
    const cache = createJwksCache(fetchJwks);
    await cache.forToken(FAPI, await sign('ins_own'));
    fetchJwks.mockRejectedValue(new Error('offline'));
    expect(await cache.forToken(FAPI, await sign('ins_new'))).toBe(jwks);
    expect(await cache.forToken('other.clerk.accounts.dev', await sign('ins_own'))).toBeNull();
  });

  it('one fetch per host at a time: tokens verified together share it', async () => {
    let release: (set: JSONWebKeySet) => void = () => {};
    const fetchJwks = vi.fn(() => new Promise<JSONWebKeySet>((resolve) => (release = resolve)));
    const cache = createJwksCache(fetchJwks);
    const token = await sign('ins_own');
    const both = Promise.all([cache.forToken(FAPI, token), cache.forToken(FAPI, token)]);
    release(jwks);
    expect(await both).toEqual([jwks, jwks]);
    expect(fetchJwks).toHaveBeenCalledTimes(1);
  });
});

describe('createJwksFetch', () => {
  it('asks the instance’s public JWKS URL without credentials', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify(jwks)));
    expect(await createJwksFetch({ fetch })(FAPI)).toEqual(jwks);
    expect(fetch).toHaveBeenCalledWith(`https://${FAPI}/.well-known/jwks.json`, expect.objectContaining({ credentials: 'omit' }));
  });

  it('gives up after the request timeout, even when the fetch ignores its abort signal', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let signal: AbortSignal | undefined;
    const fetch = vi.fn((_url: string, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return new Promise<Response>(() => {});
    });
    const result = createJwksFetch({ fetch: fetch as unknown as typeof globalThis.fetch })(FAPI).then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toMatch(/no answer in 10 s/);
    expect(signal?.aborted).toBe(true);
  });

  it('refuses a body over the cap, declared or streamed, and what is not a JWKS', async () => {
    const big = `{"keys":[],"pad":"${'x'.repeat(JWKS_MAX_BYTES)}"}`;
    const declared = vi.fn(async () => new Response('{}', { headers: { 'content-length': String(JWKS_MAX_BYTES + 1) } }));
    await expect(createJwksFetch({ fetch: declared })(FAPI)).rejects.toThrow(/larger than/);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode(big.slice(0, 16 * 1024)));
      },
    });
    const streamed = vi.fn(async () => new Response(stream));
    await expect(createJwksFetch({ fetch: streamed })(FAPI)).rejects.toThrow(/larger than/);
    // It stopped reading at the cap instead of reading an endless body.
    expect(pulled).toBeLessThan(10);
    const notJwks = vi.fn(async () => new Response('{"keys":"nope"}'));
    await expect(createJwksFetch({ fetch: notJwks })(FAPI)).rejects.toThrow(/not a JWKS/);
    const status = vi.fn(async () => new Response('down', { status: 503 }));
    await expect(createJwksFetch({ fetch: status })(FAPI)).rejects.toThrow(/503/);
  });
});
