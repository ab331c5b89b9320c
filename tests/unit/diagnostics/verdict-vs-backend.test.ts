// @vitest-environment node
/**
 * The worker's token verdict (a mirror, lib/diagnostics/token-verdict.ts) against the real
 * `@clerk/backend` `verifyToken` with a local key (`jwtKey`), on the same tokens: fast-check
 * varies exp/nbf/iat around the skew boundaries (with a sub-second "now"), azp and the declared
 * authorized parties, sub, iss and the signing key. Both must accept the same tokens, and the
 * backend's (first) refusal must be the mirror's first reason. The backend judges on `Date.now()`,
 * so the clock is faked to the verdict's server time (clock offset 0).
 */
import { verifyToken } from '@clerk/backend';
import fc from 'fast-check';
import { exportJWK, exportSPKI, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tokenVerdict } from '../../../lib/diagnostics/token-verdict';

const FAPI = 'inspector-emu.clerk.accounts.dev';
const APP = 'http://localhost:5317';
const EXT = 'chrome-extension://ncdmolkcfabcdhgnpbmjeaimankepeja';

let jwks: JSONWebKeySet;
let pem: string;
let own: CryptoKey;
let stranger: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  own = pair.privateKey;
  stranger = (await generateKeyPair('RS256')).privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'ins_own', alg: 'RS256', use: 'sig' }] };
  pem = await exportSPKI(pair.publicKey);
  vi.useFakeTimers({ toFake: ['Date'] });
});

afterAll(() => {
  vi.useRealTimers();
});

/** The backend's refusal reasons (TokenVerificationErrorReason) → the mirror's codes. */
const BACKEND_TO_OURS: Record<string, string[]> = {
  'token-expired': ['expired'],
  'token-not-active-yet': ['not-yet-valid'],
  'token-iat-in-the-future': ['iat-in-future'],
  'token-invalid-authorized-parties': ['azp-missing', 'azp-mismatch'],
  'token-verification-failed': ['sub-missing', 'expired', 'not-yet-valid', 'iat-in-future'],
  'token-invalid-signature': ['bad-signature'],
};

// The skew boundaries (±5 s, ±6 s) and a whole-second "now" are where a `<` for a `<=` would hide.
const offset = fc.oneof(fc.constantFrom(-6, -5, -4, 4, 5, 6), fc.integer({ min: -12, max: 12 }));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const world = fc.record({
  nowSeconds: fc.integer({ min: 1_800_000_000, max: 1_800_000_100 }),
  nowMillis: fc.oneof(fc.constantFrom(0, 1, 999), fc.integer({ min: 0, max: 999 })),
  exp: offset,
  nbf: maybe(offset),
  iat: maybe(offset),
  sub: fc.constantFrom<unknown>('user_1', undefined, 42),
  azp: fc.constantFrom<string | undefined>(undefined, APP, `${APP}/`, EXT, 'https://evil.example', `https://${FAPI}`),
  parties: fc.constantFrom<string[] | undefined>(undefined, [], [APP], [APP, EXT], ['https://evil.example']),
  iss: fc.constantFrom<string | undefined>(`https://${FAPI}`, 'https://other.clerk.accounts.dev', undefined),
  forged: fc.boolean(),
});

async function both(now: number, claims: Record<string, unknown>, parties?: string[]) {
  const token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'ins_own', typ: 'JWT' }).sign(own);
  vi.setSystemTime(now);
  let backend: { accepted: true } | { accepted: false; reason: string };
  try {
    await verifyToken(token, { jwtKey: pem, authorizedParties: parties, clockSkewInMs: 5000 });
    backend = { accepted: true };
  } catch (error) {
    backend = { accepted: false, reason: String((error as { reason?: string }).reason) };
  }
  const ours = await tokenVerdict({ token, jwks, now, clockOffsetMs: 0, fapiHost: FAPI, authorizedParties: parties ?? null });
  return { backend, ours };
}

describe('the verdict agrees with @clerk/backend verifyToken', () => {
  it('at every skew boundary of exp, nbf and iat (whole and fractional seconds)', async () => {
    const base = 1_800_000_000;
    for (const millis of [0, 1, 999]) {
      for (let d = -7; d <= 7; d++) {
        for (const claim of ['exp', 'nbf', 'iat'] as const) {
          const claims: Record<string, unknown> = { sub: 'user_1', exp: base + 60, [claim]: base + d };
          const { backend, ours } = await both(base * 1000 + millis, claims);
          expect({ claim, d, millis, accepted: ours.accepted }).toEqual({ claim, d, millis, accepted: backend.accepted });
        }
      }
    }
  });

  it('on every combination of exp/nbf/iat/azp/parties/sub/iss/signature (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const now = w.nowSeconds * 1000 + w.nowMillis;
        const claims: Record<string, unknown> = { sid: 'sess_1', v: 2, exp: w.nowSeconds + w.exp };
        if (w.nbf !== undefined) claims.nbf = w.nowSeconds + w.nbf;
        if (w.iat !== undefined) claims.iat = w.nowSeconds + w.iat;
        if (w.sub !== undefined) claims.sub = w.sub;
        if (w.azp !== undefined) claims.azp = w.azp;
        if (w.iss !== undefined) claims.iss = w.iss;
        const token = await new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: 'ins_own', typ: 'JWT' })
          .sign(w.forged ? stranger : own);

        vi.setSystemTime(now);
        let backend: { accepted: true } | { accepted: false; reason: string };
        try {
          await verifyToken(token, { jwtKey: pem, authorizedParties: w.parties, clockSkewInMs: 5000 });
          backend = { accepted: true };
        } catch (error) {
          backend = { accepted: false, reason: String((error as { reason?: string }).reason) };
        }
        const ours = await tokenVerdict({
          token,
          jwks,
          now,
          clockOffsetMs: 0,
          fapiHost: FAPI,
          authorizedParties: w.parties ?? null,
        });
        expect(ours.accepted).toBe(backend.accepted);
        if (!backend.accepted) expect(BACKEND_TO_OURS[backend.reason]).toContain(ours.reasons[0]?.code);
      }),
      { numRuns: 400 },
    );
  });
});
