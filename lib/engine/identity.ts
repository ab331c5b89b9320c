/**
 * Where an app's Clerk client identity lives, and reading it (chrome.cookies / chrome.storage
 * adapter). Mirrors what @clerk/chrome-extension does so the direct reader and the SDK always
 * act as the same client:
 * - development keys: the `__clerk_db_jwt` cookie on the sync host (the web app's origin);
 * - production keys: the `__client` cookie on the Frontend API host;
 * - the SDK copies the value to `chrome.storage.local` under `<fapi host>|__clerk_client_jwt|v2`.
 * With a sync host, a missing cookie means the app has no client in this browser (never opened,
 * or cookies cleared): we report that instead of silently reusing a stale stored copy, which is
 * what the SDK would do.
 */
import { browser } from 'wxt/browser';
import type { InstanceType } from '../publishable-key';

export interface IdentitySource {
  instanceType: InstanceType;
  cookieName: string;
  /** URL the cookie belongs to; null without a sync host. */
  cookieUrl: string | null;
  storageKey: string;
}

export function identitySource(instanceType: InstanceType, fapiHost: string, syncHost: string | null): IdentitySource {
  const production = instanceType === 'production';
  return {
    instanceType,
    cookieName: production ? '__client' : '__clerk_db_jwt',
    cookieUrl: syncHost ? (production ? `https://${fapiHost}` : syncHost) : null,
    storageKey: `${fapiHost}|__clerk_client_jwt|v2`,
  };
}

/** Cookies whose change means "the app signed in, out, or switched client": re-read now. */
export function isSyncCookie(name: string): boolean {
  return name === '__clerk_db_jwt' || name === '__client' || name === '__client_uat' || name.startsWith('__client_uat_');
}

/** Does a changed cookie belong to this source's host? Cookie domains may carry a leading dot. */
export function cookieMatches(source: IdentitySource, cookieDomain: string): boolean {
  if (!source.cookieUrl) return false;
  const host = new URL(source.cookieUrl).hostname;
  const domain = cookieDomain.replace(/^\./, '');
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * The values of the app's sync cookies, as one string. clerk-js rewrites `__client_uat` (deleting
 * it, then setting the same value) every second or two while the app's tab is open; reacting to
 * every write cost ~43 client reads a minute (measured by `npm run bench`). Comparing this
 * fingerprint before and after a burst of cookie events tells a real sign-in, sign-out or switch
 * from a rewrite.
 */
export async function syncCookieFingerprint(source: IdentitySource): Promise<string> {
  if (!source.cookieUrl) return '';
  const cookies = await browser.cookies.getAll({ url: source.cookieUrl });
  return cookies
    .filter((c) => isSyncCookie(c.name))
    .map((c) => `${c.name}=${c.value}`)
    .sort()
    .join(';');
}

export async function readIdentity(source: IdentitySource): Promise<string | null> {
  if (source.cookieUrl) {
    const cookie = await browser.cookies.get({ name: source.cookieName, url: source.cookieUrl });
    return cookie?.value || null;
  }
  const stored = await browser.storage.local.get(source.storageKey);
  const value = stored[source.storageKey];
  return typeof value === 'string' && value ? value : null;
}
