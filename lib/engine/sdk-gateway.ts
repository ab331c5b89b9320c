/**
 * SdkGateway: the real @clerk/chrome-extension client (`createClerkClient({ background: true })`)
 * for the selected app in keep-alive mode. Facts it is built around (../../README.md, "Engine"):
 * - One copy of the SDK serves one app: it keeps module-level state (the base resource, the
 *   client, one token cache), so a second app's client would hijack the first. The engine holds
 *   at most one SdkGateway and disposes it when the selected app changes.
 * - Loading seeds the token cache from `last_active_token` and arms a timer that mints a token
 *   ~17 s before expiry, again and again while the worker lives. We want exactly the mints our
 *   alarm schedule asks for, so the cache is cleared after load and after each mint
 *   (`client.clearCache()` cancels that timer).
 * - `clerk.signOut()` throws `window is not defined` in a worker after its request; we call
 *   `client.removeSessions()` instead.
 * - An instance does not notice a session created after it loaded, nor a new client behind
 *   the sync cookie; the engine rebuilds it when either happens.
 * State is read by the DirectGateway (one `GET /v1/client`), which the SDK cannot do without
 * side effects.
 */
import { createClerkClient } from '@clerk/chrome-extension/client';
import type { Clerk } from '@clerk/clerk-js/no-rhc';
import { FapiError, toFapiError } from './fapi-errors';
import type { ClerkGateway, Timed } from './gateway';

type ClerkInstance = Clerk;

interface ClerkErrorLike {
  status?: number;
  errors?: Array<{ code?: string; message?: string; longMessage?: string }>;
  retryAfter?: number;
  message?: string;
}

function fromSdkError(error: unknown): FapiError {
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
    return new FapiError('network', `Clerk's Frontend API is unreachable (${e.message}).`);
  }
  return toFapiError(error);
}

export interface SdkGatewayOptions {
  publishableKey: string;
  syncHost: string | null;
  /** Reads state without side effects (the DirectGateway for the same app). */
  reader: ClerkGateway;
  now?: () => number;
}

export function createSdkGateway(options: SdkGatewayOptions): ClerkGateway {
  const now = options.now ?? Date.now;
  let loading: Promise<ClerkInstance> | null = null;

  async function load(): Promise<ClerkInstance> {
    // A static import: a dynamic one gets Vite's preload helper, which touches `document`,
    // which a service worker does not have.
    const clerk = (await createClerkClient({
      publishableKey: options.publishableKey,
      syncHost: options.syncHost ?? undefined,
      background: true,
    })) as unknown as ClerkInstance;
    clerk.client?.clearCache();
    return clerk;
  }

  function instance(): Promise<ClerkInstance> {
    loading ??= load().catch((error) => {
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
    readMultiSession: () => options.reader.readMultiSession(),
    otherDeviceSessions: (current, ids) => options.reader.otherDeviceSessions(current, ids),

    async mintToken(sessionId): Promise<Timed<string>> {
      const { clerk, session } = await sessionById(sessionId);
      const started = now();
      try {
        const jwt = await session.getToken({ skipCache: true });
        if (!jwt) throw new FapiError('unauthorized', 'Clerk returned no token: the session is no longer active.');
        return { value: jwt, localMidpoint: (started + now()) / 2, latencyMs: now() - started, serverDateMs: null };
      } catch (error) {
        throw fromSdkError(error);
      } finally {
        clerk.client?.clearCache();
      }
    },

    async removeAllSessions() {
      const clerk = await instance();
      try {
        await clerk.client?.removeSessions();
      } catch (error) {
        throw fromSdkError(error);
      } finally {
        clerk.client?.clearCache();
      }
    },

    async revokeSession(currentSessionId, sessionId) {
      const { clerk } = await sessionById(currentSessionId);
      try {
        const sessions = (await clerk.user?.getSessions()) ?? [];
        const target = sessions.find((s) => s.id === sessionId);
        if (!target) throw new FapiError('http', 'Clerk no longer lists this session as active.', 404);
        await target.revoke();
      } catch (error) {
        throw fromSdkError(error);
      }
    },

    dispose() {
      loading = null;
    },
  };
}
