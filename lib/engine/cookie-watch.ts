/**
 * Reacting to the app's Clerk cookies: sign-in, sign-out and account switches in the app show up
 * at once, not at the next alarm. Cookie events come in bursts, and clerk-js rewrites its cookies
 * with the same values all the time, so each app waits for its burst to end and refreshes only
 * when its own cookies' fingerprint (identity.ts) changed: with two Clerk apps on one host, the
 * unsuffixed cookies they fight over do not count, and neither app refreshes for the other.
 * Each app is handled on its own: one app with a bad stored sync host cannot stop the others.
 */
import type { AppConfig } from '../apps';
import { parsePublishableKey } from '../publishable-key';
import {
  type CookieLike,
  cookieMatches,
  cookieSuffix,
  fingerprintOf,
  type IdentitySource,
  identitySource,
  isSyncCookie,
} from './identity';

export interface CookieWatchDeps {
  loadApps: () => Promise<AppConfig[]>;
  readCookies: (source: IdentitySource) => Promise<CookieLike[]>;
  onChanged: (appId: string) => Promise<void>;
  /** How long a burst of cookie events may last. */
  settleMs?: number;
  onError?: (appId: string, error: unknown) => void;
}

export function createCookieWatch(deps: CookieWatchDeps) {
  const settleMs = deps.settleMs ?? 300;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const fingerprints = new Map<string, string>();

  async function settle(app: AppConfig, source: IdentitySource) {
    const suffix = source.instanceType === 'development' ? await cookieSuffix(app.publishableKey) : null;
    const fingerprint = fingerprintOf(source, await deps.readCookies(source), suffix);
    if (fingerprints.get(app.id) === fingerprint) return;
    fingerprints.set(app.id, fingerprint);
    await deps.onChanged(app.id);
  }

  async function consider(app: AppConfig, cookie: Pick<CookieLike, 'name' | 'domain'>) {
    const key = parsePublishableKey(app.publishableKey);
    if (!key.ok) return;
    const source = await identitySource(key.key.instanceType, key.key.fapiHost, app.syncHost, app.publishableKey);
    if (!cookieMatches(source, cookie.domain)) return;
    clearTimeout(timers.get(app.id));
    timers.set(
      app.id,
      setTimeout(() => {
        timers.delete(app.id);
        settle(app, source).catch((error) => deps.onError?.(app.id, error));
      }, settleMs),
    );
  }

  return {
    /** chrome.cookies.onChanged: one changed cookie. */
    async onCookieChanged(cookie: Pick<CookieLike, 'name' | 'domain'>): Promise<void> {
      if (!isSyncCookie(cookie.name)) return;
      const apps = await deps.loadApps();
      await Promise.all(apps.map((app) => consider(app, cookie).catch((error) => deps.onError?.(app.id, error))));
    },
    /** Pending bursts (tests). */
    pendingCount: () => timers.size,
  };
}
