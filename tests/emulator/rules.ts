/**
 * Per-instance switches for where real Clerk is strict (FIELD-NOTES §6), for Clerk behaviours
 * nobody has measured (off by default), and for token faults. The request guard here (Native API,
 * then allowed origins) runs before identity in server.ts; the other switches are read by the
 * routes (fapi.ts, minting.ts). Pure data and checks: no I/O.
 *
 * Every strict rule is ON by default, so a test that passes here has passed what Clerk would ask;
 * a test that wants the lenient world turns a rule off explicitly through the control API.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { apiVersionRefusal } from './api-version.ts';
import { errors, type FapiError } from './http.ts';

/**
 * The extension's id, pinned by the manifest `key` (wxt.config.ts; tests/e2e/harness.ts
 * `EXTENSION_ID`). The README tells users to add `chrome-extension://<this id>` to their
 * instance's allowed origins. The emulator starts as a fresh Clerk instance does, with no allowed
 * origins: a test (tests/e2e/world.ts `setUpInstance`) or the demo adds this one through the
 * Backend-API-shaped `PATCH /__emulator/v1/instance` (instance-api.ts), as a developer would.
 */
export const EXTENSION_ORIGIN = 'chrome-extension://ncdmolkcfabcdhgnpbmjeaimankepeja';

export interface InstanceRules {
  /**
   * `__clerk_api_version` / `Clerk-API-Version` checked (api-version.ts): an unknown version, or
   * both at once, is a 400 `api_version_invalid`.
   */
  checkApiVersion: boolean;
  /**
   * Dashboard → Native applications. Off: every request with `_is_native=1|true` is a 400
   * `native_api_disabled`; reported as `auth_config.native_settings.api_enabled`.
   */
  nativeApiEnabled: boolean;
  /**
   * The instance's `allowed_origins` (Backend API `PATCH /v1/instance`), compared exactly. A request
   * whose `Origin` is neither listed nor a page origin the instance serves is a 400 `origin_invalid`
   * (`origin_authorization_headers_conflict` when it also carries `Authorization`).
   */
  allowedOrigins: string[];
  /**
   * The Backend-API-shaped `PATCH /__emulator/v1/instance` refuses `http(s)` entries in
   * `allowed_origins` with 422 `form_invalid_origin` (Clerk's catalogue: "the given origin is
   * http/https"). Clerk's own docs also mention `http://localhost:3000` for Electron, so which
   * parameters Clerk checks this way is not certain: a switch, on by default.
   */
  refuseWebAllowedOrigins: boolean;
  /**
   * `/v1/me/sessions/{id}/revoke` needs the requesting session's first factor verified within the
   * last 10 minutes (reverification.ts); older → 403 `session_reverification_required`.
   */
  requireReverificationForRevoke: boolean;
  /**
   * How many upcoming mints (`POST …/tokens[/{template}]`) without `?expired_token=` are refused
   * with 422 `missing_expired_token`; each refusal counts one down. A mint that carries
   * `expired_token` is never refused and does not count. 0 = off.
   */
  requireExpiredTokenOnMint: number;
  /** Undocumented in Clerk: every `GET /v1/client` naming a client is activity for its live sessions. */
  readsCountAsActivity: boolean;
  /**
   * Undocumented in Clerk: every `GET /v1/client` mints a fresh `last_active_token` (new `iat`,
   * new `jti`) for each live session. Not activity, unless `readsCountAsActivity` is on too.
   */
  remintOnRead: boolean;
  /**
   * The environment's `partitioned_cookies` (a Dashboard setting the docs do not describe; a
   * switch, off): on, clerk-js writes its development cookies `Partitioned` (CHIPS), which the
   * extension SDK cannot read (FIELD-NOTES §5); the extension's doctor says so.
   */
  partitionedCookies: boolean;
  /** Token fault: session tokens are signed by a second RS256 key whose `kid` is not in the JWKS. */
  signWithUnknownKey: boolean;
  /** Token fault: session tokens carry no `azp` claim. */
  omitAzp: boolean;
  /**
   * The environment's `auth_config.session_minter`: clerk-js 6.40 then sends the previous token
   * in the body of each non-template mint; a mint without it is refused (session-minter.ts).
   */
  sessionMinter: boolean;
}

export function defaultRules(): InstanceRules {
  return {
    checkApiVersion: true,
    nativeApiEnabled: true,
    // A fresh instance: nothing listed (Clerk's Backend API object reports `allowed_origins: null`).
    allowedOrigins: [],
    refuseWebAllowedOrigins: true,
    requireReverificationForRevoke: true,
    requireExpiredTokenOnMint: 0,
    readsCountAsActivity: false,
    remintOnRead: false,
    partitionedCookies: false,
    signWithUnknownKey: false,
    omitAzp: false,
    sessionMinter: false,
  };
}

/** What the guard needs to know about the instance a request addresses. */
export interface GuardedInstance {
  type: 'development' | 'production';
  /** The FAPI host, e.g. `clerk.inspector-emu.test`. */
  host: string;
  rules: InstanceRules;
}

/** `_is_native=1` or `_is_native=true` (clerk-docs: "a native client (`_is_native={1|true}`)"). */
export function isNativeRequest(query: URLSearchParams): boolean {
  return ['1', 'true'].includes(query.get('_is_native') ?? '');
}

/** A production FAPI host `clerk.<domain>` serves pages on `<domain>` and its subdomains. */
export function rootDomain(fapiHost: string): string {
  return fapiHost.replace(/^clerk\./, '');
}

/**
 * Page origins an instance serves without an allowed-origins entry: development instances accept
 * any `http(s)://localhost[:port]` and `http(s)://127.0.0.1[:port]` (Clerk dev instances accept
 * localhost); production instances accept origins on their own root domain ("equal to or a
 * subdomain of the requesting URL"). Both accept their own FAPI host.
 */
export function isServedPageOrigin(instance: Pick<GuardedInstance, 'type' | 'host'>, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) return false;
  const host = url.hostname.toLowerCase();
  if (host === instance.host) return true;
  if (instance.type === 'development') return host === 'localhost' || host === '127.0.0.1';
  const root = rootDomain(instance.host);
  return host === root || host.endsWith(`.${root}`);
}

export function isOriginAllowed(instance: GuardedInstance, origin: string): boolean {
  return instance.rules.allowedOrigins.includes(origin) || isServedPageOrigin(instance, origin);
}

/**
 * The guard every FAPI request passes before its identity is looked at, in this order:
 * 0. API version: unknown, or in both the query and the header → 400 `api_version_invalid`
 *    (where in Clerk's order this check sits is not documented; it is a property of the request
 *    itself, so it comes first here).
 * 1. Native API: `_is_native` while it is off → 400 `native_api_disabled` (so an extension can
 *    still read `native_settings.api_enabled` from a plain `GET /v1/environment` first).
 * 2. Origin: an `Origin` header that is neither allowed nor a served page origin → 400
 *    `origin_authorization_headers_conflict` with an `Authorization` header, else `origin_invalid`.
 *    Chrome adds `Origin: chrome-extension://<id>` to a worker's POSTs, not its GETs: without the
 *    extension's origin allowed, its reads pass and its mints and sign-outs are refused.
 * Returns the refusal, or null.
 */
export function requestRefusal(
  instance: GuardedInstance,
  query: URLSearchParams,
  headers: Pick<IncomingHttpHeaders, 'origin' | 'authorization'> & { 'clerk-api-version'?: string | string[] },
): FapiError | null {
  if (instance.rules.checkApiVersion) {
    const refused = apiVersionRefusal(query, headers);
    if (refused) return refused;
  }
  if (!instance.rules.nativeApiEnabled && isNativeRequest(query)) return errors.nativeApiDisabled();
  const origin = headers.origin;
  if (origin !== undefined && !isOriginAllowed(instance, origin)) {
    return headers.authorization !== undefined ? errors.originAuthorizationConflict() : errors.originInvalid();
  }
  return null;
}
