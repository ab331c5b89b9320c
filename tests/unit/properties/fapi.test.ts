/**
 * Property tests (fast-check) for Frontend API answers: the client parser and the error
 * classifier. For any body, no throw other than a classified FapiError; every number finite
 * and every time plausible; every message bounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorFromResponse, FapiError, parseRetryAfter, toFapiError } from '../../../lib/engine/fapi-errors';
import { parseClientResponse } from '../../../lib/engine/fapi-parse';
import { BACKOFF_MAX_MS } from '../../../lib/engine/schedule';
import { MAX_ERROR_MESSAGE_CHARS } from '../../../lib/limits';
import { isPlausibleServerMs } from '../../../lib/time-sanity';
import { makeJwt, T0 } from '../engine/builders';

const RUNS = { numRuns: 200 };
const KINDS = [
  'network',
  'timeout',
  'http',
  'rate-limited',
  'unauthorized',
  'malformed',
  'permission',
  'config',
  'no-identity',
  'unknown',
];

/** Times that are sometimes right (ms near T0), sometimes seconds, negative, huge or not numbers. */
const time = fc.oneof(
  fc.integer({ min: T0 - 86_400_000, max: T0 + 86_400_000 }),
  fc.integer({ min: -1e12, max: 1e13 }),
  fc.double(),
  fc.constantFrom(0, 1e300, Number.NaN, null, '1700000000000', undefined),
);

const jwt = fc.oneof(
  fc
    .record({
      iat: fc.oneof(fc.integer({ min: 1.5e9, max: 1.9e9 }), fc.double()),
      exp: fc.oneof(fc.integer({ min: 1.5e9, max: 1.9e9 }), fc.double()),
    })
    .map((c) => makeJwt(c)),
  fc.string(),
);

const session = fc.record(
  {
    id: fc.oneof(fc.string({ minLength: 1 }), fc.integer()),
    status: fc.oneof(fc.constantFrom('active', 'expired', 'removed', 'pending'), fc.string(), fc.integer()),
    created_at: time,
    updated_at: time,
    last_active_at: time,
    expire_at: time,
    abandon_at: time,
    last_active_token: fc.oneof(fc.record({ jwt }), fc.anything()),
    user: fc.oneof(
      fc.record({
        id: fc.string(),
        first_name: fc.anything(),
        email_addresses: fc.anything(),
        primary_email_address_id: fc.anything(),
      }),
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);

const clientBody = fc.oneof(
  fc.anything(),
  fc.record(
    {
      response: fc.oneof(
        fc.constant(null),
        fc.record(
          {
            id: fc.anything(),
            last_active_session_id: fc.anything(),
            sessions: fc.oneof(fc.array(session, { maxLength: 4 }), fc.anything()),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  ),
);

describe('parseClientResponse, for any body', () => {
  it('returns a client whose sessions have plausible times, or throws a malformed FapiError', () => {
    fc.assert(
      fc.property(clientBody, (body) => {
        let state: ReturnType<typeof parseClientResponse>;
        try {
          state = parseClientResponse(body);
        } catch (error) {
          expect(error).toBeInstanceOf(FapiError);
          expect((error as FapiError).kind).toBe('malformed');
          return;
        }
        expect(Array.isArray(state.sessions)).toBe(true);
        for (const s of state.sessions) {
          expect(typeof s.id).toBe('string');
          for (const t of [s.createdAt, s.updatedAt, s.lastActiveAt, s.expireAt, s.abandonAt])
            expect(isPlausibleServerMs(t)).toBe(true);
          expect(s.expireAt).toBeGreaterThanOrEqual(s.createdAt);
          expect(s.lastActiveTokenIssuedAt === null || isPlausibleServerMs(s.lastActiveTokenIssuedAt)).toBe(true);
        }
        expect(state.lastActiveSessionId === null || state.sessions.some((s) => s.id === state.lastActiveSessionId)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('errorFromResponse and parseRetryAfter, for any answer', () => {
  const errorBody = fc.oneof(
    fc.anything(),
    fc.record({
      errors: fc.oneof(
        fc.array(
          fc.record(
            {
              code: fc.anything(),
              message: fc.oneof(fc.string({ maxLength: 2000 }), fc.anything()),
              long_message: fc.anything(),
            },
            { requiredKeys: [] },
          ),
          {
            maxLength: 3,
          },
        ),
        fc.anything(),
      ),
    }),
  );
  const retryAfter = fc.oneof(
    fc.constant(null),
    fc.string(),
    fc.integer({ min: -100, max: 1e9 }).map(String),
    fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  );

  it('a classified FapiError with a bounded message and a bounded, finite retry delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        errorBody,
        retryAfter,
        fc.oneof(fc.constant(T0), fc.double()),
        (status, body, retry, now) => {
          const error = errorFromResponse(status, body, retry, now);
          expect(error).toBeInstanceOf(FapiError);
          expect(KINDS).toContain(error.kind);
          expect(error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
          if (error.retryAfterMs !== undefined) {
            expect(Number.isFinite(error.retryAfterMs)).toBe(true);
            expect(error.retryAfterMs).toBeGreaterThanOrEqual(0);
            expect(error.retryAfterMs).toBeLessThanOrEqual(BACKOFF_MAX_MS);
          }
        },
      ),
      RUNS,
    );
  });

  it('parseRetryAfter is undefined or a finite delay within the backoff maximum', () => {
    fc.assert(
      fc.property(retryAfter, fc.oneof(fc.constant(T0), fc.double()), (value, now) => {
        const ms = parseRetryAfter(value, now);
        expect(ms === undefined || (Number.isFinite(ms) && ms >= 0 && ms <= BACKOFF_MAX_MS)).toBe(true);
      }),
      RUNS,
    );
  });

  it('toFapiError classifies anything thrown, with a bounded message', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.string().map((m) => new TypeError(m)),
          fc.string({ maxLength: 5000 }).map((m) => new Error(m)),
        ),
        (thrown) => {
          const error = toFapiError(thrown);
          expect(KINDS).toContain(error.kind);
          expect(error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
        },
      ),
      RUNS,
    );
  });
});

describe('parseClientResponse keeps every well-formed session', () => {
  const wellFormed = fc
    .record({
      id: fc.stringMatching(/^sess_[A-Za-z0-9]{1,12}$/),
      created: fc.integer({ min: T0 - 30 * 86_400_000, max: T0 }),
      active: fc.integer({ min: 0, max: 86_400_000 }),
      left: fc.integer({ min: 0, max: 86_400_000 }),
      abandon: fc.integer({ min: 0, max: 30 * 86_400_000 }),
    })
    .map(({ id, created, active, left, abandon }) => ({
      id,
      status: 'active',
      created_at: created,
      updated_at: created + active,
      last_active_at: created + active,
      expire_at: created + active + left,
      abandon_at: created + abandon,
      user: { id: 'user_1' },
    }));

  it('as many sessions out as in, with the same ids and times', () => {
    fc.assert(
      fc.property(fc.uniqueArray(wellFormed, { selector: (s) => s.id, maxLength: 5 }), (sessions) => {
        const state = parseClientResponse({
          response: { id: 'client_1', last_active_session_id: sessions[0]?.id ?? null, sessions },
        });
        expect(state.sessions.map((s) => [s.id, s.expireAt])).toEqual(sessions.map((s) => [s.id, s.expire_at]));
        expect(state.lastActiveSessionId).toBe(sessions[0]?.id ?? null);
      }),
      RUNS,
    );
  });
});
