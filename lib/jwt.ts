/**
 * Decoding (never verifying) session JWTs for display. The extension shows what the token says;
 * the app's backend is what verifies it.
 */

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

function decodeSegment(segment: string): Record<string, unknown> {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Record<string, unknown>;
}

/** Returns null for anything that is not a three-part JWT with JSON header and claims. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1]) return null;
  try {
    return { header: decodeSegment(parts[0]), claims: decodeSegment(parts[1]) };
  } catch {
    return null;
  }
}

/** A recognisable but useless fragment: never enough to replay the token. */
export function tokenPreview(token: string): string {
  return token.length <= 16 ? '…' : `${token.slice(0, 10)}…${token.slice(-4)}`;
}
