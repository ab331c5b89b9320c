/**
 * The instance's JWKS for the token verdict: the worker's fetch (bounded in time and size) and a
 * per-host cache in the worker's memory (lost with the worker, which is cheap: one GET).
 *
 * The JWKS host comes from the app's publishable key, so it may be slow, hostile or down. The
 * fetch gets the same timeout as every Frontend API call (REQUEST_TIMEOUT_MS), enforced by our own
 * timer (a `fetch` that ignores its abort signal is abandoned all the same), and a body cap
 * (Clerk's JWKS is about 1 KB). The cache never asks again per token: a `kid` that a fresh set
 * did not contain is remembered as unknown for a while (another instance's tokens would
 * otherwise cost one fetch each), and a failed fetch backs off before the next try.
 */
import type { JSONWebKeySet } from 'jose';
import { REQUEST_TIMEOUT_MS } from '../engine/fapi-direct';
import { kidOf } from './token-verdict';

/** Clerk's JWKS holds one or two RSA keys (~1 KB); anything near this is not a JWKS. */
export const JWKS_MAX_BYTES = 64 * 1024;
export const JWKS_MAX_KEYS = 20;
/** A `kid` missing from a fresh set stays "unknown" this long (key rotation is rare). */
export const UNKNOWN_KID_TTL_MS = 10 * 60_000;
/** After a failed fetch (timeout, error, too large), no new try before this. */
export const JWKS_FAILURE_BACKOFF_MS = 60_000;

export type FetchJwks = (fapiHost: string) => Promise<JSONWebKeySet>;

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new Error(`JWKS larger than ${maxBytes} bytes`);
  if (!response.body) {
    const text = await response.text();
    if (text.length > maxBytes) throw new Error(`JWKS larger than ${maxBytes} bytes`);
    return text;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => {});
      throw new Error(`JWKS larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

function asJwks(value: unknown): JSONWebKeySet {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length > JWKS_MAX_KEYS || !keys.every((k) => typeof k === 'object' && k !== null)) {
    throw new Error('not a JWKS');
  }
  return { keys: keys as JSONWebKeySet['keys'] };
}

export interface JwksFetchOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
}

/** A JWKS fetch: no cookies, no identity (the set is public), bounded in time and bytes. */
export function createJwksFetch(options: JwksFetchOptions = {}): FetchJwks {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? JWKS_MAX_BYTES;
  return async (fapiHost) => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`JWKS: no answer in ${timeoutMs / 1000} s`));
      }, timeoutMs);
    });
    const work = (async () => {
      const response = await doFetch(`https://${fapiHost}/.well-known/jwks.json`, {
        credentials: 'omit',
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(`JWKS ${response.status}`);
      return asJwks(JSON.parse(await readCapped(response, maxBytes)));
    })();
    work.catch(() => {});
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The worker's JWKS fetch, over the global `fetch` (looked up at call time). */
export const fetchJwksOverHttp: FetchJwks = createJwksFetch();

/**
 * JWKS per Frontend API host. A token whose `kid` is not in the cached set re-fetches once (key
 * rotation); still unknown, the `kid` is remembered and the cached set answers until
 * UNKNOWN_KID_TTL_MS has passed. One fetch per host at a time; a failure backs off.
 */
export function createJwksCache(fetchJwks: FetchJwks, now: () => number = Date.now) {
  const cache = new Map<string, JSONWebKeySet>();
  const unknownKids = new Map<string, number>();
  const failedUntil = new Map<string, number>();
  const inflight = new Map<string, Promise<JSONWebKeySet | null>>();
  const has = (set: JSONWebKeySet | undefined, kid: string | null) =>
    set !== undefined && (kid === null || set.keys.some((k) => k.kid === kid));

  function refetch(fapiHost: string): Promise<JSONWebKeySet | null> {
    const running = inflight.get(fapiHost);
    if (running) return running;
    const run = (async () => {
      try {
        const fresh = await fetchJwks(fapiHost);
        if (!Array.isArray(fresh?.keys)) throw new Error('no keys');
        cache.set(fapiHost, fresh);
        failedUntil.delete(fapiHost);
        return fresh;
      } catch {
        failedUntil.set(fapiHost, now() + JWKS_FAILURE_BACKOFF_MS);
        return cache.get(fapiHost) ?? null;
      } finally {
        inflight.delete(fapiHost);
      }
    })();
    inflight.set(fapiHost, run);
    return run;
  }

  return {
    async forToken(fapiHost: string, token: string): Promise<JSONWebKeySet | null> {
      const kid = kidOf(token);
      const cached = cache.get(fapiHost);
      if (cached && has(cached, kid)) return cached;
      const kidKey = `${fapiHost}\n${kid}`;
      if (cached && (unknownKids.get(kidKey) ?? 0) > now()) return cached;
      if ((failedUntil.get(fapiHost) ?? 0) > now()) return cached ?? null;
      const fresh = await refetch(fapiHost);
      if (fresh && !has(fresh, kid)) unknownKids.set(kidKey, now() + UNKNOWN_KID_TTL_MS);
      return fresh;
    },
    clear: () => {
      cache.clear();
      unknownKids.clear();
      failedUntil.clear();
    },
  };
}
