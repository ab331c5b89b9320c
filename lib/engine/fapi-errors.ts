/**
 * One error type for everything that can go wrong talking to the Frontend API, classified so
 * the engine can decide on backoff and the popup can say what happened.
 */
import type { ErrorKind } from '../snapshot';
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
    super(message);
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

interface ClerkErrorBody {
  errors?: Array<{ code?: string; message?: string; long_message?: string }>;
}

export function errorFromResponse(status: number, body: unknown, retryAfter: string | null, now: number): FapiError {
  const first = (body as ClerkErrorBody | null)?.errors?.[0];
  // Clerk's messages end with a period; ours add one.
  const detail = (first?.long_message || first?.message)?.replace(/\.$/, '');
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  if (status === 429) {
    return new FapiError(
      'rate-limited',
      `Clerk is rate-limiting requests (429)${detail ? `: ${detail}` : ''}.`,
      status,
      retryAfterMs,
      first?.code,
    );
  }
  if (status === 401) {
    return new FapiError(
      'unauthorized',
      `Clerk did not accept this browser's client (401)${detail ? `: ${detail}` : ''}.`,
      status,
      retryAfterMs,
      first?.code,
    );
  }
  const kind = 'http';
  const what = status >= 500 ? 'Clerk answered with a server error' : 'Clerk refused the request';
  return new FapiError(kind, `${what} (${status})${detail ? `: ${detail}` : ''}.`, status, retryAfterMs, first?.code);
}

export function toFapiError(error: unknown): FapiError {
  if (error instanceof FapiError) return error;
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new FapiError('timeout', 'Clerk did not answer in time.');
  }
  if (error instanceof TypeError) {
    return new FapiError('network', `Clerk's Frontend API is unreachable (${error.message}).`);
  }
  return new FapiError('unknown', error instanceof Error ? error.message : String(error));
}
