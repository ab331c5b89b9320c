/**
 * Signing for the emulator: one RS256 key pair per emulator run (made at start, never written to
 * disk) for session tokens and the JWKS, and an HS256 secret for the production client identity
 * JWT (the `__client` cookie / `Authorization` value), which no one but the emulator verifies.
 * A second RS256 key, made on first use and never published, signs tokens for the
 * `signWithUnknownKey` fault (its `kid` is not in the JWKS).
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { addOrganizationClaims } from './organizations.ts';
import { factorVerificationAge } from './session-model.ts';
import type { InstanceState, JwtTemplate, Session, User } from './state.ts';

export interface Signer {
  kid: string;
  jwks: { keys: JWK[] };
  /** Signs with the JWKS key, or with the unpublished key (`unknownKey`, a token fault). */
  signSessionToken(claims: Record<string, unknown>, options?: { unknownKey?: boolean }): Promise<string>;
  /**
   * The claims of a session token this emulator signed (either key), expired or not; null for
   * anything else. Used to check `?expired_token=` on mints.
   */
  verifySessionToken(jwt: string): Promise<JWTPayload | null>;
  /** The `kid` of the unpublished key (made on first call). */
  unknownKid(): Promise<string>;
  signClientJwt(clientId: string, iatMs: number): Promise<string>;
  verifyClientJwt(jwt: string): Promise<string | null>;
}

export async function createSigner(): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `ins_${randomBytes(12).toString('hex')}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const clientSecret = randomBytes(32);
  let unknown: Promise<{ kid: string; privateKey: CryptoKey; publicKey: CryptoKey }> | null = null;
  const unknownKey = () => {
    unknown ??= generateKeyPair('RS256').then((pair) => ({ ...pair, kid: `ins_${randomBytes(12).toString('hex')}` }));
    return unknown;
  };
  const anyTime = { algorithms: ['RS256'], clockTolerance: Number.MAX_SAFE_INTEGER };
  return {
    kid,
    jwks: { keys: [publicJwk] },
    async signSessionToken(claims, options = {}) {
      const key = options.unknownKey ? await unknownKey() : { kid, privateKey };
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
    },
    async verifySessionToken(jwt) {
      const keys = [publicKey, ...(unknown ? [(await unknown).publicKey] : [])];
      for (const key of keys) {
        try {
          return (await jwtVerify(jwt, key, anyTime)).payload;
        } catch {
          // not this key
        }
      }
      return null;
    },
    async unknownKid() {
      return (await unknownKey()).kid;
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
    azp: azpClaim(state, azp),
    exp: Math.floor((nowMs + state.settings.tokenLifetimeMs) / 1000),
    fva: factorVerificationAge(session.firstFactorVerifiedAt, nowMs),
    iat,
    iss: `https://${state.host}`,
    jti: jti(),
    nbf: iat - 10,
    sid: session.id,
    sub: user.id,
    v: 2,
  };
  if (session.status === 'pending') claims.sts = 'pending';
  addOrganizationClaims(state, session, claims);
  if (state.rules.omitAzp) delete claims.azp;
  return claims;
}

/** `azp`: the request's `Origin` (a page or `chrome-extension://<id>`), else the FAPI URL (a request without one). */
function azpClaim(state: InstanceState, azp: string | undefined): string {
  return azp ?? `https://${state.host}`;
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
  const claims: Record<string, unknown> = {
    ...custom,
    azp: azpClaim(state, azp),
    exp: Math.floor((nowMs + template.lifetimeMs) / 1000),
    iat,
    iss: `https://${state.host}`,
    jti: jti(),
    nbf: iat - 10,
    sub: user.id,
  };
  if (state.rules.omitAzp) delete claims.azp;
  return claims;
}
