/**
 * What a page's Clerk says about itself: `probeClerkPage` runs inside the inspected tab
 * (`chrome.scripting.executeScript`, MAIN world, so it sees the page's own `window.Clerk`) and
 * returns a plain, structured-clonable `PageReport`.
 *
 * Constraints of running there:
 * - The function is serialised and re-parsed in the page: it must not use anything from its
 *   module scope (no imports, no helpers outside its body).
 * - It reads; it never calls into Clerk (no `load()`, no requests) and never writes.
 * - Cookies: only the NAMES of Clerk's cookies leave the page, never a value. The split on "="
 *   happens inside the page.
 */

export interface PageClerk {
  /** `window.Clerk` (or the `window.clerk` the test pages set) is an instance, not a class. */
  instance: boolean;
  loaded: boolean | null;
  publishableKey: string | null;
  /** What the page's clerk-js talks to: the key's host, or a proxy URL / satellite host. */
  frontendApi: string | null;
  instanceType: string | null;
  proxyUrl: string | null;
  domain: string | null;
  isSatellite: boolean | null;
  version: string | null;
}

export interface PageReport {
  url: string;
  origin: string;
  clerk: PageClerk | null;
  /** `data-clerk-publishable-key` of Clerk's script tag(s), as Clerk's own script loader writes it. */
  scriptKeys: string[];
  scriptProxyUrl: string | null;
  scriptDomain: string | null;
  /** Names of Clerk's cookies readable on this origin (`document.cookie`, so not HttpOnly ones). */
  cookieNames: string[];
}

/** Injected into the page: self-contained on purpose (see the header). */
export function probeClerkPage(): PageReport {
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  const flag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
  const read = (target: Record<string, unknown>, key: string): unknown => {
    try {
      // Getters of a half-loaded clerk-js can throw.
      return target[key];
    } catch {
      return undefined;
    }
  };
  const w = window as unknown as Record<string, unknown>;
  const candidate = w.Clerk ?? w.clerk;
  let clerk: PageClerk | null = null;
  if (candidate && (typeof candidate === 'object' || typeof candidate === 'function')) {
    const target = candidate as Record<string, unknown>;
    const instance = typeof candidate === 'object';
    clerk = {
      instance,
      loaded: instance ? flag(read(target, 'loaded')) : null,
      publishableKey: instance ? text(read(target, 'publishableKey')) : null,
      frontendApi: instance ? text(read(target, 'frontendApi')) : null,
      instanceType: instance ? text(read(target, 'instanceType')) : null,
      proxyUrl: instance ? text(read(target, 'proxyUrl')) : null,
      domain: instance ? text(read(target, 'domain')) : null,
      isSatellite: instance ? flag(read(target, 'isSatellite')) : null,
      version: text(read(target, 'version')),
    };
  }
  // A page may shadow DOM built-ins (querySelectorAll, getAttribute, document.cookie): each part
  // that fails is left empty instead of failing the whole report (issue 19, item 4).
  const attempt = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch {
      return fallback;
    }
  };
  const scripts = attempt(() => Array.from(document.querySelectorAll('script[data-clerk-publishable-key]')), [] as Element[]);
  const scriptKeys = attempt(
    () => [...new Set(scripts.map((s) => s.getAttribute('data-clerk-publishable-key') ?? '').filter(Boolean))],
    [] as string[],
  );
  const scriptAttr = (name: string) =>
    attempt(() => {
      for (const s of scripts) {
        const value = s.getAttribute(name);
        if (value) return value;
      }
      return null;
    }, null);
  // Clerk's cookie names, with or without the per-key suffix (`__client_uat_<suffix>`).
  const clerkCookie = /^(?:__session|__client_uat|__refresh|__clerk|clerk_active_context)/;
  const cookieNames = attempt(
    () =>
      [
        ...new Set(
          String(document.cookie)
            .split(';')
            .map((pair) => pair.split('=')[0]?.trim() ?? '')
            .filter((name) => clerkCookie.test(name)),
        ),
      ].sort(),
    [] as string[],
  );
  return {
    url: location.href,
    origin: location.origin,
    clerk,
    scriptKeys,
    scriptProxyUrl: scriptAttr('data-clerk-proxy-url'),
    scriptDomain: scriptAttr('data-clerk-domain'),
    cookieNames,
  };
}
