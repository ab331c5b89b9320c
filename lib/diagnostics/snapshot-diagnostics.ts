/**
 * Adds the diagnostics to a fresh snapshot, in the worker, after each sync (engine.ts): the token
 * verdict when the token changed (else the previous verdict is carried: same token, same
 * signature), the previous token's claims for the claims diff, and the cookie report. Each part
 * fails on its own and never fails the sync: a diagnosis must not cost the user the numbers.
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

export async function withDiagnostics(
  snapshot: SessionSnapshot,
  previous: SessionSnapshot | null,
  rawToken: string | null,
  diagnose: Diagnose,
  now: number,
): Promise<SessionSnapshot> {
  const key = tokenKeyOf(snapshot.token);
  const previousKey = tokenKeyOf(previous?.token);
  const changed = key !== previousKey;

  let tokenVerdict: StoredVerdict | null = null;
  const carried = previous?.tokenVerdict ?? null;
  if (key !== null && carried?.tokenKey === key) tokenVerdict = carried;
  else if (key !== null && rawToken && tokenKeyOf(decodeJwt(rawToken)) === key) {
    try {
      tokenVerdict = { ...(await diagnose.verifyToken(rawToken, snapshot)), checkedAt: now, tokenKey: key };
    } catch {
      tokenVerdict = null;
    }
  }

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
  return { ...snapshot, tokenVerdict, previousTokenClaims, cookieReport };
}
