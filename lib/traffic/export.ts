/**
 * The redacted trace a developer attaches to a support ticket: JSON (the timeline, the findings,
 * the skew) and HAR 1.2. Built by allowlist: a HAR entry is copied field by field, so nothing
 * this module does not know leaves it; every token, cookie value, dev-browser id, e-mail and
 * query secret is replaced by `[redacted]`. The handshake URL carries the session token
 * (`__session`) and the dev-browser token (`__clerk_db_jwt`), and `redirect_url` nests another
 * URL: both are redacted too. Pure; tests/unit/properties/traffic-export.test.ts proves no secret
 * survives.
 */
import { redactSecrets } from '../engine/redact';
import type { TrafficRow } from './classify';
import type { TrafficFinding } from './findings';
import type { HarEntry, HarLog, HarNameValue } from './har';
import type { SkewReading } from './skew';

export const REDACTED = '[redacted]';

/** Query parameters whose values say how Clerk behaved and carry no identity. */
const SAFE_QUERY = new Set([
  '__clerk_api_version',
  '_clerk_js_version',
  '__clerk_hs_reason',
  '__clerk_redirect_count',
  '__clerk_synced',
  '_method',
  '_is_native',
  'suffixed_cookies',
  'format',
]);
/** Headers whose values are kept (URLs and free text in them are redacted again). */
const SAFE_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'access-control-allow-credentials',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'cache-control',
  'clerk-api-version',
  'content-length',
  'content-type',
  'date',
  'host',
  'location',
  'origin',
  'referer',
  'retry-after',
  'sec-fetch-dest',
  'sec-fetch-mode',
  'sec-fetch-site',
  'user-agent',
  'x-clerk-auth-message',
  'x-clerk-auth-reason',
  'x-clerk-auth-status',
  'x-clerk-trace-id',
]);
const SAFE_VALUE = /^[A-Za-z0-9 ._:/,;=()*+-]{0,200}$/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Free text with tokens, dev-browser ids, Bearer values, Clerk cookie values and e-mails removed. */
export function scrubText(text: string): string {
  return redactSecrets(text).replace(EMAIL, '[email]');
}

function safeValue(value: string): string {
  const scrubbed = scrubText(value);
  return scrubbed === value && SAFE_VALUE.test(value) ? value : REDACTED;
}

/** A URL with every query value but the safe ones replaced, and nested redirect URLs redacted. */
export function redactUrl(raw: string, base?: string): string {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return REDACTED;
  }
  const out = new URL(`${url.origin}${url.pathname}`);
  for (const [name, value] of url.searchParams) {
    if (/^(redirect_url|__clerk_redirect_url|redirect)$/.test(name)) out.searchParams.append(name, redactUrl(value));
    else out.searchParams.append(name, SAFE_QUERY.has(name) ? safeValue(value) : REDACTED);
  }
  // Userinfo and fragment never survive (a fragment can carry a token).
  return scrubText(out.href.replace(/%5Bredacted%5D/g, REDACTED));
}

function redactHeader(h: HarNameValue): HarNameValue {
  const name = h.name.toLowerCase();
  if (name === 'cookie') return { name: h.name, value: redactCookieHeader(h.value) };
  if (name === 'set-cookie') return { name: h.name, value: h.value.split('\n').map(redactSetCookie).join('\n') };
  if (!SAFE_HEADERS.has(name)) return { name: h.name, value: REDACTED };
  if (name === 'location' || name === 'referer' || name === 'origin') return { name: h.name, value: redactUrl(h.value) };
  if (name === 'x-clerk-auth-message' || name === 'user-agent') return { name: h.name, value: scrubText(h.value) };
  return { name: h.name, value: safeValue(h.value) };
}

function redactCookieHeader(value: string): string {
  return value
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => `${safeName(part.split('=')[0] ?? '')}=${REDACTED}`)
    .join('; ');
}

/** Keeps the cookie's name and attributes (Path, Max-Age, SameSite…), never its value. */
function redactSetCookie(line: string): string {
  const [pair = '', ...attrs] = line.split(';');
  const name = safeName(pair.split('=')[0] ?? '');
  const kept = attrs
    .map((a) => a.trim())
    .filter((a) => /^(path|max-age|expires|samesite|secure|httponly|partitioned|domain)\b/i.test(a))
    .map((a) => (SAFE_VALUE.test(a) ? a : a.split('=')[0]));
  return [`${name}=${REDACTED}`, ...kept].join('; ');
}

function safeName(name: string): string {
  const trimmed = name.trim();
  return /^[A-Za-z0-9_.-]{1,80}$/.test(trimmed) && scrubText(trimmed) === trimmed ? trimmed : REDACTED;
}

const cookies = (list: HarNameValue[] | undefined) => (list ?? []).map((c) => ({ name: safeName(c.name), value: REDACTED }));

/** Clerk's error codes and trace id from a body; the rest of a body never leaves. */
function contentSummary(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as { clerk_trace_id?: unknown; errors?: Array<{ code?: unknown }> };
    const codes = Array.isArray(body.errors) ? body.errors.map((e) => e.code).filter((c) => typeof c === 'string') : [];
    const trace = typeof body.clerk_trace_id === 'string' ? body.clerk_trace_id : undefined;
    if (codes.length === 0 && trace === undefined) return undefined;
    return JSON.stringify({
      clerk_trace_id: trace && safeValue(trace),
      errors: codes.map((c) => ({ code: safeValue(c as string) })),
    });
  } catch {
    return undefined;
  }
}

export function redactEntry(entry: HarEntry): HarEntry {
  const { request, response } = entry;
  const text = contentSummary(response.content?.text);
  return {
    startedDateTime: safeValue(entry.startedDateTime),
    time: typeof entry.time === 'number' ? entry.time : 0,
    ...(typeof entry._resourceType === 'string' ? { _resourceType: safeValue(entry._resourceType) } : {}),
    request: {
      method: safeValue(request.method),
      url: redactUrl(request.url),
      httpVersion: safeValue(request.httpVersion ?? 'HTTP/1.1'),
      headers: request.headers.map(redactHeader),
      cookies: cookies(request.cookies),
      queryString: (request.queryString ?? []).map((q) => ({
        name: safeName(q.name),
        value: SAFE_QUERY.has(q.name) ? safeValue(q.value) : REDACTED,
      })),
      ...(request.postData ? { postData: { mimeType: safeValue(request.postData.mimeType ?? ''), text: REDACTED } } : {}),
      headersSize: -1,
      bodySize: typeof request.bodySize === 'number' ? request.bodySize : -1,
    },
    response: {
      status: response.status,
      statusText: safeValue(response.statusText ?? ''),
      httpVersion: safeValue(response.httpVersion ?? 'HTTP/1.1'),
      headers: response.headers.map(redactHeader),
      cookies: cookies(response.cookies),
      redirectURL: response.redirectURL ? redactUrl(response.redirectURL, request.url) : '',
      content: {
        size: typeof response.content?.size === 'number' ? response.content.size : 0,
        mimeType: safeValue(response.content?.mimeType ?? ''),
        ...(text !== undefined ? { text } : {}),
      },
      headersSize: -1,
      bodySize: typeof response.bodySize === 'number' ? response.bodySize : -1,
    },
    cache: {},
    timings: { send: 0, wait: typeof entry.time === 'number' ? entry.time : 0, receive: 0 },
  };
}

export function exportHar(entries: readonly HarEntry[], creatorVersion: string): HarLog {
  return {
    log: {
      version: '1.2',
      creator: { name: 'Clerk Session Inspector (redacted)', version: safeValue(creatorVersion) },
      entries: entries.map(redactEntry),
    },
  };
}

export interface RedactedTrace {
  format: 'clerk-session-inspector/traffic@1';
  exportedAt: string;
  rows: Array<
    Omit<TrafficRow, 'cookies'> & { cookies: { clientUat: Array<{ name: string; zero: boolean }>; sessions: string[] } }
  >;
  findings: TrafficFinding[];
  skew: SkewReading | null;
}

/** The timeline as JSON: claims and Clerk's words stay, values and free-text secrets go. */
export function exportJson(
  rows: readonly TrafficRow[],
  findings: readonly TrafficFinding[],
  skew: SkewReading | null,
  now: number,
): RedactedTrace {
  const text = (v: string | null) => (v === null ? null : scrubText(v));
  return {
    format: 'clerk-session-inspector/traffic@1',
    exportedAt: new Date(now).toISOString(),
    rows: rows.map((r) => ({
      ...r,
      host: safeValue(r.host),
      path: scrubText(r.path),
      token: r.token && {
        ...r.token,
        from: scrubText(r.token.from),
        iss: text(r.token.iss),
        azp: text(r.token.azp),
        sub: text(r.token.sub),
        sid: text(r.token.sid),
        kid: text(r.token.kid),
      },
      sessionId: text(r.sessionId),
      traceId: r.traceId && safeValue(r.traceId),
      auth: r.auth && { status: text(r.auth.status), reason: text(r.auth.reason), message: text(r.auth.message) },
      handshake: r.handshake && {
        ...r.handshake,
        reason: r.handshake.reason && safeValue(r.handshake.reason),
        synced: r.handshake.synced && safeValue(r.handshake.synced),
        redirectTo: r.handshake.redirectTo && redactUrl(r.handshake.redirectTo),
      },
      location: r.location && redactUrl(r.location),
      cookies: {
        clientUat: r.cookies.clientUat.map((c) => ({ name: safeName(c.name), zero: c.value === '0' })),
        sessions: r.cookies.sessions.map(safeName),
      },
    })),
    findings: findings.map((f) => ({ ...f, detail: scrubText(f.detail), title: scrubText(f.title), host: safeValue(f.host) })),
    skew,
  };
}
