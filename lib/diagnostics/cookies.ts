/**
 * Cookie forensics (pure): which Clerk cookies sit on the app's hosts (the sync host and the
 * Frontend API domain), whose they are, and what looks wrong. Works on plain cookie lists; the
 * chrome.cookies adapter is cookie-adapter.ts. Values are read only here, for a size and for
 * `__client_uat` = 0, and never leave this module: the report holds metadata only.
 *
 * Clerk facts behind the findings (FIELD-NOTES section 6): clerk-js writes per-key copies
 * `<name>_<suffix>` with `getCookieSuffix(publishableKey)` and cookies are not port-scoped, so two
 * Clerk apps on `localhost` share the unsuffixed names; `__client_uat` = 0 means "signed out" to
 * Clerk's middleware, so a `__session` next to it sends every request through a handshake;
 * `__clerk_handshake` should live for one redirect; partitioned (CHIPS) cookies are invisible to
 * the SDK; a cookie is capped at 4096 bytes (name plus value).
 */

export interface RawCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Seconds since the epoch; absent for a session cookie. */
  expirationDate?: number;
  sameSite: string;
  secure: boolean;
  httpOnly: boolean;
  hostOnly?: boolean;
  partitionKey?: unknown;
}

export interface CookieMeta {
  name: string;
  /** The Clerk base name (`__session`, `__client_uat`, …). */
  base: string;
  /** The per-key suffix, when the name carries one. */
  suffix: string | null;
  /** Whose suffix it is: this app, another configured app (its label), or an unknown instance; null when unsuffixed. */
  owner: { kind: 'this-app' } | { kind: 'other-app'; label: string } | { kind: 'unknown' } | null;
  domain: string;
  path: string;
  /** Epoch ms; null for a browser-session cookie. */
  expiresAt: number | null;
  sameSite: string;
  secure: boolean;
  httpOnly: boolean;
  partitioned: boolean;
  /** Bytes of name plus value (what Chrome's 4096-byte cap counts). */
  size: number;
}

export type CookieFindingId =
  | 'cookie-other-instance'
  | 'cookie-uat-zero'
  | 'cookie-handshake'
  | 'cookie-partitioned'
  | 'cookie-session-size';

export interface CookieFinding {
  id: CookieFindingId;
  /** The cookies it is about. */
  names: string[];
  detail: string;
  fix: string;
}

export interface CookieReport {
  /** Local ms. */
  at: number;
  cookies: CookieMeta[];
  findings: CookieFinding[];
}

export interface KnownApp {
  label: string;
  /** `getCookieSuffix(publishableKey)`. */
  suffix: string;
}

/** Clerk's cookie names; suffixable ones take `_<8 chars>`. */
const SUFFIXABLE = ['__session', '__client_uat', '__clerk_db_jwt', '__clerk_handshake_nonce', '__clerk_handshake', '__refresh'];
const EXACT = ['__client', 'clerk_active_context'];

export const COOKIE_LIMIT_BYTES = 4096;
export const SESSION_NEAR_LIMIT_BYTES = 3584;

/** `{ base, suffix }` for a Clerk cookie name, or null for anything else. */
export function clerkCookieName(name: string): { base: string; suffix: string | null } | null {
  if (EXACT.includes(name)) return { base: name, suffix: null };
  for (const base of SUFFIXABLE) {
    if (name === base) return { base, suffix: null };
    if (name.startsWith(`${base}_`)) {
      return { base, suffix: name.slice(base.length + 1) };
    }
  }
  return null;
}

const utf8 = new TextEncoder();

export function cookieForensics(raw: RawCookie[], thisApp: KnownApp, otherApps: KnownApp[], at: number): CookieReport {
  const seen = new Set<string>();
  const cookies: CookieMeta[] = [];
  let uatZero: string[] = [];
  for (const c of raw) {
    const parsed = clerkCookieName(c.name);
    if (!parsed) continue;
    const partitioned = c.partitionKey !== undefined && c.partitionKey !== null;
    const key = `${c.name}|${c.domain}|${c.path}|${partitioned ? JSON.stringify(c.partitionKey) : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const other = parsed.suffix ? otherApps.find((a) => a.suffix === parsed.suffix) : undefined;
    const owner: CookieMeta['owner'] = parsed.suffix
      ? parsed.suffix === thisApp.suffix
        ? { kind: 'this-app' }
        : other
          ? { kind: 'other-app', label: other.label }
          : { kind: 'unknown' }
      : null;
    if (parsed.base === '__client_uat' && c.value === '0') uatZero.push(c.name);
    cookies.push({
      name: c.name,
      base: parsed.base,
      suffix: parsed.suffix,
      owner,
      domain: c.domain,
      path: c.path,
      expiresAt: typeof c.expirationDate === 'number' ? Math.round(c.expirationDate * 1000) : null,
      sameSite: c.sameSite,
      secure: c.secure,
      httpOnly: c.httpOnly,
      partitioned,
      size: utf8.encode(c.name).length + utf8.encode(c.value).length,
    });
  }
  cookies.sort((a, b) => a.name.localeCompare(b.name) || a.domain.localeCompare(b.domain));

  const findings: CookieFinding[] = [];
  const foreign = cookies.filter((c) => c.owner && c.owner.kind !== 'this-app');
  if (foreign.length) {
    const whose = [...new Set(foreign.map((c) => (c.owner?.kind === 'other-app' ? c.owner.label : 'an unknown instance')))];
    findings.push({
      id: 'cookie-other-instance',
      names: foreign.map((c) => c.name),
      detail: `Cookies of another Clerk instance share this host (${whose.join(', ')}): the unsuffixed __session, __client_uat and __clerk_db_jwt are overwritten by whichever app ran last.`,
      fix: 'Give each Clerk app its own host (e.g. app1.localhost, app2.localhost), or clear the other app’s cookies when switching; make sure both run a Clerk JS that writes suffixed cookies.',
    });
  }
  // Only this app's pair counts: its suffixed copies if any, else the unsuffixed ones.
  const own = (base: string) => {
    const mine = cookies.filter((c) => c.base === base && c.owner?.kind === 'this-app');
    return mine.length ? mine : cookies.filter((c) => c.base === base && c.suffix === null);
  };
  const ownUatNames = new Set(own('__client_uat').map((c) => c.name));
  uatZero = uatZero.filter((n) => ownUatNames.has(n));
  if (uatZero.length && own('__session').length) {
    findings.push({
      id: 'cookie-uat-zero',
      names: [...uatZero, ...own('__session').map((c) => c.name)],
      detail:
        '__client_uat is 0 (signed out) while a __session cookie is present: Clerk’s middleware sends each request through a handshake, which can loop.',
      fix: 'Sign out and in again in the app, or clear the app’s cookies for this host.',
    });
  }
  const handshake = cookies.filter((c) => c.base.startsWith('__clerk_handshake'));
  if (handshake.length) {
    findings.push({
      id: 'cookie-handshake',
      names: handshake.map((c) => c.name),
      detail:
        'A handshake cookie is left over: it should live for a single redirect. A leftover one can make the middleware repeat the handshake (redirect loop).',
      fix: 'Delete it (DevTools → Application → Cookies); if it comes back, check that your middleware’s publishable and secret keys belong to the same instance.',
    });
  }
  const partitioned = cookies.filter((c) => c.partitioned);
  if (partitioned.length) {
    findings.push({
      id: 'cookie-partitioned',
      names: partitioned.map((c) => c.name),
      detail: 'Partitioned (CHIPS) Clerk cookies: the Clerk extension SDK and this extension cannot use them as the identity.',
      fix: 'Turn off partitioned cookies for the instance, or open the app first-party (not in an iframe), then reload it.',
    });
  }
  const big = cookies.filter((c) => c.base === '__session' && c.size > SESSION_NEAR_LIMIT_BYTES);
  if (big.length) {
    findings.push({
      id: 'cookie-session-size',
      names: big.map((c) => c.name),
      detail: `The __session cookie is ${Math.max(...big.map((c) => c.size))} bytes, close to the browser’s ${COOKIE_LIMIT_BYTES}-byte cap: a few more claims and browsers drop it (signed out for no visible reason).`,
      fix: 'Move large custom claims out of the session token (fetch them from your backend or user metadata instead); Clerk advises under 1.2 KB of custom claims.',
    });
  }
  return { at, cookies, findings };
}
