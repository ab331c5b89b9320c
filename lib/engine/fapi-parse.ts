/**
 * Turning Frontend API JSON into snapshot records. Pure. Anything that does not look like
 * Clerk's shapes becomes a `malformed` FapiError, so garbage never reaches storage.
 *
 * Shapes (see ../../README.md "Frontend API"): `GET /v1/client` answers `{ response: Client | null }`;
 * session timestamps are epoch milliseconds; each session carries `last_active_token.jwt`.
 * Timestamps are checked for plausibility (lib/time-sanity.ts): a negative or second-resolution
 * `created_at`, an `expire_at` before `created_at`, a token whose `exp` is before its `iat` or is
 * 1e300, are malformed rather than countdowns of minus fifty years.
 */
import { decodeJwt, tokenPreview } from '../jwt';
import type { SessionRecord, TokenInfo } from '../snapshot';
import { isPlausibleServerMs, MAX_LIFETIME_SECONDS } from '../time-sanity';
import { FapiError } from './fapi-errors';
import type { EnvironmentFacts } from './gateway';

export interface ClientState {
  clientId: string | null;
  lastActiveSessionId: string | null;
  sessions: SessionRecord[];
  /** Raw `last_active_token` per session id: kept in memory only, never stored. */
  lastActiveTokens: Map<string, string>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(what: string): FapiError {
  return new FapiError('malformed', `Clerk's answer was not understood (${what}).`);
}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw malformed(`${what} is not a number`);
  return value;
}

/** A session timestamp: epoch ms between 2019 and 2100. */
function serverTime(value: unknown, what: string): number {
  const ms = num(value, what);
  if (!isPlausibleServerMs(ms)) throw malformed(`${what} is not a plausible time in milliseconds`);
  return ms;
}

/**
 * `iat` and `exp` of decoded token claims, in server ms. null when the claims carry neither;
 * a malformed FapiError when they are not numbers of seconds in range, or `exp` is not after `iat`.
 */
export function tokenTimes(claims: Record<string, unknown>): { issuedAt: number; expiresAt: number } | null {
  const { iat, exp } = claims;
  if (iat === undefined && exp === undefined) return null;
  if (typeof iat !== 'number' || typeof exp !== 'number') throw malformed('a token without numeric iat and exp');
  const issuedAt = iat * 1000;
  const expiresAt = exp * 1000;
  if (!isPlausibleServerMs(issuedAt) || !isPlausibleServerMs(expiresAt)) throw malformed('a token with implausible times');
  if (exp <= iat || exp - iat > MAX_LIFETIME_SECONDS) throw malformed('a token that expires before it is issued');
  return { issuedAt, expiresAt };
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function parseUser(user: unknown): SessionRecord['user'] {
  if (!isObject(user)) return { id: '', name: null, email: null, imageUrl: null };
  const emails = Array.isArray(user.email_addresses) ? user.email_addresses.filter(isObject) : [];
  const primary = emails.find((e) => e.id === user.primary_email_address_id) ?? emails[0];
  const name = [str(user.first_name), str(user.last_name)].filter(Boolean).join(' ') || str(user.username);
  return {
    id: str(user.id) ?? '',
    name: name || null,
    email: primary ? str(primary.email_address) : null,
    imageUrl: str(user.image_url),
  };
}

function jwtOf(token: unknown): string | null {
  return isObject(token) ? str(token.jwt) : null;
}

export function parseSession(session: unknown): { record: SessionRecord; jwt: string | null } {
  if (!isObject(session) || typeof session.id !== 'string') throw malformed('a session without an id');
  const jwt = jwtOf(session.last_active_token);
  const claims = jwt ? decodeJwt(jwt)?.claims : undefined;
  const times = claims ? tokenTimes(claims) : null;
  const createdAt = serverTime(session.created_at, 'created_at');
  const expireAt = serverTime(session.expire_at, 'expire_at');
  const abandonAt = serverTime(session.abandon_at, 'abandon_at');
  if (expireAt < createdAt || abandonAt < createdAt) throw malformed('a session that ends before it was created');
  return {
    jwt,
    record: {
      id: session.id,
      status: typeof session.status === 'string' ? session.status : 'unknown',
      user: parseUser(session.user),
      createdAt,
      updatedAt: isPlausibleServerMs(session.updated_at) ? session.updated_at : createdAt,
      lastActiveAt: serverTime(session.last_active_at, 'last_active_at'),
      expireAt,
      abandonAt,
      lastActiveTokenIssuedAt: times?.issuedAt ?? null,
      // Clerk always sends it (the spec requires it); a response without it leaves it unknown.
      ...('last_active_organization_id' in session ? { activeOrganizationId: str(session.last_active_organization_id) } : {}),
    },
  };
}

/** Parses the body of `GET /v1/client` (or the `client` of a mutation's answer). */
export function parseClientResponse(body: unknown): ClientState {
  if (!isObject(body)) throw malformed('not a JSON object');
  // `{ response: null }` is signed out; a body with neither key is not Clerk's answer at all.
  if (!('response' in body) && !('client' in body)) throw malformed('no client in the answer');
  const client = 'response' in body ? body.response : body.client;
  if (client === null || client === undefined) {
    return { clientId: null, lastActiveSessionId: null, sessions: [], lastActiveTokens: new Map() };
  }
  if (!isObject(client) || !Array.isArray(client.sessions)) throw malformed('no client sessions');
  const lastActiveTokens = new Map<string, string>();
  const sessions = client.sessions.map((raw) => {
    const { record, jwt } = parseSession(raw);
    if (jwt) lastActiveTokens.set(record.id, jwt);
    return record;
  });
  const lastActive = str(client.last_active_session_id);
  return {
    clientId: str(client.id),
    // A stale pointer to a session that is gone means "signed out", not "current = ghost".
    lastActiveSessionId: lastActive && sessions.some((s) => s.id === lastActive) ? lastActive : null,
    sessions,
    lastActiveTokens,
  };
}

/** `POST …/tokens` answers the bare `{ object: "token", jwt }`. */
export function parseTokenResponse(body: unknown): string {
  const jwt = isObject(body) ? str(body.jwt) : null;
  const decoded = jwt ? decodeJwt(jwt) : null;
  if (!jwt || !decoded) throw malformed('no token in the answer');
  if (!tokenTimes(decoded.claims)) throw malformed('a token without iat and exp');
  return jwt;
}

/** What `GET /v1/environment` says (bare, or wrapped in `{ response }`); missing parts are null. */
export function parseEnvironment(body: unknown): EnvironmentFacts {
  const env = isObject(body) && isObject(body.response) ? body.response : body;
  const auth = isObject(env) && isObject(env.auth_config) ? env.auth_config : null;
  if (!auth) return { multiSession: null, nativeApiEnabled: null, sessionMinter: null };
  const single = auth.single_session_mode;
  const native = isObject(auth.native_settings) ? auth.native_settings.api_enabled : undefined;
  return {
    multiSession: typeof single === 'boolean' ? !single : null,
    nativeApiEnabled: typeof native === 'boolean' ? native : null,
    sessionMinter: typeof auth.session_minter === 'boolean' ? auth.session_minter : null,
  };
}

export function tokenInfo(jwt: string, mintedBy: TokenInfo['mintedBy'], mintLatencyMs: number | null = null): TokenInfo | null {
  const decoded = decodeJwt(jwt);
  if (!decoded) return null;
  let times: ReturnType<typeof tokenTimes>;
  try {
    times = tokenTimes(decoded.claims);
  } catch {
    return null;
  }
  if (!times) return null;
  return { ...decoded, ...times, mintedBy, preview: tokenPreview(jwt), mintLatencyMs };
}

/**
 * Whether two decoded tokens are the same token. By `jti` when both have one; without it (a JWT
 * template may drop it) by issue time, expiry, session and the signature's tail in the preview:
 * two tokens without `jti` are never the same merely because both lack one.
 */
export function sameToken(a: TokenInfo, b: TokenInfo): boolean {
  const jtiA = a.claims.jti;
  const jtiB = b.claims.jti;
  if (typeof jtiA === 'string' && typeof jtiB === 'string') return jtiA === jtiB;
  if (jtiA !== undefined || jtiB !== undefined) return false;
  return a.issuedAt === b.issuedAt && a.expiresAt === b.expiresAt && a.claims.sid === b.claims.sid && a.preview === b.preview;
}

/**
 * The current token, and who minted it: this extension when it is the token this sync minted, or
 * the same token (`sameToken`) the extension minted earlier; otherwise the app. The mint's
 * latency goes with an extension's token.
 */
export function attributeToken(
  jwt: string,
  minted: { value: string; latencyMs: number } | null,
  previous: TokenInfo | null,
): TokenInfo | null {
  if (minted?.value === jwt) return tokenInfo(jwt, 'extension', minted.latencyMs);
  const info = tokenInfo(jwt, 'app');
  if (info && previous?.mintedBy === 'extension' && sameToken(previous, info)) {
    return { ...info, mintedBy: 'extension', mintLatencyMs: previous.mintLatencyMs };
  }
  return info;
}
