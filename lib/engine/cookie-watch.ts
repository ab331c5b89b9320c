/**
 * Reacting to the app's Clerk cookies: sign-in, sign-out and account switches in the app show up
 * at once, not at the next alarm. Cookie events come in bursts, and clerk-js rewrites its cookies
 * with the same values all the time, so each app waits for its burst to end and refreshes only
 * when its own cookies' fingerprint (identity.ts) changed: with two Clerk apps on one host, the
 * unsuffixed cookies they fight over do not count, and neither app refreshes for the other.
 * Each app is handled on its own: one app with a bad stored sync host cannot stop the others.
 *
 * Every app also watches the app's `__session` cookie on the sync host: it changes each time the
 * app's own tab mints a token, which is activity on the server (a new `last_active_at`). Its
 * change asks for one read (`onAppToken`), so the snapshot shows the app's activity within about a
 * second, in both modes: keep-alive leaves out the sync alarms' reads it makes needless
 * (read-policy.ts), and observe, which reads once per sync alarm, is no longer a whole sync period
 * behind the app's tab (issue 22: up to 43 s off before).
 */

import type { AppConfig } from '../apps';
import { frontendApiFor } from '../frontend-api';
import { trustedAppKey } from '../host-trust';
import {
  type CookieLike,
  cookieMatches,
  cookieSuffix,
  fingerprintOf,
  type IdentitySource,
  identitySource,
  isAppTokenCookie,
  isSyncCookie,
  tokenFingerprintOf,
} from './identity';

export interface CookieWatchDeps {
  loadApps: () => Promise<AppConfig[]>;
  readCookies: (source: IdentitySource) => Promise<CookieLike[]>;
  /**
   * The app signed in, out, or switched (its identity cookies moved). `clientChanged`: the client
   * cookie itself moved (a new dev browser, a rotated `__client`), not only `__client_uat`, which
   * every touch (a session or organization switch) rewrites.
   */
  onChanged: (appId: string, clientChanged: boolean) => Promise<void>;
  /** The app's own tab minted a token (its `__session` cookie changed). */
  onAppToken?: (appId: string) => Promise<void>;
  /** How long a burst of cookie events may last. */
  settleMs?: number;
  onError?: (appId: string, error: unknown) => void;
}

export function createCookieWatch(deps: CookieWatchDeps) {
  const settleMs = deps.settleMs ?? 300;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Per app and channel (`<appId>` identity, `<appId>:token` the app's token): the last values seen. */
  const fingerprints = new Map<string, string>();

  /** Calls `changed` after the burst, when the fingerprint of the source's cookies moved. */
  function afterBurst(
    appId: string,
    key: string,
    source: IdentitySource,
    fingerprint: (cookies: CookieLike[]) => Promise<string>,
    changed: (previous: string | undefined, next: string) => Promise<void>,
  ) {
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        void (async () => {
          const next = await fingerprint(await deps.readCookies(source));
          const previous = fingerprints.get(key);
          if (previous === next) return;
          fingerprints.set(key, next);
          await changed(previous, next);
        })().catch((error) => deps.onError?.(appId, error));
      }, settleMs),
    );
  }

  async function consider(app: AppConfig, cookie: Pick<CookieLike, 'name' | 'domain'>) {
    const key = trustedAppKey(app);
    if (!key.ok) return;
    // A satellite's or proxied app's identity lives on its own Frontend API host (frontend-api.ts).
    const source = await identitySource(
      key.key.instanceType,
      frontendApiFor(key.key, app).host,
      app.syncHost,
      app.publishableKey,
    );
    if (isSyncCookie(cookie.name) && cookieMatches(source, cookie.domain)) {
      const suffix = source.instanceType === 'development' ? await cookieSuffix(app.publishableKey) : null;
      // One string, two parts: the client's own cookie, then every identity cookie.
      afterBurst(
        app.id,
        app.id,
        source,
        async (cookies) => `${fingerprintOf(source, cookies, suffix, true)}\n${fingerprintOf(source, cookies, suffix)}`,
        (previous, next) => deps.onChanged(app.id, previous?.split('\n')[0] !== next.split('\n')[0]),
      );
    }
    // The app's `__session` lives on the app's own host (the sync host), for both instance types.
    const appHost: IdentitySource = { ...source, cookieUrl: app.syncHost };
    if (deps.onAppToken && isAppTokenCookie(cookie.name) && cookieMatches(appHost, cookie.domain)) {
      const onAppToken = deps.onAppToken;
      const suffix = await cookieSuffix(app.publishableKey);
      afterBurst(
        app.id,
        `${app.id}:token`,
        appHost,
        async (cookies) => tokenFingerprintOf(cookies, suffix),
        () => onAppToken(app.id),
      );
    }
  }

  return {
    /** chrome.cookies.onChanged: one changed cookie. */
    async onCookieChanged(cookie: Pick<CookieLike, 'name' | 'domain'>): Promise<void> {
      if (!isSyncCookie(cookie.name) && !isAppTokenCookie(cookie.name)) return;
      const apps = await deps.loadApps();
      await Promise.all(apps.map((app) => consider(app, cookie).catch((error) => deps.onError?.(app.id, error))));
    },
    /** Pending bursts (tests). */
    pendingCount: () => timers.size,
  };
}
