/**
 * Where an app's Clerk client identity lives, and reading it. The pure part (which cookie is the
 * app's, the sync fingerprint) works on plain cookie lists; `readCookies` is the thin
 * chrome.cookies adapter. The direct reader and the SDK both take the identity from here
 * (sdk-gateway.ts hands it to the SDK as its storage), so they always act as the same client:
 * - development keys: `__clerk_db_jwt` on the sync host (the web app's origin). clerk-js writes it
 *   twice, unsuffixed and as `__clerk_db_jwt_<suffix>` with the suffix of its own publishable key
 *   (`getCookieSuffix`, SHA-1 of the key). Cookies are not port-scoped, so two Clerk apps on
 *   `localhost` share the unsuffixed name and overwrite each other's: only the suffixed cookie
 *   is this app's for sure. It is read first; the unsuffixed one is a fallback for clerk-js
 *   versions that do not suffix, and only when no other instance's suffixed cookie is there.
 * - production keys: the `__client` cookie on the Frontend API host (one per instance, HttpOnly,
 *   set by FAPI itself, never suffixed).
 * With a sync host, a missing cookie means the app has no client in this browser (never opened,
 * or cookies cleared): we report that instead of silently reusing a stale copy, which is what the
 * SDK would do with its default on-disk store.
 */
import { getCookieSuffix, getSuffixedCookieName } from '@clerk/shared/keys';
import { browser } from 'wxt/browser';
import type { InstanceType } from '../publishable-key';

export interface IdentitySource {
  instanceType: InstanceType;
  /** The identity cookie's base name: `__clerk_db_jwt` (development) or `__client` (production). */
  baseName: string;
  /** The app's own suffixed name (development), from its publishable key. */
  suffixedName: string | null;
  /** URL the cookies belong to; null without a sync host. */
  cookieUrl: string | null;
  /** Where the SDK's default store kept the identity on disk (earlier versions of this extension let it). */
  legacyStorageKey: string;
}

/** The subset of chrome.cookies.Cookie the identity logic reads. */
export interface CookieLike {
  name: string;
  value: string;
  domain: string;
  partitionKey?: unknown;
}

const suffixes = new Map<string, Promise<string>>();

/** Clerk's cookie suffix for a publishable key (memoized: it is a SHA-1 per call). */
export function cookieSuffix(publishableKey: string): Promise<string> {
  let suffix = suffixes.get(publishableKey);
  if (!suffix) {
    suffix = getCookieSuffix(publishableKey);
    suffixes.set(publishableKey, suffix);
  }
  return suffix;
}

export async function identitySource(
  instanceType: InstanceType,
  fapiHost: string,
  syncHost: string | null,
  publishableKey: string,
): Promise<IdentitySource> {
  const production = instanceType === 'production';
  const baseName = production ? '__client' : '__clerk_db_jwt';
  return {
    instanceType,
    baseName,
    suffixedName: production ? null : getSuffixedCookieName(baseName, await cookieSuffix(publishableKey)),
    cookieUrl: syncHost ? (production ? `https://${fapiHost}` : syncHost) : null,
    legacyStorageKey: `${fapiHost}|__clerk_client_jwt|v2`,
  };
}

/** `__clerk_db_jwt_<8 chars>`, `__client_uat_<8 chars>`, `__session_<8 chars>`: a per-key copy. */
export function suffixOf(name: string, base: string): string | null {
  return name.startsWith(`${base}_`) && name.length === base.length + 9 ? name.slice(base.length + 1) : null;
}

export interface IdentityChoice {
  /** The cookie used as the identity; null when none is this app's. */
  cookie: CookieLike | null;
  /** Whether it is the app's own suffixed cookie. */
  suffixed: boolean;
  /** Suffixed identity cookies of other Clerk instances on the same host. */
  otherInstances: number;
  /** The app's identity cookie exists only partitioned (CHIPS): the SDK and this extension cannot use it. */
  partitionedOnly: boolean;
}

/** Picks the app's identity cookie from the cookies of its host (pure). */
export function chooseIdentity(source: IdentitySource, cookies: CookieLike[]): IdentityChoice {
  const readable = cookies.filter((c) => c.partitionKey === undefined && c.value !== '');
  const own = source.suffixedName ? readable.find((c) => c.name === source.suffixedName) : undefined;
  const others = readable.filter((c) => suffixOf(c.name, source.baseName) !== null && c.name !== source.suffixedName).length;
  const plain = readable.find((c) => c.name === source.baseName);
  // Another instance's suffixed cookie next to an unsuffixed one: the unsuffixed value may be
  // theirs (the last app to load wins it). Only our own suffixed copy is safe then.
  const cookie = own ?? (others === 0 ? plain : undefined) ?? null;
  const wanted = (c: CookieLike) => c.name === source.suffixedName || c.name === source.baseName;
  return {
    cookie,
    suffixed: cookie !== null && cookie === own,
    otherInstances: others,
    partitionedOnly: cookie === null && cookies.some((c) => c.partitionKey !== undefined && wanted(c)),
  };
}

/** Cookies whose change may mean "the app signed in, out, or switched client". */
export function isSyncCookie(name: string): boolean {
  return (
    name === '__clerk_db_jwt' ||
    name === '__client' ||
    name === '__client_uat' ||
    suffixOf(name, '__clerk_db_jwt') !== null ||
    suffixOf(name, '__client_uat') !== null
  );
}

/** The app's session token cookie (`__session`, or its per-key copy): the app's tab minted. */
export function isAppTokenCookie(name: string): boolean {
  return name === '__session' || suffixOf(name, '__session') !== null;
}

/**
 * The app's current token as one string (pure): its own suffixed `__session_<suffix>` when
 * present, else the plain one. Held in the worker's memory only, to tell a new token from a rewrite.
 */
export function tokenFingerprintOf(cookies: CookieLike[], suffix: string): string {
  const readable = cookies.filter((c) => c.partitionKey === undefined);
  const own = readable.find((c) => c.name === `__session_${suffix}`) ?? readable.find((c) => c.name === '__session');
  return own?.value ?? '';
}

/** Does a changed cookie belong to this source's host? Cookie domains may carry a leading dot. */
export function cookieMatches(source: IdentitySource, cookieDomain: string): boolean {
  if (!source.cookieUrl) return false;
  const host = new URL(source.cookieUrl).hostname;
  const domain = cookieDomain.replace(/^\./, '');
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * The values of this app's sync cookies, as one string (pure). clerk-js rewrites `__client_uat`
 * (deleting it, then setting the same value) every second or two while the app's tab is open;
 * reacting to every write cost ~43 client reads a minute (measured by `npm run bench`). Comparing
 * this fingerprint before and after a burst of cookie events tells a real sign-in, sign-out or
 * switch from a rewrite. Only the app's own cookies count: with its suffixed copies present, the
 * unsuffixed ones (which another app on the same host keeps flipping) are left out.
 */
export function fingerprintOf(
  source: IdentitySource,
  cookies: CookieLike[],
  suffix: string | null,
  /** Only the client's own cookie (`__clerk_db_jwt`, `__client`): did the client behind the app change? */
  clientOnly = false,
): string {
  const readable = cookies.filter((c) => c.partitionKey === undefined);
  const has = (name: string) => readable.some((c) => c.name === name);
  const names = new Set<string>();
  for (const base of clientOnly ? ['__clerk_db_jwt'] : ['__clerk_db_jwt', '__client_uat']) {
    const suffixed = suffix ? `${base}_${suffix}` : null;
    names.add(suffixed && has(suffixed) ? suffixed : base);
  }
  if (source.instanceType === 'production') names.add('__client');
  return readable
    .filter((c) => names.has(c.name))
    .map((c) => `${c.name}=${c.value}`)
    .sort()
    .join(';');
}

/** chrome.cookies adapter: every cookie of the source's URL, partitioned ones included (Chrome 119+). */
export async function readCookies(source: IdentitySource): Promise<CookieLike[]> {
  if (!source.cookieUrl) return [];
  const url = source.cookieUrl;
  const [plain, partitioned] = await Promise.all([
    browser.cookies.getAll({ url }),
    // An empty partition key asks for the cookies of every partition (Chrome 119+); older
    // versions reject it, and then there is simply nothing partitioned to report.
    browser.cookies.getAll({ url, partitionKey: {} } as Parameters<typeof browser.cookies.getAll>[0]).catch(() => []),
  ]);
  return [...plain, ...partitioned.filter((c) => (c as CookieLike).partitionKey !== undefined)] as CookieLike[];
}

/** The app's identity value, or null (no client in this browser). */
export async function readIdentity(source: IdentitySource): Promise<string | null> {
  return chooseIdentity(source, await readCookies(source)).cookie?.value ?? null;
}

/** Earlier versions let the SDK keep the raw client JWT on disk: delete every such copy. */
export async function removeLegacyIdentityCopies(): Promise<number> {
  const all = await browser.storage.local.get(null);
  const keys = Object.keys(all).filter((k) => k.includes('|__clerk_client_jwt|'));
  if (keys.length) await browser.storage.local.remove(keys);
  return keys.length;
}
