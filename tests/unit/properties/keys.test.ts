/**
 * Property tests (fast-check) for the publishable-key and sync-host parsers: for any input no
 * throw, and the result is a valid value or a classified refusal with a message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { developmentHostWarning } from '../../../lib/key-warnings';
import {
  containsSecretKey,
  normalizeKeyInput,
  parsePublishableKey,
  parseSyncHost,
  publishableKeyFor,
} from '../../../lib/publishable-key';

const RUNS = { numRuns: 200 };
const REASONS = ['empty', 'secret-key', 'bad-prefix', 'bad-encoding', 'bad-host'];
const HOST = /^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** Text shaped like keys: a Clerk prefix (any case), then base64 of a host-ish string, or junk. */
const keyish = fc.oneof(
  fc.string(),
  fc
    .tuple(fc.constantFrom('pk_test_', 'pk_live_', 'PK_TEST_', 'sk_test_', 'Sk_Live_', 'pk_', ''), fc.string())
    .map(([p, s]) => p + s),
  fc
    .tuple(fc.constantFrom('pk_test_', 'pk_live_'), fc.oneof(fc.domain(), fc.string()), fc.constantFrom('$', '', '$$', '$x'))
    .map(([p, host, end]) => {
      try {
        return p + btoa(host + end);
      } catch {
        return p + host;
      }
    }),
);

describe('parsePublishableKey, for any input', () => {
  it('never throws; ok means a lower-case host with a dot, otherwise a known reason and a message', () => {
    fc.assert(
      fc.property(keyish, (input) => {
        const result = parsePublishableKey(input);
        if (result.ok) {
          expect(result.key.fapiHost).toMatch(HOST);
          expect(['development', 'production']).toContain(result.key.instanceType);
          expect(containsSecretKey(input)).toBe(false);
          // The warning is computed for every valid key without throwing.
          const warning = developmentHostWarning(result.key);
          expect(warning === null || warning.includes(result.key.fapiHost)).toBe(true);
        } else {
          expect(REASONS).toContain(result.reason);
          expect(result.message.length).toBeGreaterThan(0);
          expect(result.message.length).toBeLessThan(400);
        }
      }),
      RUNS,
    );
  });

  it('a key built for any domain parses back to that domain and instance type', () => {
    fc.assert(
      fc.property(
        fc.domain(),
        fc.constantFrom('development', 'production') as fc.Arbitrary<'development' | 'production'>,
        (host, type) => {
          const result = parsePublishableKey(publishableKeyFor(host, type));
          expect(result).toEqual({ ok: true, key: { fapiHost: host.toLowerCase(), instanceType: type } });
        },
      ),
      RUNS,
    );
  });

  it('a secret key anywhere, in any case, is refused as a secret key', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('sk_test_', 'sk_live_'),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
        fc.string(),
        (before, prefix, upper, rest, after) => {
          const cased = [...prefix].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
          const input = `${before} ${cased}${rest} ${after}`;
          const result = parsePublishableKey(input);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.reason).toBe('secret-key');
        },
      ),
      RUNS,
    );
  });

  it('normalizeKeyInput never throws and never grows the input', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        expect(normalizeKeyInput(input).length).toBeLessThanOrEqual(input.length);
      }),
      RUNS,
    );
  });
});

describe('parseSyncHost, for any input', () => {
  const urlish = fc.oneof(
    fc.string(),
    fc.webUrl(),
    fc
      .tuple(fc.constantFrom('http://', 'https://', 'ftp://', '*://', ''), fc.string(), fc.constantFrom('', ':3000', '/x', '/*'))
      .map((p) => p.join('')),
  );

  it('never throws; ok means an http(s) origin without a wildcard that parses to itself', () => {
    fc.assert(
      fc.property(urlish, (input) => {
        const result = parseSyncHost(input);
        if (!result.ok) {
          expect(result.message.length).toBeGreaterThan(0);
          return;
        }
        const url = new URL(result.origin);
        expect(['http:', 'https:']).toContain(url.protocol);
        expect(url.origin).toBe(result.origin);
        expect(result.origin).not.toContain('*');
        expect(parseSyncHost(result.origin)).toEqual(result);
      }),
      RUNS,
    );
  });

  it('any origin of a real domain is accepted as itself', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https'),
        fc.domain(),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        (scheme, host, port) => {
          const origin = new URL(`${scheme}://${host}${port ? `:${port}` : ''}`).origin;
          expect(parseSyncHost(origin)).toEqual({ ok: true, origin });
        },
      ),
      RUNS,
    );
  });
});
