/**
 * Adds the diagnostics to a fresh snapshot, in the worker, after each sync (engine.ts): the
 * previous verdict when the token is the same (same token, same signature), the previous token's
 * claims for the claims diff, and the cookie report. Each part fails on its own and never fails
 * the sync: a diagnosis must not cost the user the numbers.
 *
 * A new token's verdict is not computed here: it needs the JWKS, a network fetch to a host the
 * publishable key names, and this runs inside the app's operation queue, where a slow JWKS host
 * would hold every sync and sign-out behind it. `withDiagnostics` only says which token needs a
 * verdict; the engine computes it outside the queue (`computeVerdict`) and stores it after.
 */
import { decodeJwt } from '../jwt';
import type { SessionSnapshot, TokenInfo } from '../snapshot';
import type { CookieReport } from './cookies';
import type { StoredVerdict, TokenVerdict } from './token-verdict';

export interface Diagnose {
  /** Verifies the raw token (memory only) for the snapshot's instance. */
  verifyToken: (rawToken: string, snapshot: SessionSnapshot) => Promise<TokenVerdict>;
  /** Reads the Clerk cookies of the app's hosts and reduces them to metadata; null without a sync host. */
  cookies: (snapshot: SessionSnapshot) => Promise<CookieReport | null>;
}

/** Which token a verdict or a diff is about: `jti`, else `iat`. */
export function tokenKeyOf(token: Pick<TokenInfo, 'claims'> | null | undefined): string | null {
  if (!token) return null;
  const { jti, iat } = token.claims;
  return typeof jti === 'string' ? jti : typeof iat === 'number' ? `iat:${iat}` : null;
}

export interface PendingVerdict {
  rawToken: string;
  tokenKey: string;
}

export async function withDiagnostics(
  snapshot: SessionSnapshot,
  previous: SessionSnapshot | null,
  rawToken: string | null,
  diagnose: Diagnose,
): Promise<{ snapshot: SessionSnapshot; pendingVerdict: PendingVerdict | null }> {
  const key = tokenKeyOf(snapshot.token);
  const previousKey = tokenKeyOf(previous?.token);
  const changed = key !== previousKey;

  let tokenVerdict: StoredVerdict | null = null;
  let pendingVerdict: PendingVerdict | null = null;
  const carried = previous?.tokenVerdict ?? null;
  if (key !== null && carried?.tokenKey === key) tokenVerdict = carried;
  else if (key !== null && rawToken && tokenKeyOf(decodeJwt(rawToken)) === key) pendingVerdict = { rawToken, tokenKey: key };

  const previousTokenClaims = !snapshot.token
    ? null
    : changed && previous?.token
      ? previous.token.claims
      : (previous?.previousTokenClaims ?? null);

  let cookieReport: CookieReport | null = previous?.cookieReport ?? null;
  try {
    cookieReport = await diagnose.cookies(snapshot);
  } catch {
    // Keep the last report: cookies rarely change between two syncs.
  }
  return { snapshot: { ...snapshot, tokenVerdict, previousTokenClaims, cookieReport }, pendingVerdict };
}

/** The verdict for a pending token; never throws (a failing verifier gives no verdict). */
export async function computeVerdict(
  diagnose: Diagnose,
  pending: PendingVerdict,
  snapshot: SessionSnapshot,
  now: () => number,
): Promise<StoredVerdict | null> {
  try {
    const verdict = await diagnose.verifyToken(pending.rawToken, snapshot);
    return { ...verdict, checkedAt: now(), tokenKey: pending.tokenKey };
  } catch {
    return null;
  }
}

/** The stored snapshot with the verdict, if it still shows the token the verdict is about. */
export function withVerdict(stored: SessionSnapshot | null, verdict: StoredVerdict): SessionSnapshot | null {
  if (!stored || tokenKeyOf(stored.token) !== verdict.tokenKey || stored.tokenVerdict?.tokenKey === verdict.tokenKey) return null;
  return { ...stored, tokenVerdict: verdict };
}
