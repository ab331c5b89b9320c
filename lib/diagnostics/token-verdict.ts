/**
 * The token verdict: "would a Clerk backend accept this session token now?" Pure except for the
 * JWKS fetch, which the caller injects (the worker passes `fetch`; tests pass a function).
 *
 * What a Clerk backend (`@clerk/backend` `verifyToken`, `authenticateRequest`) checks, in order:
 * the RS256 signature against the instance's JWKS, `exp` and `nbf` with `clockSkewInMs` (default
 * 5000), `iss` equal to the Frontend API URL, and `azp` among the `authorizedParties` (the app's
 * origin). Each failure is one reason; the signature is checked by `jose`, never by hand.
 *
 * Times are checked against the server clock estimate (local now + `clockOffsetMs`): a backend
 * runs on a clock synced with Clerk's, while this computer's clock may be off (the doctor's
 * "Clock" check says so on its own). The raw token is only passed through: never stored or logged.
 */
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet } from 'jose';
import { decodeJwt } from '../jwt';

/** Clerk's default allowance for `exp`/`nbf` (backend `clockSkewInMs`). */
export const VERDICT_SKEW_MS = 5_000;

export type VerdictCode =
  | 'malformed'
  | 'jwks-unavailable'
  | 'unknown-kid'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'iss-mismatch'
  | 'azp-missing'
  | 'azp-mismatch';

export interface VerdictReason {
  code: VerdictCode | (string & {});
  message: string;
}

export interface TokenVerdict {
  accepted: boolean;
  reasons: VerdictReason[];
}

/** The verdict as the snapshot stores it: when it was computed (local ms) and for which token. */
export interface StoredVerdict extends TokenVerdict {
  checkedAt: number;
  /** `jti` (or `iat:<n>`) of the token it is about, so a new token gets a new verdict. */
  tokenKey: string | null;
}

export interface VerdictInput {
  token: string;
  jwks: JSONWebKeySet | null;
  /** Local ms. */
  now: number;
  /** Server minus local clock. */
  clockOffsetMs: number;
  fapiHost: string;
  /** The app's origin (the sync host); null when none is configured: then `azp` only has to be present. */
  appOrigin: string | null;
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function seconds(ms: number): string {
  return `${Math.round(Math.abs(ms) / 1000)} s`;
}

/** Claim checks that need no key (exported for tests and for re-checking a stored token's times). */
export function claimReasons(claims: Record<string, unknown>, input: Omit<VerdictInput, 'token' | 'jwks'>): VerdictReason[] {
  const reasons: VerdictReason[] = [];
  const serverNow = input.now + input.clockOffsetMs;
  const { exp, nbf, iss, azp } = claims;
  if (typeof exp !== 'number') reasons.push({ code: 'expired', message: 'The token has no exp claim.' });
  else if (exp * 1000 + VERDICT_SKEW_MS <= serverNow)
    reasons.push({
      code: 'expired',
      message: `Expired ${seconds(serverNow - exp * 1000)} ago (Clerk's clock; allowance 5 s). Clerk tokens live 60 s by default: get a fresh one with getToken().`,
    });
  if (typeof nbf === 'number' && nbf * 1000 - VERDICT_SKEW_MS > serverNow)
    reasons.push({
      code: 'not-yet-valid',
      message: `Not valid for another ${seconds(nbf * 1000 - serverNow)} (nbf, allowance 5 s).`,
    });
  const expectedIss = `https://${input.fapiHost}`;
  if (iss !== expectedIss)
    reasons.push({
      code: 'iss-mismatch',
      message: `iss is ${typeof iss === 'string' ? iss : 'missing'}, expected ${expectedIss}: the token is from another instance.`,
    });
  if (typeof azp !== 'string' || azp === '') {
    reasons.push({
      code: 'azp-missing',
      message: 'The token has no azp claim: a backend that sets authorizedParties refuses it.',
    });
  } else if (input.appOrigin && origin(azp) !== origin(input.appOrigin)) {
    reasons.push({
      code: 'azp-mismatch',
      message: azp.startsWith('chrome-extension://')
        ? `azp is ${azp} (the extension minted it): a backend whose authorizedParties is ${origin(input.appOrigin)} refuses it; add the extension origin there if the extension calls your backend.`
        : origin(azp) === `https://${input.fapiHost}`
          ? `azp is the Frontend API URL (${azp}): the token was minted without a page origin (by a server, not a browser page or an extension), so a backend with authorizedParties [${origin(input.appOrigin)}] refuses it.`
          : `azp is ${azp}, not the app's origin ${origin(input.appOrigin)}: a backend with authorizedParties [${origin(input.appOrigin)}] refuses it.`,
    });
  }
  return reasons;
}

/** Verifies the signature and the claims; never throws. */
export async function tokenVerdict(input: VerdictInput): Promise<TokenVerdict> {
  const decoded = decodeJwt(input.token);
  if (!decoded) return { accepted: false, reasons: [{ code: 'malformed', message: 'Not a JWT.' }] };
  const reasons: VerdictReason[] = [];
  if (!input.jwks) {
    reasons.push({
      code: 'jwks-unavailable',
      message: `The JWKS (https://${input.fapiHost}/.well-known/jwks.json) could not be read: the signature is not checked.`,
    });
  } else {
    try {
      await compactVerify(input.token, createLocalJWKSet(input.jwks), { algorithms: ['RS256'] });
    } catch (error) {
      const kid = decoded.header.kid;
      if (error instanceof errors.JWKSNoMatchingKey)
        reasons.push({
          code: 'unknown-kid',
          message: `Signed with key ${typeof kid === 'string' ? kid : '(no kid)'}, which is not in the instance's JWKS: a token from another instance or a rotated key.`,
        });
      else
        reasons.push({
          code: 'bad-signature',
          message: `The signature does not verify against the instance's JWKS (${error instanceof Error ? error.name : 'error'}).`,
        });
    }
  }
  reasons.push(...claimReasons(decoded.claims, input));
  return { accepted: reasons.length === 0, reasons };
}

/** The `kid` of a token's header, or null. */
export function kidOf(token: string): string | null {
  try {
    const kid = decodeProtectedHeader(token).kid;
    return typeof kid === 'string' ? kid : null;
  } catch {
    return null;
  }
}
