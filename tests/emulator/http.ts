/**
 * HTTP plumbing shared by the FAPI and control routes: Clerk's error envelope, body parsing
 * (form-urlencoded or JSON), a small router, CORS headers.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export class FapiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly longMessage: string = message,
    readonly meta: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const errors = {
  notFound: (what = 'Resource') => new FapiError(404, 'resource_not_found', 'not found', `${what} not found`, {}),
  signedOut: () => new FapiError(401, 'signed_out', 'Signed out', 'You are signed out'),
  devBrowserUnauthenticated: () =>
    new FapiError(
      401,
      'dev_browser_unauthenticated',
      'Browser unauthenticated',
      'Unable to authenticate this browser for your development instance. Check your Clerk cookies and try again. If the issue persists reach out to support@clerk.com.',
    ),
  paramMissing: (param: string) =>
    new FapiError(422, 'form_param_missing', 'is missing', `${param} must be included.`, { param_name: param }),
  paramInvalid: (param: string, message: string) =>
    new FapiError(422, 'form_param_value_invalid', 'is invalid', message, { param_name: param }),
  malformedBody: (detail: string) =>
    new FapiError(422, 'malformed_request_body', 'Malformed request body', `The request body could not be parsed: ${detail}`),
  identifierNotFound: () =>
    new FapiError(422, 'form_identifier_not_found', "Couldn't find your account.", "Couldn't find your account.", {
      param_name: 'identifier',
    }),
  passwordIncorrect: () =>
    new FapiError(
      422,
      'form_password_incorrect',
      'Password is incorrect. Try again, or use another method.',
      'Password is incorrect. Try again, or use another method.',
      { param_name: 'password' },
    ),
  /**
   * Catalogue `SessionReverificationRequired` (403). clerk-js recognises it by the code alone
   * (@clerk/shared `useReverification`: a FAPI error with this code becomes a reverification hint
   * without metadata), so `meta` carries nothing it would read; what Clerk puts there is unverified.
   */
  reverificationRequired: () =>
    new FapiError(
      403,
      'session_reverification_required',
      'Reverification required',
      'You need to provide additional verification to perform this operation',
    ),
  /** Clerk's exact answer is unverified; the emulator refuses with 403 and this code. */
  revokeCurrentSession: () =>
    new FapiError(
      403,
      'session_revoke_current_not_allowed',
      'Cannot revoke the current session',
      'The current session cannot be revoked. Sign out instead.',
    ),
  // Below: code, status and messages as in Clerk's error catalogue (clerk-docs
  // data/api_errors.json), except missing_expired_token, which the catalogue does not list: its
  // messages are what Clerk answered native clients (clerk/clerk-ios issues 404 and 420).
  nativeApiDisabled: () =>
    new FapiError(
      400,
      'native_api_disabled',
      'Native API disabled',
      'The Native API is disabled for this instance. Visit the Clerk Dashboard to enable it.',
    ),
  originInvalid: () =>
    new FapiError(
      400,
      'origin_invalid',
      'Invalid HTTP Origin header',
      'The Request HTTP Origin header must be equal to or a subdomain of the requesting URL.',
    ),
  originAuthorizationConflict: () =>
    new FapiError(
      400,
      'origin_authorization_headers_conflict',
      "Setting both the 'Origin' and 'Authorization' headers is forbidden",
      "For security purposes, only one of the 'Origin' and 'Authorization' headers should be provided, but not both. In browser contexts, the 'Origin' header is set automatically by the browser. In native application contexts (e.g. mobile apps), set the 'Authorization' header.",
    ),
  /** Catalogue `SingleModeSessionExists`. */
  sessionExists: () => new FapiError(400, 'session_exists', 'Session already exists', "You're already signed in."),
  /**
   * Catalogue `AlreadySignedIn` (meta: the session): multi-session mode, the identifier's user is
   * already signed in on this client. clerk-js reads `meta.session_id` (as `meta.sessionId`) and
   * makes that session active (@clerk/ui `SignInStart`).
   */
  identifierAlreadySignedIn: (sessionId: string) =>
    new FapiError(400, 'identifier_already_signed_in', "You're already signed in", "You're already signed in", {
      session_id: sessionId,
    }),
  /** clerk-js `MissingExpiredTokenError`: 422 with this code makes `Session` retry with `?expired_token=`. */
  missingExpiredToken: () =>
    new FapiError(422, 'missing_expired_token', 'Missing required parameter', 'The expired_token parameter is required'),
  methodNotAllowed: () =>
    new FapiError(405, 'method_not_allowed', 'Method not allowed', 'This endpoint does not accept this method.'),
};

export function traceId(): string {
  return randomBytes(16).toString('hex');
}

export function errorEnvelope(error: FapiError): Record<string, unknown> {
  return {
    errors: [{ code: error.code, message: error.message, long_message: error.longMessage, meta: error.meta }],
    clerk_trace_id: traceId(),
  };
}

export type Body = Record<string, unknown>;

const MAX_BODY = 1024 * 1024;

export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY)
      throw new FapiError(413, 'request_body_too_large', 'Request body too large', 'The request body is larger than 1 MB.');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Form-urlencoded (clerk-js) or JSON bodies; anything unparseable is a 422. */
export function parseBody(raw: Buffer, contentType: string | undefined): Body {
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || (type === '' && /^\s*[[{]/.test(text))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw errors.malformedBody((e as Error).message);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.malformedBody('expected a JSON object');
    return parsed as Body;
  }
  if (type === 'application/x-www-form-urlencoded' || type === '' || type === 'text/plain') {
    if (type !== 'application/x-www-form-urlencoded' && !text.includes('='))
      throw errors.malformedBody('expected key=value pairs');
    const out: Body = {};
    for (const [key, value] of new URLSearchParams(text)) {
      const existing = out[key];
      if (existing === undefined) out[key] = value;
      else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return out;
  }
  throw errors.malformedBody(`unsupported content type ${type}`);
}

/** A string field of a body, or undefined; non-strings are a 422. */
export function stringField(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw errors.paramInvalid(name, `${name} must be a string.`);
  return value;
}

export function requiredString(body: Body, name: string): string {
  const value = stringField(body, name);
  if (value === undefined || value === '') throw errors.paramMissing(name);
  return value;
}

export interface Route<Ctx> {
  method: string;
  pattern: RegExp;
  handler: (ctx: Ctx, params: string[]) => Promise<RouteResult> | RouteResult;
}

export interface RouteResult {
  status?: number;
  body: unknown;
}

/** `/v1/client/sessions/:id/tokens` → a RegExp capturing each `:param`. */
export function route<Ctx>(method: string, path: string, handler: Route<Ctx>['handler']): Route<Ctx> {
  const source = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '([^/]+)' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return { method, pattern: new RegExp(`^${source}$`), handler };
}

export function matchRoute<Ctx>(
  routes: Route<Ctx>[],
  method: string,
  path: string,
): { route: Route<Ctx>; params: string[] } | 'method' | null {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    try {
      return { route: r, params: m.slice(1).map((p) => decodeURIComponent(p)) };
    } catch {
      return null; // malformed percent-encoding: no such resource
    }
  }
  return pathMatched ? 'method' : null;
}

export const EXPOSED_HEADERS = ['Authorization', 'Clerk-Db-Jwt', 'Retry-After', 'Date', 'X-Country', 'X-Clerk-Trace-Id'];

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': EXPOSED_HEADERS.join(', '),
    Vary: 'Origin',
  };
}

export function preflightHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {
    ...corsHeaders(req),
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'content-type, authorization'),
    'Access-Control-Max-Age': '600',
  };
  if (req.headers['access-control-request-private-network'] === 'true') headers['Access-Control-Allow-Private-Network'] = 'true';
  return headers;
}
