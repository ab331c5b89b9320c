/**
 * What Clerk's reasons mean and what fixes them. The keys are Clerk's own strings: the
 * `AuthErrorReason` values @clerk/backend writes into `__clerk_hs_reason` and
 * `x-clerk-auth-reason` (packages/backend/src/tokens/authStatus.ts), and the
 * `TokenVerificationErrorReason` values a signed-out answer carries instead
 * (packages/backend/src/errors.ts). tests/unit/traffic/reasons.test.ts checks that every value of
 * the pinned @clerk/backend has an entry here, so a new Clerk reason cannot go unexplained.
 * Pure data; the extension ships no Clerk backend code.
 */

export interface ReasonHelp {
  /** What the reason says happened, in a developer's words. */
  cause: string;
  /** What to change. */
  fix: string;
  /** A loop with this reason is the clock's fault (the skew meter says by how much). */
  clock?: boolean;
}

const CLOCK_FIX =
  'Turn on automatic time on the machine that runs your backend (and this computer): Clerk allows 5 s between its clock and your server’s.';
const KEYS_FIX =
  'Copy the publishable key and the secret key (or CLERK_JWT_KEY) of the same Clerk instance into both your frontend and your backend; then clear this site’s cookies.';
const UAT_FIX =
  'Delete the stale __client_uat cookie (DevTools → Application → Cookies; look for a copy on another path or a parent domain) and sign in again.';

export const REASONS: Record<string, ReasonHelp> = {
  // AuthErrorReason (handshake reasons)
  'client-uat-but-no-session-token': {
    cause:
      'Clerk’s __client_uat says signed in, but no __session cookie came with the request (blocked, expired or on another path).',
    fix: 'Check that the __session cookie reaches your server (SameSite, Path, domain, a proxy that strips cookies).',
  },
  'dev-browser-missing': {
    cause: 'A development instance needs the dev-browser cookie (__clerk_db_jwt) and it was not sent.',
    fix: 'Let the handshake set it; if it loops, allow third-party cookies for the Frontend API host or use a production instance.',
  },
  'dev-browser-sync': {
    cause: 'The URL carried a dev-browser token (__clerk_db_jwt) for the server to adopt.',
    fix: 'Nothing, once: it is the normal first hop of a development sign-in. Repeated, clear the site’s cookies.',
  },
  'primary-responds-to-syncing': {
    cause: 'The primary domain answered a satellite’s sync request.',
    fix: 'Nothing, once. Repeated: check the satellite’s domain and signInUrl settings.',
  },
  'primary-domain-cross-origin-sync': {
    cause: 'A navigation from another origin reached the primary domain, which re-synced the session.',
    fix: 'Nothing, once. Repeated: list the satellite domains in the Dashboard.',
  },
  'satellite-needs-syncing': {
    cause: 'A satellite domain has no session cookie yet and must sync with the primary domain.',
    fix: 'Set isSatellite, domain and signInUrl on the satellite, add the satellite domain in the Dashboard, and do not use a preview URL that is not configured.',
  },
  'session-token-and-uat-missing': {
    cause: 'Neither __session nor __client_uat was sent: the browser is signed out.',
    fix: 'Nothing, if you are signed out. Otherwise the app’s cookies do not reach this server.',
  },
  'session-token-missing': {
    cause: 'The handshake answered without a session token: Clerk has no live session for this browser.',
    fix: 'Sign in again; if it keeps happening, the Frontend API and the backend belong to different instances.',
  },
  'session-token-expired': {
    cause: 'The __session token had expired, so the server asked Clerk for a fresh one.',
    fix: 'Nothing, once (tokens live 60 s). Repeated: the fresh token is refused too (keys or clock).',
  },
  'session-token-iat-before-client-uat': {
    cause: 'The __session token is older than the last sign-in (__client_uat): it belongs to a previous session.',
    fix: 'Nothing, once. Repeated: another app on this host writes the unsuffixed cookies; upgrade Clerk in both apps.',
  },
  'session-token-nbf': {
    cause: 'The token is not valid yet on your server’s clock (nbf in the future): the clocks disagree.',
    fix: CLOCK_FIX,
    clock: true,
  },
  'session-token-iat-in-the-future': {
    cause: 'The token was issued "in the future" by your server’s clock: the clocks disagree by more than 5 s.',
    fix: CLOCK_FIX,
    clock: true,
  },
  'session-token-but-no-client-uat': {
    cause: 'A __session cookie came with __client_uat = 0 (or none): Clerk thinks this browser signed out.',
    fix: UAT_FIX,
  },
  'active-organization-mismatch': {
    cause: 'The URL names an organization that is not the session’s active one (organizationSyncOptions).',
    fix: 'Check the organization id or slug in the URL and that the user is a member; fix organizationSyncOptions patterns.',
  },
  'token-type-mismatch': {
    cause: 'The request carried a token of another type (a machine or template token) where a session token was expected.',
    fix: 'Send the session token (getToken() without a template) to routes that expect a session.',
  },
  'unexpected-error': {
    cause: 'Clerk’s backend met an error it did not expect.',
    fix: 'Read your server’s log for the Clerk message; report it to Clerk with the clerk_trace_id.',
  },
  // TokenVerificationErrorReason (a signed-out answer's reason)
  'token-expired': {
    cause: 'The token had expired by your server’s clock.',
    fix: 'Nothing, once. Repeated with a fresh token: your server’s clock is ahead (see the skew meter).',
  },
  'token-invalid': {
    cause: 'The token could not be read as a Clerk JWT.',
    fix: 'Send the token as Clerk’s frontend SDK gives it (getToken()), unmodified.',
  },
  'token-invalid-algorithm': {
    cause: 'The token is not signed with RS256.',
    fix: 'Send a Clerk session token, not one of your own.',
  },
  'token-invalid-authorized-parties': {
    cause: 'The token’s azp (the page’s origin) is not in your backend’s authorizedParties.',
    fix: 'Add this app’s origin to authorizedParties on the server.',
  },
  'token-invalid-issuer': { cause: 'The token was issued by another Frontend API than the server expects.', fix: KEYS_FIX },
  'token-invalid-signature': {
    cause:
      'Your backend checked the token with another instance’s key: the app and the backend use keys of different Clerk instances.',
    fix: KEYS_FIX,
  },
  'token-not-active-yet': { cause: 'The token is not valid yet (nbf) on your server’s clock.', fix: CLOCK_FIX, clock: true },
  'token-iat-in-the-future': { cause: 'The token was issued in the future by your server’s clock.', fix: CLOCK_FIX, clock: true },
  'token-verification-failed': {
    cause: 'The signature could not be checked.',
    fix: 'Check CLERK_JWT_KEY (a PEM public key) or the secret key.',
  },
  'secret-key-invalid': {
    cause: 'The backend’s secret key is not valid.',
    fix: 'Copy the secret key of this app’s instance from the Dashboard (API keys).',
  },
  'jwk-local-missing': {
    cause: 'No CLERK_JWT_KEY is set for networkless verification.',
    fix: 'Set CLERK_JWT_KEY or the secret key.',
  },
  'jwk-remote-failed-to-load': {
    cause: 'The backend could not load the JWKS from Clerk.',
    fix: 'Check your server’s network access to api.clerk.com.',
  },
  'jwk-remote-invalid': {
    cause: 'The JWKS Clerk sent could not be used.',
    fix: 'Retry; report it to Clerk with the clerk_trace_id.',
  },
  'jwk-remote-missing': { cause: 'The JWKS has no key for this token.', fix: KEYS_FIX },
  'jwk-failed-to-resolve': {
    cause: 'The backend has neither a JWT key nor a secret key.',
    fix: 'Set CLERK_SECRET_KEY (or CLERK_JWT_KEY) on the server.',
  },
  'jwk-kid-mismatch': {
    cause: 'The token’s key id (kid) is not among your backend instance’s keys: keys of different instances in app and backend.',
    fix: KEYS_FIX,
  },
};

/**
 * Help for a reason string as Clerk writes it. `session-token-expired-refresh-<why>` is how the
 * backend names an expired token it could not refresh: the base reason's help.
 */
export function reasonHelp(reason: string | null | undefined): ReasonHelp | null {
  if (!reason) return null;
  const exact = REASONS[reason];
  if (exact) return exact;
  if (reason.startsWith('session-token-expired-refresh-')) return REASONS['session-token-expired'] ?? null;
  return null;
}
