/**
 * `startEmulator()`: one HTTPS server on loopback that answers as Clerk's Frontend API for a
 * development instance (`<name>.clerk.accounts.dev`) and a production instance
 * (`clerk.<name>.test`), chosen by Host, plus the control API under `/__emulator`. The TLS
 * certificate and the signing keys are made at start and live only in memory.
 *
 * This module owns the wire: identity (dev browser / client JWT / `__client` cookie), `_method`,
 * CORS, the `Date` header on the server clock, faults and the request log. The FAPI behaviour is
 * in fapi.ts, the lifetime rules in session-model.ts.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Agent, RequestInfo, RequestInit, Response } from 'undici';
import { fetch as undiciFetch } from 'undici';
import { publishableKeyFor } from '../../lib/publishable-key.ts';
import { CONTROL_PREFIX, ControlClient, type ControlContext, controlRoutes } from './control.ts';
import { type FapiContext, fapiRoutes } from './fapi.ts';
import { handshakeRedirect } from './handshake.ts';
import {
  type Body,
  corsHeaders,
  errorEnvelope,
  errors,
  FapiError,
  matchRoute,
  parseBody,
  preflightHeaders,
  type RouteResult,
  readRawBody,
  traceId,
} from './http.ts';
import { RequestIdentity } from './identity.ts';
import { loopbackDispatcher, makeCertificate } from './loopback.ts';
import { applyFault, send } from './respond.ts';
import { requestRefusal } from './rules.ts';
import { serverNow } from './session-model.ts';
import { createInstanceState, evaluateAllSessions, type InstanceState, type InstanceType, newId } from './state.ts';
import { createSigner, type Signer } from './tokens.ts';
import { classifySource, FaultTable, maskQuery, RequestLog } from './traffic.ts';

export interface EmulatorOptions {
  /** Loopback port; 0 (default) picks a free one. */
  port?: number;
  /** Instance name: hosts become `<name>.clerk.accounts.dev` and `clerk.<name>.test`. */
  name?: string;
  /** Log unexpected handler errors to stderr (default true). */
  logErrors?: boolean;
}

export type EmulatorFetch = (input: RequestInfo, init?: RequestInit) => Promise<Response>;

export interface Emulator {
  port: number;
  /** Loopback base URL (`https://127.0.0.1:<port>`), for the control API. */
  url: string;
  hosts: Record<InstanceType, string>;
  /** FAPI base URLs (`https://<host>`); reach them with `fetch` below or a mapped browser. */
  fapiUrls: Record<InstanceType, string>;
  publishableKeys: Record<InstanceType, string>;
  /** The generated certificate (self-signed, also its own CA), PEM. */
  caCertPem: string;
  /** The JWKS served at `/.well-known/jwks.json`. */
  jwks: { keys: Record<string, unknown>[] };
  control: ControlClient;
  /** `{ host: port }` for `hostResolverRules()` in tests/e2e/harness.ts. */
  resolverHosts(): Record<string, number>;
  /** Node fetch that sends emulated hosts (and localhost) to loopback and trusts the certificate. */
  fetch: EmulatorFetch;
  /** The undici dispatcher behind `fetch`, for other undici-based clients. */
  dispatcher: Agent;
  /**
   * A satellite domain of the production instance (`satellite-<name>.test`) and its own Frontend
   * API host (`clerk.satellite-<name>.test`, what clerk-js builds from `domain`): the same instance
   * (users, keys, settings), with the clients whose identity was set on that domain.
   */
  satellite: { domain: string; fapiHost: string };
  close(): Promise<void>;
}

const DEFAULT_NAME = 'inspector-emu';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const name = options.name ?? DEFAULT_NAME;
  const hosts: Record<InstanceType, string> = {
    development: `${name}.clerk.accounts.dev`,
    production: `clerk.${name}.test`,
  };
  const instances: Record<InstanceType, InstanceState> = {
    development: createInstanceState('development', hosts.development),
    production: createInstanceState('production', hosts.production),
  };
  const satellite = { domain: `satellite-${name}.test`, fapiHost: `clerk.satellite-${name}.test` };
  const byHost = new Map<string, InstanceState>([
    [hosts.development, instances.development],
    [hosts.production, instances.production],
    [satellite.fapiHost, instances.production],
  ]);
  const publishableKeys: Record<InstanceType, string> = {
    development: publishableKeyFor(hosts.development, 'development'),
    production: publishableKeyFor(hosts.production, 'production'),
  };
  const [signer, tlsMaterial] = await Promise.all([
    createSigner(),
    makeCertificate([...Object.values(hosts), satellite.fapiHost]),
  ]);
  const faults = new FaultTable();
  const log = new RequestLog();
  const clientJwts = new Map<string, string>();
  const logErrors = options.logErrors ?? true;
  let port = 0;

  async function clientJwtFor(instance: InstanceState, clientId: string): Promise<string> {
    const cached = clientJwts.get(clientId);
    if (cached) return cached;
    const jwt = await signer.signClientJwt(clientId, serverNow(instance.settings));
    clientJwts.set(clientId, jwt);
    return jwt;
  }

  function failure(error: unknown): FapiError {
    if (error instanceof FapiError) return error;
    if (logErrors) console.error('[emulator] handler error:', error);
    return new FapiError(
      500,
      'internal_clerk_error',
      'Oops, an unexpected error occurred',
      'The emulator hit an internal error.',
    );
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL, method: string, host: string): Promise<void> {
    const headers = { ...corsHeaders(req), 'Cache-Control': 'no-store' };
    try {
      const body: Body = method === 'GET' ? {} : parseBody(await readRawBody(req), req.headers['content-type']);
      const wanted = url.searchParams.get('instance');
      if (wanted !== null && wanted !== 'development' && wanted !== 'production') {
        throw new FapiError(400, 'control_bad_request', 'instance must be development or production');
      }
      const instance = wanted ? instances[wanted] : (byHost.get(host) ?? instances.development);
      const match = matchRoute(controlRoutes, method, url.pathname);
      if (!match || match === 'method') throw errors.notFound('Control route');
      const ctx: ControlContext = {
        instances,
        instance,
        signer,
        faults,
        log,
        body,
        query: url.searchParams,
        issueDevBrowser(target, clientId) {
          const token = newId('dvb');
          target.devBrowsers.set(token, clientId);
          return token;
        },
        issueClientJwt: clientJwtFor,
        info: () => ({ port, controlUrl: `https://127.0.0.1:${port}${CONTROL_PREFIX}`, hosts, publishableKeys }),
      };
      const result = await match.route.handler(ctx, match.params);
      send(res, result.status ?? 200, result.body, headers);
    } catch (error) {
      const e = failure(error);
      send(res, e.status, errorEnvelope(e), headers);
    }
  }

  /** The form field names of each FAPI request's body (never the values), for the request log. */
  const bodyKeysOf = new WeakMap<IncomingMessage, string[]>();

  async function handleFapi(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
    instance: InstanceState,
  ): Promise<string | null> {
    const now = serverNow(instance.settings);
    const headers: Record<string, string | string[]> = {
      ...corsHeaders(req),
      Date: new Date(now).toUTCString(),
      'Cache-Control': 'no-store',
      'X-Clerk-Trace-Id': traceId(),
    };
    const path = url.pathname;
    const fault = faults.take(method, path, instance.type);
    if (fault && (await applyFault(fault, req, res, headers))) return fault.id;

    const query = url.searchParams;
    // Looked up first (so a refusal can still echo a known dev browser: the extension SDK wipes its
    // stored dev browser on a development response without Clerk-Db-Jwt), but enforced only after
    // the guard: native, then origin, then identity (rules.ts).
    const identity = await RequestIdentity.resolve(instance, signer, query, req.headers);
    const writeIdentity = () => identity.writeHeaders(headers, (id) => clientJwtFor(instance, id));
    try {
      evaluateAllSessions(instance, now);
      const refusal = requestRefusal(instance, query, req.headers);
      if (refusal) {
        identity.refused = true;
        throw refusal;
      }
      // A page navigation Clerk's backend redirected here: answered with a redirect, and opens a
      // dev browser itself when the browser has none (tests/emulator/handshake.ts).
      if (path === '/v1/client/handshake' && method === 'GET') {
        const answer = await handshakeRedirect({ instance, signer, publishableKey: publishableKeys[instance.type], query, now });
        res.writeHead(answer.status, { ...headers, Location: answer.location });
        res.end();
        return fault?.id ?? null;
      }
      const opensDevBrowser = path === '/v1/dev_browser' && method === 'POST';
      if (instance.type === 'development' && !identity.devBrowser && path.startsWith('/v1/') && !opensDevBrowser) {
        throw errors.devBrowserUnauthenticated();
      }

      const body: Body = method === 'GET' ? {} : parseBody(await readRawBody(req), req.headers['content-type']);
      bodyKeysOf.set(req, Object.keys(body).sort());
      const match = matchRoute(fapiRoutes, method, path);
      if (!match || match === 'method') throw errors.notFound('Resource');
      const ctx: FapiContext = {
        instance,
        signer,
        method,
        path,
        query,
        body,
        headers: req.headers,
        now,
        clientId: identity.clientId,
        bindClient(id) {
          ctx.clientId = id;
          identity.bind(id);
        },
        createDevBrowser: () => identity.createDevBrowser(),
        rotateClientToken(id) {
          clientJwts.delete(id);
        },
      };
      const result: RouteResult = await match.route.handler(ctx, match.params);
      await writeIdentity();
      send(res, result.status ?? 200, result.body, headers);
    } catch (error) {
      const e = failure(error);
      await writeIdentity().catch(() => {});
      send(res, e.status, errorEnvelope(e), headers);
    }
    return fault?.id ?? null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const arrived = new Date();
    const url = new URL(req.url ?? '/', 'https://emulator.invalid');
    const host = String(req.headers.host ?? '')
      .toLowerCase()
      .replace(/:\d+$/, '');
    const instance = byHost.get(host) ?? null;
    const wireMethod = (req.method ?? 'GET').toUpperCase();
    const override = url.searchParams.get('_method');
    const method = wireMethod === 'POST' && override ? override.toUpperCase() : wireMethod;

    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      if (wireMethod === 'OPTIONS') {
        res.writeHead(204, preflightHeaders(req));
        res.end();
        return;
      }
      await handleControl(req, res, url, method, host);
      return;
    }

    let faultId: string | null = null;
    if (wireMethod === 'OPTIONS') {
      res.writeHead(204, preflightHeaders(req));
      res.end();
    } else if (!instance) {
      const e = new FapiError(404, 'resource_not_found', 'not found', `No emulated instance at host ${host}.`);
      send(res, 404, errorEnvelope(e), corsHeaders(req));
    } else {
      faultId = await handleFapi(req, res, url, method, instance);
    }
    const record = () =>
      log.add({
        at: arrived.toISOString(),
        serverTime: instance ? serverNow(instance.settings, arrived.getTime()) : null,
        instance: instance?.type ?? null,
        host,
        method,
        wireMethod,
        path: url.pathname,
        query: maskQuery(url.searchParams),
        source: classifySource(req.headers as { origin?: string; 'sec-fetch-site'?: string }),
        origin: req.headers.origin ?? null,
        status: res.headersSent ? res.statusCode : 0,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        faultId,
        bodyKeys: bodyKeysOf.get(req) ?? [],
      });
    if (res.writableFinished || res.destroyed) record();
    else res.once('close', record);
  }

  const server: Server = createServer({ key: tlsMaterial.key, cert: tlsMaterial.cert }, (req, res) => {
    res.on('error', () => {});
    handle(req, res).catch((error) => {
      if (logErrors) console.error('[emulator] request failed:', error);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(errorEnvelope(failure(error))));
      } else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  server.on('tlsClientError', () => {});

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('emulator: no TCP address');
  port = address.port;

  const dispatcher = loopbackDispatcher(new Set([...Object.values(hosts), satellite.fapiHost]), port, tlsMaterial.cert);
  const emulatorFetch: EmulatorFetch = (input, init) => undiciFetch(input, { ...init, dispatcher });
  const url = `https://127.0.0.1:${port}`;

  return {
    port,
    url,
    hosts,
    fapiUrls: { development: `https://${hosts.development}`, production: `https://${hosts.production}` },
    publishableKeys,
    caCertPem: tlsMaterial.cert,
    jwks: signer.jwks as unknown as { keys: Record<string, unknown>[] },
    control: new ControlClient(url, (u, init) => emulatorFetch(u, init)),
    resolverHosts: () => ({ [hosts.development]: port, [hosts.production]: port, [satellite.fapiHost]: port }),
    satellite,
    fetch: emulatorFetch,
    dispatcher,
    async close() {
      await dispatcher.close().catch(() => {});
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type { Signer };
/** Re-exported: clerk-page.ts and the demo make their HTTPS certificates with it. */
export { makeCertificate };
