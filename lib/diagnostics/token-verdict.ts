/**
 * The token verdict: "would a Clerk backend accept this session token now?" Pure except for the
 * JWKS, which the caller passes in (jwks.ts fetches and caches it).
 *
 * It judges as `@clerk/backend`'s `verifyToken` / `verifyJwt` (3.25) do, in their order: the header
 * (`typ` JWT when present, an RS algorithm), the signature against the instance's JWKS, `sub` a
 * string, `azp` among the authorized parties **only when the developer declared them** (the
 * backend's `authorizedParties` option; exact string match, as the backend compares), `exp`, `nbf`
 * and `iat` not in the future, each with the backend's `clockSkewInMs` (default 5000). The backend
 * does not check `iss` by default: a different issuer is a note, not a refusal, and so is an `azp`
 * nobody declared parties for. tests/unit/diagnostics/verdict-vs-backend.test.ts runs this and the
 * real `@clerk/backend` `verifyToken` on the same tokens (fast-check) and wants the same answer.
 *
 * Why a mirror and not `@clerk/backend` itself (it runs in a worker, ~9.6 KB gzipped): it judges on
 * `Date.now()`, this computer's clock, while a backend runs on a clock synced with Clerk's; the
 * verdict uses the server clock estimate (local now + `clockOffsetMs`; the doctor's "Clock" check
 * reports a wrong local clock on its own). And it stops at the first failure, where the doctor
 * names every one. The signature is checked by `jose`, never by hand. The raw token is only
 * passed through: never stored or logged.
 */
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet } from 'jose';
import { decodeJwt } from '../jwt';

/** Clerk's default allowance for `exp`/`nbf`/`iat` (backend `clockSkewInMs`). */
export const VERDICT_SKEW_MS = 5_000;
/** The algorithms `@clerk/backend` accepts (`algs` in its jwt/algorithms). */
export const BACKEND_ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;

export type VerdictCode =
  | 'malformed'
  | 'bad-header'
  | 'jwks-unavailable'
  | 'unknown-kid'
  | 'bad-signature'
  | 'sub-missing'
  | 'azp-missing'
  | 'azp-mismatch'
  | 'expired'
  | 'not-yet-valid'
  | 'iat-in-future';

/** Information beside the verdict: what a backend does not check by default. */
export type VerdictNoteCode = 'iss-differs' | 'azp-unchecked';

export interface VerdictReason {
  code: VerdictCode | VerdictNoteCode | (string & {});
  message: string;
}

export interface TokenVerdict {
  accepted: boolean;
  /** Why a backend refuses it (empty when accepted), in the backend's order of checks. */
  reasons: VerdictReason[];
  /** Information that changes nothing about the verdict (a different `iss`, an unchecked `azp`). */
  notes?: VerdictReason[];
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
  /** What the developer declared as the backend's `authorizedParties`; null or empty = not checked. */
  authorizedParties: readonly string[] | null;
}

function seconds(ms: number): string {
  return `${Math.round(Math.abs(ms) / 1000)} s`;
}

/** `new Date(0).setUTCSeconds(x)` as the backend computes it: whole seconds, toward zero. */
const msOf = (claim: number) => Math.trunc(claim) * 1000;

/** Header checks (`assertHeaderType`, `assertHeaderAlgorithm`). */
function headerReasons(header: Record<string, unknown>): VerdictReason[] {
  const { typ, alg } = header;
  if (typ !== undefined && typ !== 'JWT')
    return [{ code: 'bad-header', message: `The header's typ is ${JSON.stringify(typ)}; a Clerk backend expects "JWT".` }];
  if (!BACKEND_ALGORITHMS.includes(alg as (typeof BACKEND_ALGORITHMS)[number]))
    return [
      {
        code: 'bad-header',
        message: `Signed with ${JSON.stringify(alg)}; a Clerk backend accepts ${BACKEND_ALGORITHMS.join(', ')}.`,
      },
    ];
  return [];
}

function azpMessage(azp: string, parties: readonly string[], fapiHost: string): string {
  const list = `[${parties.join(', ')}]`;
  if (azp.startsWith('chrome-extension://'))
    return `azp is ${azp} (the extension minted it): a backend whose authorizedParties is ${list} refuses it; add the extension origin there if the extension calls your backend.`;
  if (azp === `https://${fapiHost}`)
    return `azp is the Frontend API URL (${azp}): the token was minted without a page origin (by a server, not a browser page or an extension), so a backend with authorizedParties ${list} refuses it.`;
  return `azp is ${azp}, which is not in the authorized parties you declared ${list} (the backend compares exact strings).`;
}

/** Claim checks that need no key, in the backend's order: sub, azp, exp, nbf, iat. Exported for tests. */
export function claimReasons(
  claims: Record<string, unknown>,
  input: Omit<VerdictInput, 'token' | 'jwks'>,
): { reasons: VerdictReason[]; notes: VerdictReason[] } {
  const reasons: VerdictReason[] = [];
  const notes: VerdictReason[] = [];
  const serverNow = input.now + input.clockOffsetMs;
  const { sub, azp, exp, nbf, iat, iss } = claims;
  const parties = input.authorizedParties?.length ? input.authorizedParties : null;

  if (typeof sub !== 'string')
    reasons.push({ code: 'sub-missing', message: 'The token has no sub claim (the user id): a Clerk backend refuses it.' });

  if (parties) {
    if (typeof azp !== 'string' || azp === '')
      reasons.push({
        code: 'azp-missing',
        message: `The token has no azp claim: a backend with authorizedParties [${parties.join(', ')}] refuses it.`,
      });
    else if (!parties.includes(azp)) reasons.push({ code: 'azp-mismatch', message: azpMessage(azp, parties, input.fapiHost) });
  } else {
    notes.push({
      code: 'azp-unchecked',
      message: `azp is ${typeof azp === 'string' && azp ? azp : 'absent'}; not checked, because no authorized parties are declared for this app (declare your backend's authorizedParties on the options page to check it).`,
    });
  }

  if (typeof exp !== 'number') reasons.push({ code: 'expired', message: 'The token has no numeric exp claim.' });
  else if (msOf(exp) <= serverNow - VERDICT_SKEW_MS)
    reasons.push({
      code: 'expired',
      message: `Expired ${seconds(serverNow - msOf(exp))} ago (Clerk's clock; allowance 5 s). Clerk tokens live 60 s by default: get a fresh one with getToken().`,
    });
  if (nbf !== undefined && typeof nbf !== 'number')
    reasons.push({ code: 'not-yet-valid', message: 'The nbf claim is not a number.' });
  else if (typeof nbf === 'number' && msOf(nbf) > serverNow + VERDICT_SKEW_MS)
    reasons.push({
      code: 'not-yet-valid',
      message: `Not valid for another ${seconds(msOf(nbf) - serverNow)} (nbf, allowance 5 s).`,
    });
  if (iat !== undefined && typeof iat !== 'number')
    reasons.push({ code: 'iat-in-future', message: 'The iat claim is not a number.' });
  else if (typeof iat === 'number' && msOf(iat) > serverNow + VERDICT_SKEW_MS)
    reasons.push({
      code: 'iat-in-future',
      message: `Issued ${seconds(msOf(iat) - serverNow)} in the future (iat, allowance 5 s): the backend's clock or Clerk's is off.`,
    });

  const expectedIss = `https://${input.fapiHost}`;
  if (iss !== expectedIss)
    notes.push({
      code: 'iss-differs',
      message: `iss is ${typeof iss === 'string' ? iss : 'absent'}, not ${expectedIss}. A Clerk backend does not check iss by default (only with an explicit issuer option); a proxied or satellite app, or another instance, shows this.`,
    });
  return { reasons, notes };
}

/** Verifies the header, the signature and the claims; never throws. */
export async function tokenVerdict(input: VerdictInput): Promise<TokenVerdict> {
  const decoded = decodeJwt(input.token);
  if (!decoded) return { accepted: false, reasons: [{ code: 'malformed', message: 'Not a JWT.' }] };
  const reasons: VerdictReason[] = headerReasons(decoded.header);
  if (reasons.length === 0) {
    if (!input.jwks) {
      reasons.push({
        code: 'jwks-unavailable',
        message: `The JWKS (https://${input.fapiHost}/.well-known/jwks.json) could not be read: the signature is not checked.`,
      });
    } else {
      try {
        await compactVerify(input.token, createLocalJWKSet(input.jwks), { algorithms: [...BACKEND_ALGORITHMS] });
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
  }
  const claims = claimReasons(decoded.claims, input);
  reasons.push(...claims.reasons);
  return { accepted: reasons.length === 0, reasons, ...(claims.notes.length ? { notes: claims.notes } : {}) };
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
