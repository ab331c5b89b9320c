/**
 * SdkGateway: the real @clerk/chrome-extension client (`createClerkClient({ background: true })`)
 * mints the tokens of the selected app in keep-alive mode. Everything else (reads, sign-out,
 * revokes) goes through the DirectGateway it is given, which makes exactly one request per call.
 * Facts it is built around (../../README.md, "Engine"):
 * - One copy of the SDK serves one app: it keeps module-level state (the base resource, the
 *   client, one token cache), so a second app's client would hijack the first. The engine holds
 *   at most one SdkGateway and disposes it when the selected app changes.
 * - Identity: the SDK's own sync (`syncHost`) reads the unsuffixed `__clerk_db_jwt`, which another
 *   Clerk app on the same host may own, and its default store keeps the raw client JWT in
 *   `chrome.storage.local`, on disk. So it gets no `syncHost` and a `storageCache` that answers
 *   with the identity identity.ts picks (the app's own suffixed cookie first) and writes nothing:
 *   the SDK and the direct reader are always the same client, and nothing lands on disk.
 * - Loading seeds the token cache from `last_active_token` and arms a timer that mints a token
 *   ~17 s before expiry, again and again while the worker lives. We want exactly the mints our
 *   alarm schedule asks for, so the cache is cleared after load and after each mint
 *   (`client.clearCache()` cancels that timer).
 * - clerk-js retries a mint refused with 422 `missing_expired_token` with `?expired_token=` itself.
 * - Nothing in the SDK has a timeout: a hung load or mint would hold the refresh (and a sign-out
 *   queued behind it) forever, so each call gets the same limit as a direct request.
 * - An instance does not notice a session created after it loaded, nor a new client behind
 *   the cookie; the engine rebuilds it when either happens.
 */
import { createClerkClient } from '@clerk/chrome-extension/client';
import type { Clerk } from '@clerk/clerk-js/no-rhc';
import { REQUEST_TIMEOUT_MS } from './fapi-direct';
import { FapiError, toFapiError } from './fapi-errors';
import type { ClerkGateway, Timed } from './gateway';

interface ClerkErrorLike {
  status?: number;
  errors?: Array<{ code?: string; message?: string; longMessage?: string }>;
  retryAfter?: number;
  message?: string;
}

function fromSdkError(error: unknown): FapiError {
  if (error instanceof FapiError) return error;
  const e = error as ClerkErrorLike;
  if (typeof e?.status === 'number') {
    const first = e.errors?.[0];
    const detail = (first?.longMessage || first?.message || e.message)?.replace(/\.$/, '');
    const kind = e.status === 429 ? 'rate-limited' : e.status === 401 ? 'unauthorized' : 'http';
    return new FapiError(
      kind,
      `Clerk answered ${e.status}${detail ? `: ${detail}` : ''}.`,
      e.status,
      e.retryAfter ? e.retryAfter * 1000 : undefined,
      first?.code,
    );
  }
  if (typeof e?.message === 'string' && /network error|failed to fetch/i.test(e.message)) {
    // clerk-js names the URL, identity included; FapiError redacts it.
    return new FapiError('network', `Clerk's Frontend API is unreachable (${e.message}).`);
  }
  return toFapiError(error);
}

/** Rejects with a `timeout` FapiError after `ms`; the SDK call itself cannot be cancelled. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FapiError('timeout', `The Clerk SDK did not finish ${what} in ${ms / 1000} s.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface SdkGatewayOptions {
  publishableKey: string;
  /** The app's identity, as identity.ts reads it (null: no client in this browser). */
  readIdentity: () => Promise<string | null>;
  /** Reads and sign-outs: the DirectGateway for the same app. */
  reader: ClerkGateway;
  now?: () => number;
  timeoutMs?: number;
}

export function createSdkGateway(options: SdkGatewayOptions): ClerkGateway {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  let loading: Promise<Clerk> | null = null;

  // The SDK's storage: reads answer with the app's cookie, writes go nowhere (see the header).
  const storageCache = {
    createKey: (...keys: string[]) => keys.filter(Boolean).join('|'),
    get: async <T>() => ((await options.readIdentity()) ?? undefined) as T | undefined,
    set: async () => {},
    remove: async () => {},
  };

  async function load(): Promise<Clerk> {
    // A static import: a dynamic one gets Vite's preload helper, which touches `document`,
    // which a service worker does not have.
    const clerk = (await createClerkClient({
      publishableKey: options.publishableKey,
      background: true,
      storageCache,
    })) as unknown as Clerk;
    clerk.client?.clearCache();
    return clerk;
  }

  function instance(): Promise<Clerk> {
    loading ??= withTimeout(load(), timeoutMs, 'loading').catch((error) => {
      loading = null;
      throw fromSdkError(error);
    });
    return loading;
  }

  async function sessionById(sessionId: string) {
    let clerk = await instance();
    let session = clerk.client?.sessions.find((s) => s.id === sessionId);
    if (!session) {
      // The session appeared after this instance loaded: only a new instance sees it.
      loading = null;
      clerk = await instance();
      session = clerk.client?.sessions.find((s) => s.id === sessionId);
    }
    if (!session)
      throw new FapiError('unauthorized', 'The Clerk SDK does not see this session (it ended or belongs to another client).');
    return { clerk, session };
  }

  return {
    readClient: () => options.reader.readClient(),
    readEnvironment: () => options.reader.readEnvironment(),
    otherDeviceSessions: (current, ids) => options.reader.otherDeviceSessions(current, ids),
    removeAllSessions: () => options.reader.removeAllSessions(),
    removeSession: (id) => options.reader.removeSession(id),
    revokeSession: (current, id) => options.reader.revokeSession(current, id),

    async mintToken(sessionId, shape): Promise<Timed<string>> {
      const { clerk, session } = await sessionById(sessionId);
      const started = now();
      try {
        // clerk-js sends `organization_id` with every mint (its in-memory organization, stale
        // here when this instance loaded before the app's last setActive), and Clerk makes it the
        // active one. So the session learns the organization of the latest read first, as
        // clerk-js's own setActive does (gateway.ts); the mint then dispatches and
        // caches as usual, since it is for the session's own organization.
        const organizationId = shape?.organizationId;
        if (organizationId !== undefined && session.lastActiveOrganizationId !== organizationId) {
          session.lastActiveOrganizationId = organizationId;
        }
        const jwt = await withTimeout(session.getToken({ skipCache: true }), timeoutMs, 'a token mint');
        if (!jwt) throw new FapiError('unauthorized', 'Clerk returned no token: the session is no longer active.');
        return { value: jwt, localMidpoint: (started + now()) / 2, latencyMs: now() - started, serverDateMs: null };
      } catch (error) {
        // A hung instance is dropped: the next mint builds a new one.
        if (error instanceof FapiError && error.kind === 'timeout') loading = null;
        throw fromSdkError(error);
      } finally {
        clerk.client?.clearCache();
      }
    },

    dispose() {
      loading = null;
    },
  };
}
