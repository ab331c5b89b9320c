/**
 * The claims budget (pure): how many bytes the custom claims add to the session token, per claim,
 * against Clerk's guidance (custom claims under 1.2 KB) and the browser's 4 KB cookie cap (the
 * whole token travels in the `__session` cookie); and what changed between the previous and the
 * current token. A claim's cost is its `"name":value` JSON in UTF-8; the token's size is estimated
 * from the decoded header and claims (base64url, 4/3) plus an RS256-2048 signature (342 chars).
 */

/** Claims Clerk itself puts in a v2 session token (and `org_*` of v1 tokens). Everything else is custom. */
const STANDARD = new Set(['iss', 'sub', 'sid', 'iat', 'exp', 'nbf', 'jti', 'azp', 'v', 'fva', 'pla', 'fea', 'o', 'sts', 'act']);
/** Claims that change with every token by design: left out of the diff's headline. */
const PER_TOKEN = new Set(['iat', 'exp', 'nbf', 'jti']);

export const CUSTOM_CLAIMS_GUIDANCE_BYTES = 1200;
export const COOKIE_CAP_BYTES = 4096;
const RS256_SIGNATURE_CHARS = 342;

export function isStandardClaim(name: string): boolean {
  return STANDARD.has(name) || name.startsWith('org_');
}

export interface ClaimCost {
  name: string;
  bytes: number;
}

export interface ClaimsBudget {
  /** Custom claims, largest first. */
  custom: ClaimCost[];
  customBytes: number;
  /** Bytes the custom claims take in the encoded token (base64url). */
  customEncodedBytes: number;
  /** Estimated size of the whole token (= the `__session` cookie's value). */
  tokenBytesEstimate: number;
  overGuidance: boolean;
  overCookie: boolean;
}

const utf8 = new TextEncoder();
const b64len = (bytes: number) => Math.ceil((bytes * 4) / 3);

export function claimsBudget(claims: Record<string, unknown>, header: Record<string, unknown> = {}): ClaimsBudget {
  const custom = Object.entries(claims)
    .filter(([name]) => !isStandardClaim(name))
    .map(([name, value]) => ({
      name,
      bytes: utf8.encode(`${JSON.stringify(name)}:${JSON.stringify(value) ?? 'null'}`).length + 1,
    }))
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
  const customBytes = custom.reduce((sum, c) => sum + c.bytes, 0);
  const headerBytes = utf8.encode(JSON.stringify(header)).length;
  const claimsBytes = utf8.encode(JSON.stringify(claims)).length;
  const tokenBytesEstimate = b64len(headerBytes) + 1 + b64len(claimsBytes) + 1 + RS256_SIGNATURE_CHARS;
  return {
    custom,
    customBytes,
    customEncodedBytes: b64len(customBytes),
    tokenBytesEstimate,
    overGuidance: customBytes > CUSTOM_CLAIMS_GUIDANCE_BYTES,
    overCookie: tokenBytesEstimate + '__session'.length > COOKIE_CAP_BYTES,
  };
}

export interface ClaimsDiff {
  added: string[];
  removed: string[];
  changed: string[];
  /** iat, exp, nbf, jti that changed (expected on every new token). */
  perToken: string[];
}

export function claimsDiff(previous: Record<string, unknown> | null | undefined, current: Record<string, unknown>): ClaimsDiff {
  const diff: ClaimsDiff = { added: [], removed: [], changed: [], perToken: [] };
  if (!previous) return diff;
  const names = [...new Set([...Object.keys(previous), ...Object.keys(current)])].sort();
  for (const name of names) {
    const before = name in previous;
    const after = name in current;
    if (before && after && JSON.stringify(previous[name]) === JSON.stringify(current[name])) continue;
    if (PER_TOKEN.has(name)) diff.perToken.push(name);
    else if (!before) diff.added.push(name);
    else if (!after) diff.removed.push(name);
    else diff.changed.push(name);
  }
  return diff;
}
