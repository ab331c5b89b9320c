/**
 * One error type for everything that can go wrong talking to the Frontend API, classified so
 * the engine can decide on backoff and the popup can say what happened. Messages are redacted
 * on construction (redact.ts).
 */
import { capText, MAX_ERROR_MESSAGE_CHARS, MAX_SERVER_DETAIL_CHARS } from '../limits';
import type { ErrorKind } from '../snapshot';
import { redactSecrets } from './redact';
import { BACKOFF_MAX_MS } from './schedule';

export class FapiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly httpStatus?: number,
    /** From `retry-after` (429/503), in ms. */
    readonly retryAfterMs?: number,
    /** Clerk's error code, e.g. `session_reverification_required`. */
    readonly code?: string,
  ) {
    // The one gate every failure passes: no identity or token survives into a message, and the
    // message is capped (it ends up in the snapshot, the history and on screen). Redact first, so a
    // cut never leaves half an identity behind.
    super(capText(redactSecrets(String(message)), MAX_ERROR_MESSAGE_CHARS));
    this.name = 'FapiError';
  }
}

/**
 * `retry-after` is either seconds or an HTTP date. Clamped to the backoff maximum (schedule.ts):
 * the engine never waits longer than that, whatever the server says. Negative or unreadable
 * values are ignored (undefined).
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value?.trim()) return undefined;
  const clamp = (ms: number) => Math.min(BACKOFF_MAX_MS, Math.max(0, ms));
  const seconds = Number(value);
  if (!Number.isNaN(seconds)) return seconds >= 0 ? clamp(seconds * 1000) : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) || !Number.isFinite(now) ? undefined : clamp(date - now);
}

type ErrorEnvelope = { ok: true; code?: string; detail?: string } | { ok: false; why: string };

/**
 * Clerk's error envelope, `{ errors: [{ code, message, long_message, meta }] }`. A body that is
 * not an object, or has no `errors`, simply has no detail (proxies answer HTML); a body whose
 * `errors` breaks the envelope (not an array, a non-string message) is malformed: never a
 * TypeError that would read as "unreachable".
 */
function readEnvelope(body: unknown): ErrorEnvelope {
  if (typeof body !== 'object' || body === null || !('errors' in body)) return { ok: true };
  const errors = (body as { errors: unknown }).errors;
  if (!Array.isArray(errors)) return { ok: false, why: '`errors` is not a list' };
  const first: unknown = errors[0];
  if (first === undefined) return { ok: true };
  if (typeof first !== 'object' || first === null) return { ok: false, why: 'an error that is not an object' };
  const { code, message, long_message: longMessage } = first as Record<string, unknown>;
  for (const [name, value] of [
    ['code', code],
    ['message', message],
    ['long_message', longMessage],
  ] as const) {
    if (value !== undefined && value !== null && typeof value !== 'string') return { ok: false, why: `a non-string ${name}` };
  }
  const text = (typeof longMessage === 'string' && longMessage) || (typeof message === 'string' && message) || '';
  // Clerk's messages end with a period; ours add one.
  const detail = text ? capText(text.trim().replace(/\.$/, ''), MAX_SERVER_DETAIL_CHARS) : undefined;
  return { ok: true, code: typeof code === 'string' && code ? capText(code, 100) : undefined, detail };
}

export function errorFromResponse(status: number, body: unknown, retryAfter: string | null, now: number): FapiError {
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  const envelope = readEnvelope(body);
  if (!envelope.ok) {
    return new FapiError(
      'malformed',
      `Clerk's error answer (${status}) was not understood (${envelope.why}).`,
      status,
      retryAfterMs,
    );
  }
  const { code, detail } = envelope;
  if (status === 429) {
    return new FapiError(
      'rate-limited',
      `Clerk is rate-limiting requests (429)${detail ? `: ${detail}` : ''}.`,
      status,
      retryAfterMs,
      code,
    );
  }
  if (status === 401) {
    return new FapiError(
      'unauthorized',
      `Clerk did not accept this browser's client (401)${detail ? `: ${detail}` : ''}.`,
      status,
      retryAfterMs,
      code,
    );
  }
  const what = status >= 500 ? 'Clerk answered with a server error' : 'Clerk refused the request';
  return new FapiError('http', `${what} (${status})${detail ? `: ${detail}` : ''}.`, status, retryAfterMs, code);
}

export function toFapiError(error: unknown): FapiError {
  if (error instanceof FapiError) return error;
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new FapiError('timeout', 'Clerk did not answer in time.');
  }
  if (error instanceof TypeError) {
    return new FapiError('network', `Clerk's Frontend API is unreachable (${error.message}).`);
  }
  return new FapiError('unknown', error instanceof Error ? error.message : describeThrown(error));
}

/** Anything thrown, as text: `String()` itself throws for `{ toString: '' }` or a null-prototype object. */
function describeThrown(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
