/**
 * The `sessionMinter` switch: an instance whose environment says `auth_config.session_minter:
 * true`. clerk-js 6.40 then sends the session's previous token in the body of every non-template
 * mint (`token`, so Clerk's Session Minter can clone its claims at the edge without the database)
 * and `force_origin=true` for a skip-cache mint, and never retries with `?expired_token=`
 * (clerk/javascript PRs 8096, 8105). What Clerk answers to a minter-instance mint without the
 * previous token is not documented; the emulator refuses it (422 `form_param_missing`, param
 * `token`) so a client that forgets it is seen, and a `token` that this instance did not issue
 * for this session is a 422 `form_param_value_invalid`. A valid previous token in the body is the
 * previous token Clerk asks for with `missing_expired_token`: that requirement is then met.
 * Edge mints are modelled as origin mints (same claims, same activity).
 */
import { type Body, errors, stringField } from './http.ts';
import type { InstanceState, Session } from './state.ts';
import type { Signer } from './tokens.ts';

/** Checks a mint's body on a minter instance; true when it carried this session's previous token. */
export async function checkMinterBody(instance: InstanceState, signer: Signer, session: Session, body: Body): Promise<boolean> {
  if (!instance.rules.sessionMinter) return false;
  const token = stringField(body, 'token');
  if (token === undefined || token === '') {
    if (session.lastActiveToken) throw errors.paramMissing('token');
    return false;
  }
  const claims = await signer.verifySessionToken(token);
  if (claims?.sid !== session.id) {
    throw errors.paramInvalid('token', 'token must be a session token this instance issued for this session.');
  }
  return true;
}
