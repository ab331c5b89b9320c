/**
 * One HAR entry → one row of the Clerk traffic timeline, or null for traffic that is not Clerk's.
 * A row says what Clerk did in Clerk's terms: the kind of call, its status, the session and the
 * token it touched (claims only: a row never holds a token, a cookie value or a dev-browser id),
 * `clerk_trace_id`, the backend's `x-clerk-auth-*` headers and the handshake's URL parameters.
 * Pure; the panel keeps rows in memory only.
 */
import { decodeJwt } from '../jwt';
import { type HarEntry, header, parseUrl, requestCookies, responseSetCookies, startedAt } from './har';

export type TrafficKind =
  | 'fapi-client'
  | 'tokens'
  | 'touch'
  | 'environment'
  | 'sign-in'
  | 'sign-out'
  | 'handshake'
  | 'fapi-other'
  | 'navigation'
  | 'redirect';

/** The claims a row shows; never the token itself. */
export interface TokenSummary {
  /** Where the row saw it: a cookie name, `query __session`, `Authorization`, `response`. */
  from: string;
  sid: string | null;
  sub: string | null;
  iss: string | null;
  azp: string | null;
  iat: number | null;
  exp: number | null;
  nbf: number | null;
  kid: string | null;
}

export interface HandshakeParams {
  reason: string | null;
  redirectCount: number | null;
  synced: string | null;
  /** Presence only: these carry the handshake payload, the session token and the dev browser. */
  hasHandshakeToken: boolean;
  hasSessionToken: boolean;
  hasDevBrowser: boolean;
  /** Where the handshake sends the browser back to (its secrets removed). */
  redirectTo: string | null;
}

export interface ClerkCookieState {
  /** `__client_uat` and its suffixed copies in the order sent, with their values (a timestamp, not a secret). */
  clientUat: Array<{ name: string; value: string }>;
  /** Names of `__session` cookies sent (with the suffixed ones). */
  sessions: string[];
}

export interface TrafficRow {
  /** Local ms when the request started. */
  at: number;
  /** Local ms when the answer ended. */
  endedAt: number;
  kind: TrafficKind;
  method: string;
  host: string;
  path: string;
  status: number;
  sessionId: string | null;
  token: TokenSummary | null;
  traceId: string | null;
  auth: { status: string | null; reason: string | null; message: string | null } | null;
  handshake: HandshakeParams | null;
  /** The redirect target's origin and path (no query: it may carry secrets). */
  location: string | null;
  /** The Frontend API's `Date` header, ms; only on Frontend API rows. */
  serverDate: number | null;
  cookies: ClerkCookieState;
  /** The redirect-loop counter cookie Clerk's backend keeps, when it was sent or set. */
  redirectCountCookie: number | null;
}

const HANDSHAKE_PARAMS = ['__clerk_handshake', '__clerk_hs_reason', '__clerk_redirect_count', '__clerk_synced', '__clerk_db_jwt'];
const FAPI_PATH = /^(?:\/__clerk)?\/v1\/(client|environment|dev_browser|me)\b/;

/** A Frontend API request: clerk-js and the backend's handshake always name an API version. */
function isFapi(url: URL): boolean {
  if (!FAPI_PATH.test(url.pathname)) return false;
  const q = url.searchParams;
  return (
    q.has('_clerk_js_version') ||
    q.has('__clerk_api_version') ||
    /(^|\.)clerk\.|\.(accounts|lcl|clerkstage|accountsstage|lclstage|stgstage)\.dev$/.test(url.hostname)
  );
}

function fapiKind(method: string, url: URL): TrafficKind {
  const path = url.pathname.replace(/^\/__clerk/, '');
  const effective = (url.searchParams.get('_method') ?? method).toUpperCase();
  if (path === '/v1/client/handshake') return 'handshake';
  if (path.startsWith('/v1/environment')) return 'environment';
  if (/\/sessions\/[^/]+\/tokens(\/[^/]+)?$/.test(path)) return 'tokens';
  if (/\/sessions\/[^/]+\/touch$/.test(path)) return 'touch';
  if (path.startsWith('/v1/client/sign_ins')) return 'sign-in';
  if (/\/sessions\/[^/]+\/(end|remove)$/.test(path)) return 'sign-out';
  if ((path === '/v1/client/sessions' || path === '/v1/client') && effective === 'DELETE') return 'sign-out';
  if (path.startsWith('/v1/client')) return 'fapi-client';
  return 'fapi-other';
}

function isDocument(entry: HarEntry): boolean {
  if (entry._resourceType) return entry._resourceType === 'document';
  const dest = header(entry.request.headers, 'sec-fetch-dest');
  if (dest) return dest === 'document';
  return (header(entry.request.headers, 'accept') ?? '').startsWith('text/html');
}

function summarize(token: string, from: string): TokenSummary | null {
  const decoded = decodeJwt(token);
  if (!decoded) return null;
  const c = decoded.claims;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    from,
    sid: str(c.sid),
    sub: str(c.sub),
    iss: str(c.iss),
    azp: str(c.azp),
    iat: num(c.iat),
    exp: num(c.exp),
    nbf: num(c.nbf),
    kid: str(decoded.header.kid),
  };
}

/** The token a row touched: a fresh one in the answer first, then what the request carried. */
function tokenOf(entry: HarEntry, url: URL, kind: TrafficKind): TokenSummary | null {
  if (kind === 'tokens' && entry.response.content?.text) {
    try {
      const body = JSON.parse(entry.response.content.text) as { jwt?: unknown };
      if (typeof body.jwt === 'string') return summarize(body.jwt, 'response');
    } catch {
      // Not JSON (or cut): fall through to what the request carried.
    }
  }
  const setSession = responseSetCookies(entry).find((c) => /^__session(_|$)/.test(c.name) && c.value);
  if (setSession) return summarize(setSession.value, `Set-Cookie ${setSession.name}`);
  const query = url.searchParams.get('__session');
  if (query) return summarize(query, 'query __session');
  const bearer = header(entry.request.headers, 'authorization')?.replace(/^Bearer\s+/i, '');
  if (bearer && kind !== 'tokens' && decodeJwt(bearer)?.claims.sid) return summarize(bearer, 'Authorization');
  const cookie = requestCookies(entry).find((c) => /^__session(_|$)/.test(c.name) && c.value);
  return cookie ? summarize(cookie.value, cookie.name) : null;
}

function traceIdOf(entry: HarEntry): string | null {
  const fromHeader = header(entry.response.headers, 'x-clerk-trace-id');
  if (fromHeader) return fromHeader;
  const text = entry.response.content?.text;
  if (text === undefined || !text.includes('clerk_trace_id')) return null;
  try {
    const body = JSON.parse(text) as { clerk_trace_id?: unknown };
    return typeof body.clerk_trace_id === 'string' ? body.clerk_trace_id : null;
  } catch {
    return null;
  }
}

/** Origin and path of a URL, never its query or fragment. */
export function withoutQuery(raw: string, base?: string): string | null {
  try {
    const url = new URL(raw, base);
    return `${url.origin}${url.pathname}`;
  } catch {
    return null;
  }
}

/** Handshake parameters of the handshake itself and of the app's URLs (clerk-js's own Frontend API calls carry `__clerk_db_jwt` as their identity, not as a handshake). */
function handshakeOf(url: URL, kind: TrafficKind, fapi: boolean): HandshakeParams | null {
  const q = url.searchParams;
  if (kind !== 'handshake' && (fapi || !HANDSHAKE_PARAMS.some((name) => q.has(name)))) return null;
  const count = q.get('__clerk_redirect_count');
  const back = q.get('redirect_url');
  return {
    reason: q.get('__clerk_hs_reason'),
    redirectCount: count !== null && /^\d+$/.test(count) ? Number(count) : null,
    synced: q.get('__clerk_synced'),
    hasHandshakeToken: q.has('__clerk_handshake'),
    hasSessionToken: q.has('__session'),
    hasDevBrowser: q.has('__clerk_db_jwt'),
    redirectTo: back ? withoutQuery(back) : null,
  };
}

function cookieState(entry: HarEntry): ClerkCookieState {
  const sent = requestCookies(entry);
  return {
    clientUat: sent.filter((c) => /^__client_uat(_|$)/.test(c.name)).map((c) => ({ name: c.name, value: c.value })),
    sessions: sent.filter((c) => /^__session(_|$)/.test(c.name) && c.value).map((c) => c.name),
  };
}

function redirectCount(entry: HarEntry): number | null {
  const set = responseSetCookies(entry).find((c) => c.name === '__clerk_redirect_count');
  const sent = requestCookies(entry).find((c) => c.name === '__clerk_redirect_count');
  const value = set?.value ?? sent?.value;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

export function classifyEntry(entry: HarEntry): TrafficRow | null {
  const url = parseUrl(entry.request.url);
  if (!url || !/^https?:$/.test(url.protocol)) return null;
  const status = entry.response.status;
  const authStatus = header(entry.response.headers, 'x-clerk-auth-status');
  const auth =
    authStatus !== null || header(entry.response.headers, 'x-clerk-auth-reason') !== null
      ? {
          status: authStatus,
          reason: header(entry.response.headers, 'x-clerk-auth-reason'),
          message: header(entry.response.headers, 'x-clerk-auth-message'),
        }
      : null;
  const fapi = isFapi(url);
  let kind: TrafficKind;
  if (fapi) kind = fapiKind(entry.request.method, url);
  else if (isDocument(entry) || auth !== null || HANDSHAKE_PARAMS.some((name) => url.searchParams.has(name)))
    kind = status >= 300 && status < 400 ? 'redirect' : 'navigation';
  else return null;

  const at = startedAt(entry);
  const token = tokenOf(entry, url, kind);
  const pathSession = url.pathname.match(/\/sessions\/(sess_[A-Za-z0-9]+)/)?.[1] ?? null;
  const location = header(entry.response.headers, 'location') ?? entry.response.redirectURL ?? null;
  const date = fapi ? Date.parse(header(entry.response.headers, 'date') ?? '') : Number.NaN;
  return {
    at,
    endedAt: at + Math.max(0, entry.time ?? 0),
    kind,
    method: (url.searchParams.get('_method') ?? entry.request.method).toUpperCase(),
    host: url.host,
    path: url.pathname,
    status,
    sessionId: pathSession ?? token?.sid ?? url.searchParams.get('_clerk_session_id'),
    token,
    traceId: traceIdOf(entry),
    auth,
    handshake: handshakeOf(url, kind, fapi),
    location: location ? withoutQuery(location, url.href) : null,
    serverDate: Number.isFinite(date) ? date : null,
    cookies: cookieState(entry),
    redirectCountCookie: redirectCount(entry),
  };
}

/** Every Clerk row of a HAR, oldest first. */
export function classifyEntries(entries: readonly HarEntry[]): TrafficRow[] {
  return entries
    .map(classifyEntry)
    .filter((row): row is TrafficRow => row !== null)
    .sort((a, b) => a.at - b.at);
}
