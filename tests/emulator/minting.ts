/**
 * Minting session and template tokens, with the per-instance switches that touch tokens
 * (rules.ts): the injectable 422 `missing_expired_token`, the unpublished signing key and the
 * missing `azp`. Every token the emulator hands out (sign-in, `/tokens`, templates, re-mints on
 * read) is made here, so the faults apply to all of them alike.
 */
import { errors } from './http.ts';
import type { InstanceState, JwtTemplate, Session, User } from './state.ts';
import { type Signer, sessionTokenClaims, templateTokenClaims } from './tokens.ts';

function userOf(instance: InstanceState, session: Session): User {
  const user = instance.users.get(session.userId);
  if (!user) throw errors.notFound('User');
  return user;
}

/** Mints a session token and makes it the session's `last_active_token`. Not activity by itself. */
export async function mintSessionToken(
  instance: InstanceState,
  signer: Signer,
  session: Session,
  now: number,
  origin?: string,
): Promise<string> {
  const claims = sessionTokenClaims(instance, session, userOf(instance, session), now, origin);
  const jwt = await signer.signSessionToken(claims, { unknownKey: instance.rules.signWithUnknownKey });
  session.lastActiveToken = { jwt, iatMs: Math.floor(now / 1000) * 1000 };
  return jwt;
}

/** Mints a JWT template token (it does not replace the session's `last_active_token`). */
export function mintTemplateToken(
  instance: InstanceState,
  signer: Signer,
  template: JwtTemplate,
  session: Session,
  now: number,
  origin?: string,
): Promise<string> {
  const claims = templateTokenClaims(instance, template, session, userOf(instance, session), now, origin);
  return signer.signSessionToken(claims, { unknownKey: instance.rules.signWithUnknownKey });
}

/**
 * The `requireExpiredTokenOnMint` switch. clerk-js (`Session.ts`, `#fetchToken`) answers a 422
 * `missing_expired_token` by sending the same mint again with `?expired_token=<its last token>`;
 * Clerk answered that 422 on native `/tokens` during incidents in 2026. A mint that carries
 * `expired_token` passes if the value is a token this emulator signed for this session (expired or
 * not), else it is a 422 `form_param_value_invalid`. A mint without it is refused while the
 * counter is above zero, and each refusal counts it down.
 */
export async function checkExpiredTokenRequirement(
  instance: InstanceState,
  signer: Signer,
  session: Session,
  query: URLSearchParams,
): Promise<void> {
  const expired = query.get('expired_token');
  if (expired !== null) {
    const claims = await signer.verifySessionToken(expired);
    if (claims?.sid !== session.id) {
      throw errors.paramInvalid('expired_token', 'expired_token must be a session token this instance issued for this session.');
    }
    return;
  }
  if (instance.rules.requireExpiredTokenOnMint > 0) {
    instance.rules.requireExpiredTokenOnMint -= 1;
    throw errors.missingExpiredToken();
  }
}
