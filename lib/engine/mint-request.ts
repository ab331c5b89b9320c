/**
 * The token request as clerk-js 6.40 sends it (`Session.ts`, `#createTokenResolver`), so that a
 * keep-alive mint of the direct gateway is the same request as the SDK's `getToken({ skipCache:
 * true })` for the selected app. Pure.
 *
 * What clerk-js 6.40 puts in `POST /v1/client/sessions/{id}/tokens` (form body, snake_case):
 * - `organization_id`: the active organization, or empty (`organizationId ?? null`, which its
 *   form encoder writes as `organization_id=`);
 * - `tab_state` only where there is a `document` (never in a service worker);
 * - with `auth_config.session_minter` on: `token`, the session's previous token, when it has one
 *   (the Session Minter clones its claims at the edge), and `force_origin=true` for a skip-cache
 *   mint (it sends the mint to the origin instead of the edge);
 * - in the query: `debug=skip_cache` for a skip-cache mint.
 * On 422 `missing_expired_token` it retries once with `?expired_token=<previous token>`, but only
 * with the Session Minter off: with it on, the previous token is already in the body
 * (clerk/javascript PRs 8096, 8105; 8638 later made that shape unconditional).
 */

export interface MintShape {
  /** `auth_config.session_minter` from the environment (null: not read yet = off, as clerk-js defaults). */
  sessionMinter: boolean | null;
  /** The session's previous token (its `last_active_token`), or null. Memory only. */
  previousToken: string | null;
  /** The active organization's id; null = none (sent empty). */
  organizationId?: string | null;
}

export interface MintRequest {
  body: Record<string, string>;
  query: Record<string, string>;
  /** Whether a 422 `missing_expired_token` may be retried with `?expired_token=`. */
  retryWithExpiredToken: boolean;
}

/** The keep-alive mint: always a skip-cache mint (the schedule wants a fresh token). */
export function mintRequest(shape: MintShape): MintRequest {
  const minter = shape.sessionMinter === true;
  const body: Record<string, string> = { organization_id: shape.organizationId ?? '' };
  if (minter && shape.previousToken) body.token = shape.previousToken;
  if (minter) body.force_origin = 'true';
  return { body, query: { debug: 'skip_cache' }, retryWithExpiredToken: !minter };
}
