/**
 * Signing for the emulator: one RS256 key pair per emulator run (made at start, never written to
 * disk) for session tokens and the JWKS, and an HS256 secret for the production client identity
 * JWT (the `__client` cookie / `Authorization` value), which no one but the emulator verifies.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import { factorVerificationAge } from './session-model.ts';
import type { InstanceState, JwtTemplate, Session, User } from './state.ts';

export interface Signer {
  kid: string;
  jwks: { keys: JWK[] };
  signSessionToken(claims: Record<string, unknown>): Promise<string>;
  signClientJwt(clientId: string, iatMs: number): Promise<string>;
  verifyClientJwt(jwt: string): Promise<string | null>;
}

export async function createSigner(): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `ins_${randomBytes(12).toString('hex')}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const clientSecret = randomBytes(32);
  return {
    kid,
    jwks: { keys: [publicJwk] },
    signSessionToken(claims) {
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey);
    },
    signClientJwt(clientId, iatMs) {
      return new SignJWT({ id: clientId, rotating_token: randomBytes(10).toString('hex') })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(Math.floor(iatMs / 1000))
        .sign(clientSecret);
    },
    async verifyClientJwt(jwt) {
      try {
        const { payload } = await jwtVerify(jwt, clientSecret, {
          algorithms: ['HS256'],
          clockTolerance: Number.MAX_SAFE_INTEGER,
        });
        return typeof payload.id === 'string' ? payload.id : null;
      } catch {
        return null;
      }
    },
  };
}

function jti(): string {
  return randomBytes(10).toString('hex');
}

/** v2 session token claims (FIELD-NOTES §1), plus the user's custom claims. */
export function sessionTokenClaims(
  state: InstanceState,
  session: Session,
  user: User,
  nowMs: number,
  azp: string | undefined,
): Record<string, unknown> {
  const iat = Math.floor(nowMs / 1000);
  const claims: Record<string, unknown> = {
    ...user.customClaims,
    azp: azp ?? `https://${state.host}`,
    exp: Math.floor((nowMs + state.settings.tokenLifetimeMs) / 1000),
    fva: factorVerificationAge(session.signedInAt, nowMs),
    iat,
    iss: `https://${state.host}`,
    jti: jti(),
    nbf: iat - 10,
    sid: session.id,
    sub: user.id,
    v: 2,
  };
  if (session.status === 'pending') claims.sts = 'pending';
  return claims;
}

/** Resolves `{{user.id}}`-style shortcodes in template claims (whole-string values only). */
function resolveShortcodes(value: unknown, user: User, session: Session): unknown {
  if (typeof value === 'string') {
    const match = /^\{\{\s*(user|session)\.([a-z_]+)\s*\}\}$/.exec(value);
    if (!match) return value;
    const table: Record<string, unknown> =
      match[1] === 'user'
        ? {
            id: user.id,
            first_name: user.firstName,
            last_name: user.lastName,
            username: user.username,
            primary_email_address: user.email,
            image_url: user.imageUrl,
            public_metadata: user.publicMetadata,
          }
        : { id: session.id };
    return table[match[2] ?? ''] ?? null;
  }
  if (Array.isArray(value)) return value.map((v) => resolveShortcodes(v, user, session));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveShortcodes(v, user, session)]));
  }
  return value;
}

/** JWT template claims: the template's own claims and lifetime over Clerk's default claims. */
export function templateTokenClaims(
  state: InstanceState,
  template: JwtTemplate,
  session: Session,
  user: User,
  nowMs: number,
  azp: string | undefined,
): Record<string, unknown> {
  const iat = Math.floor(nowMs / 1000);
  const custom = resolveShortcodes(template.claims, user, session) as Record<string, unknown>;
  return {
    ...custom,
    azp: azp ?? `https://${state.host}`,
    exp: Math.floor((nowMs + template.lifetimeMs) / 1000),
    iat,
    iss: `https://${state.host}`,
    jti: jti(),
    nbf: iat - 10,
    sub: user.id,
  };
}
