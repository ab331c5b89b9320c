/**
 * DirectGateway: talks to the Frontend API with plain `fetch`, exactly one request per call,
 * as the same client as the app (see identity.ts). Used for reading state in every mode and for
 * everything in observe mode, because loading the Clerk SDK seeds its token cache and arms a
 * timer that mints tokens on its own: observe mode must never mint or touch.
 *
 * Requests mirror the SDK's: `credentials: 'omit'`, API version in the query, and the identity
 * as `?__clerk_db_jwt=` (development) or `?_is_native=1` + `Authorization: Bearer` (production).
 */
import type { FrontendApi } from '../frontend-api';
import type { InstanceType } from '../publishable-key';
import { CLERK_API_VERSION } from './api-version';
import { errorFromResponse, FapiError, toFapiError } from './fapi-errors';
import { type ClientState, parseClientResponse, parseEnvironment, parseTokenResponse } from './fapi-parse';
import type { ClerkGateway, OtherSession, Timed } from './gateway';
import { type IdentitySource, identitySource, readIdentity } from './identity';
import { type MintShape, mintRequest } from './mint-request';

export { CLERK_API_VERSION };
/** A hung request would keep the service worker (and the single-flight refresh) waiting. */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface DirectGatewayOptions {
  instanceType: InstanceType;
  fapiHost: string;
  syncHost: string | null;
  /** For the app's own cookie suffix (identity.ts). */
  publishableKey: string;
  fetch?: typeof fetch;
  now?: () => number;
  readIdentity?: (source: IdentitySource) => Promise<string | null>;
  /** A satellite's or proxy's Frontend API (lib/frontend-api.ts); absent: `https://<fapiHost>`. */
  frontendApi?: Pick<FrontendApi, 'base' | 'host' | 'query'>;
}

type Method = 'GET' | 'POST' | 'DELETE';

export function createDirectGateway(options: DirectGatewayOptions): ClerkGateway {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  // Production identity: the `__client` cookie of the Frontend API the app really uses.
  const apiHost = options.frontendApi?.host ?? options.fapiHost;
  const base = options.frontendApi?.base ?? `https://${options.fapiHost}`;
  const source = identitySource(options.instanceType, apiHost, options.syncHost, options.publishableKey);
  const read = options.readIdentity ?? readIdentity;
  /** The last token each session was seen with: Clerk's `missing_expired_token` retry sends it. Memory only. */
  const lastTokens = new Map<string, string>();

  async function call(
    method: Method,
    path: string,
    params: Record<string, string> = {},
    identityUse: 'required' | 'none' = 'required',
    form: Record<string, string> = {},
  ): Promise<Timed<unknown>> {
    const identity = identityUse === 'none' ? null : await read(await source);
    if (!identity && identityUse === 'required') {
      throw new FapiError(
        'no-identity',
        options.syncHost
          ? `No Clerk client for this app in the browser yet: open ${options.syncHost} and sign in.`
          : 'No Clerk client: set the sync host (your web app) on the options page.',
      );
    }
    const url = new URL(`${base}${path}`);
    url.searchParams.set('__clerk_api_version', CLERK_API_VERSION);
    for (const [name, value] of Object.entries(options.frontendApi?.query ?? {})) url.searchParams.set(name, value);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const headers = new Headers();
    if (identity && options.instanceType === 'development') url.searchParams.set('__clerk_db_jwt', identity);
    if (identity && options.instanceType === 'production') {
      url.searchParams.set('_is_native', '1');
      headers.set('Authorization', `Bearer ${identity}`);
    }
    // Only GET and POST go on the wire, like clerk-js; other verbs ride on `_method`.
    if (method === 'DELETE') url.searchParams.set('_method', 'DELETE');
    const wire = method === 'GET' ? 'GET' : 'POST';
    if (wire === 'POST') headers.set('Content-Type', 'application/x-www-form-urlencoded');
    const started = now();
    let response: Response;
    let body: unknown;
    try {
      response = await doFetch(url.toString(), {
        method: wire,
        headers,
        credentials: 'omit',
        body: wire === 'POST' ? new URLSearchParams(form).toString() : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        if (response.ok) throw new FapiError('malformed', `Clerk's answer to ${path} was not JSON.`, response.status);
        body = null;
      }
    } catch (error) {
      throw toFapiError(error);
    }
    const ended = now();
    if (!response.ok) throw errorFromResponse(response.status, body, response.headers.get('retry-after'), ended);
    const date = response.headers.get('date');
    const serverDateMs = date ? Date.parse(date) : Number.NaN;
    return {
      value: body,
      localMidpoint: (started + ended) / 2,
      latencyMs: ended - started,
      serverDateMs: Number.isNaN(serverDateMs) ? null : serverDateMs,
    };
  }

  async function readClient(): Promise<Timed<ClientState>> {
    const result = await call('GET', '/v1/client');
    const value = parseClientResponse(result.value);
    for (const [id, jwt] of value.lastActiveTokens) lastTokens.set(id, jwt);
    return { ...result, value };
  }

  async function mint(sessionId: string, params: Record<string, string>, form: Record<string, string>): Promise<Timed<string>> {
    const result = await call('POST', `/v1/client/sessions/${encodeURIComponent(sessionId)}/tokens`, params, 'required', form);
    const value = parseTokenResponse(result.value);
    lastTokens.set(sessionId, value);
    return { ...result, value };
  }

  return {
    readClient,
    async readEnvironment() {
      // Production: no identity, because with the Native API off every `_is_native` request is
      // refused, and this read is how the doctor learns that before the first refusal.
      // Development: Clerk answers 401 dev_browser_unauthenticated without the dev browser, so
      // the identity is required (and without one there is nothing to read: no-identity).
      const result = await call('GET', '/v1/environment', {}, options.instanceType === 'production' ? 'none' : 'required');
      return { ...result, value: parseEnvironment(result.value) };
    },
    async mintToken(sessionId, shape?: MintShape) {
      // The body clerk-js 6.40 sends (mint-request.ts). On a Session Minter instance it carries the
      // previous token: from the caller, else from this gateway's reads, else one read first.
      let previousToken = shape?.previousToken ?? lastTokens.get(sessionId) ?? null;
      if (shape?.sessionMinter && !previousToken)
        previousToken = (await readClient()).value.lastActiveTokens.get(sessionId) ?? null;
      const request = mintRequest({
        sessionMinter: shape?.sessionMinter ?? null,
        previousToken,
        organizationId: shape?.organizationId,
      });
      try {
        return await mint(sessionId, request.query, request.body);
      } catch (error) {
        // Clerk may demand the previous token (422 `missing_expired_token`, seen during incidents);
        // clerk-js retries once with `?expired_token=` (only without the Session Minter), and so do we.
        if (!(error instanceof FapiError) || error.code !== 'missing_expired_token' || !request.retryWithExpiredToken)
          throw error;
        const expired = previousToken ?? (await readClient()).value.lastActiveTokens.get(sessionId);
        if (!expired) throw error;
        return mint(sessionId, { expired_token: expired }, request.body);
      }
    },
    async removeAllSessions() {
      await call('DELETE', '/v1/client/sessions');
    },
    async removeSession(sessionId) {
      await call('POST', `/v1/client/sessions/${encodeURIComponent(sessionId)}/remove`);
    },
    async otherDeviceSessions(currentSessionId, thisClientSessionIds) {
      const result = await call('GET', '/v1/me/sessions/active', { _clerk_session_id: currentSessionId });
      if (!Array.isArray(result.value)) throw new FapiError('malformed', "Clerk's list of the user's sessions was not a list.");
      const list = result.value;
      return list.flatMap((raw): OtherSession[] => {
        const session = raw as { id?: unknown; latest_activity?: Record<string, unknown> | null };
        if (typeof session.id !== 'string' || thisClientSessionIds.includes(session.id)) return [];
        const activity = session.latest_activity ?? {};
        const where = [activity.browser_name, activity.device_type, activity.city].filter((v) => typeof v === 'string' && v);
        return [{ id: session.id, label: where.length ? where.join(', ') : 'another device' }];
      });
    },
    async revokeSession(currentSessionId, sessionId) {
      await call('POST', `/v1/me/sessions/${encodeURIComponent(sessionId)}/revoke`, { _clerk_session_id: currentSessionId });
    },
    dispose() {},
  };
}
