/**
 * Strips client identities and tokens from text before it can be stored or shown. clerk-js puts
 * the request URL into its network errors (`Network error at "https://…?__clerk_db_jwt=dvb_…"`),
 * and a server may echo what it was sent: every FapiError message passes through here
 * (fapi-errors.ts), so snapshots, the history on disk and the popup never hold an identity.
 * Pure; errs on the side of removing too much.
 */

const RULES: Array<[RegExp, string]> = [
  // JWTs (session tokens, production client JWTs): three base64url parts, the first one a JSON header.
  [/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, '[token]'],
  // Identity-carrying query parameters, whatever their value looks like.
  [
    /([?&](?:__clerk_db_jwt|__dev_session|__session|__client|__client_uat|expired_token|token|_clerk_session_id)(?:_[A-Za-z0-9_-]{8})?=)[^&\s"'#)]*/gi,
    '$1[redacted]',
  ],
  // Development browser ids on their own.
  [/\bdvb_[A-Za-z0-9]+/g, 'dvb_[redacted]'],
  [/\b(Bearer)\s+[^\s"',;]+/gi, '$1 [redacted]'],
  // Cookie headers quoted back: `__client=…`, `__clerk_db_jwt_AbCd1234=…`.
  [/\b((?:__clerk_db_jwt|__client|__session|__refresh)(?:_[A-Za-z0-9_-]{8})?=)[^;\s"']+/g, '$1[redacted]'],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
