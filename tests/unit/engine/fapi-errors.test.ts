import { describe, expect, it } from 'vitest';
import { errorFromResponse, FapiError, parseRetryAfter, toFapiError } from '../../../lib/engine/fapi-errors';
import { T0 } from './builders';

describe('parseRetryAfter', () => {
  it.each([
    [null, undefined],
    ['', undefined],
    ['0', 0],
    ['30', 30_000],
    ['1.5', 1_500],
    ['soon', undefined],
    [new Date(T0 + 45_000).toUTCString(), 45_000],
    [new Date(T0 - 45_000).toUTCString(), 0],
    // Clamped to the backoff maximum (5 min): a year, or a date far away, does not stop refreshes.
    ['31536000', 300_000],
    ['1e400', 300_000],
    [new Date(T0 + 365 * 86_400_000).toUTCString(), 300_000],
    ['-5', undefined],
  ])('%s → %s', (value, ms) => {
    expect(parseRetryAfter(value, T0)).toBe(ms);
  });
});

describe('errorFromResponse', () => {
  const body = { errors: [{ code: 'some_code', message: 'short', long_message: 'The long message' }] };
  it.each([
    [429, 'rate-limited'],
    [401, 'unauthorized'],
    [403, 'http'],
    [404, 'http'],
    [500, 'http'],
    [503, 'http'],
  ] as const)('%i → %s', (status, kind) => {
    const e = errorFromResponse(status, body, '12', T0);
    expect(e).toBeInstanceOf(FapiError);
    expect(e).toMatchObject({ kind, httpStatus: status, retryAfterMs: 12_000, code: 'some_code' });
    expect(e.message).toContain('The long message');
    expect(e.message).toContain(String(status));
  });

  it('server and client errors are worded differently; a body without errors is fine', () => {
    expect(errorFromResponse(502, null, null, T0).message).toMatch(/server error \(502\)/);
    expect(errorFromResponse(400, 'x', null, T0).message).toMatch(/refused the request \(400\)/);
    expect(errorFromResponse(429, {}, null, T0).retryAfterMs).toBeUndefined();
  });
});

describe('errorFromResponse: a broken error envelope is malformed, never a TypeError', () => {
  it.each([
    ['a number long_message', { errors: [{ code: 'x', long_message: 42 }] }],
    ['an object message', { errors: [{ message: { text: 'hi' } }] }],
    ['an array long_message', { errors: [{ long_message: ['a'] }] }],
    ['a number code', { errors: [{ code: 7, message: 'm' }] }],
    ['errors that is not a list', { errors: 'oops' }],
    ['an error that is not an object', { errors: [null] }],
  ])('%s → malformed, keeping the status and retry-after', (_, body) => {
    for (const status of [400, 401, 429, 500]) {
      const e = errorFromResponse(status, body, '12', T0);
      expect(e).toBeInstanceOf(FapiError);
      expect(e).toMatchObject({ kind: 'malformed', httpStatus: status, retryAfterMs: 12_000 });
      expect(e.message).toContain(String(status));
    }
  });

  it.each([
    ['no body', null],
    ['HTML from a proxy', '<html>502</html>'],
    ['no errors key', { message: 42 }],
    ['an empty errors list', { errors: [] }],
    ['null messages', { errors: [{ code: null, message: null, long_message: null }] }],
  ])('%s is no detail, not malformed', (_, body) => {
    expect(errorFromResponse(503, body, null, T0).kind).toBe('http');
  });
});

describe('toFapiError', () => {
  it.each([
    ['a FapiError stays itself', new FapiError('malformed', 'm'), 'malformed'],
    ['a timeout', new DOMException('t', 'TimeoutError'), 'timeout'],
    ['an abort', new DOMException('a', 'AbortError'), 'timeout'],
    ['fetch’s TypeError', new TypeError('Failed to fetch'), 'network'],
    ['anything else', new Error('boom'), 'unknown'],
    ['a thrown string', 'weird', 'unknown'],
  ])('%s → %s', (_, error, kind) => {
    expect(toFapiError(error).kind).toBe(kind);
  });

  it('keeps the identity of FapiErrors and the message of others', () => {
    const e = new FapiError('http', 'x', 500);
    expect(toFapiError(e)).toBe(e);
    expect(toFapiError('weird').message).toBe('weird');
  });

  it('a thrown value that String() cannot convert is still an error, not a crash (fast-check found { toString: "" })', () => {
    expect(toFapiError({ toString: '' })).toMatchObject({ kind: 'unknown', message: '[object Object]' });
    expect(toFapiError(Object.create(null)).message).toBe('[object Object]');
  });
});
