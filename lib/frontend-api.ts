/**
 * Which Frontend API an app's requests go to, and where its identity lives, as clerk-js 6.40
 * builds them (`buildUrl` in its FAPI client; the `domain` and `proxyUrl` getters of `Clerk`):
 * - a proxy URL (`proxyUrl`): every request goes to `<proxy origin><proxy path>/v1/…`, and the
 *   production `__client` cookie is the proxy's host's;
 * - production with a `domain` (a satellite, `isSatellite`): `https://clerk.<domain>` (a leading
 *   `clerk.` of the domain is not doubled), with that domain's own `__client`: its own client,
 *   its own sessions;
 * - development with a `domain` and `isSatellite`: the key's host, plus `__domain=<domain>`;
 * - else the key's host.
 * The token's keys are the instance's: the JWKS stays on the key's host. Pure.
 */

import type { AppConfig } from './apps';
import { isIpLiteral, isLocalhost } from './host-kinds';
import { hostPermissionsFor, type InstanceType, type ParsedPublishableKey, parsePublishableKey } from './publishable-key';

export interface FrontendApiOptions {
  /** The satellite's domain (clerk-js `domain`), a host such as `satellite.example.com`. */
  domain?: string;
  isSatellite?: boolean;
  /** clerk-js `proxyUrl`: an absolute https URL, e.g. `https://app.example.com/__clerk`. */
  proxyUrl?: string;
}

export interface FrontendApi {
  instanceType: InstanceType;
  /** Where requests go: origin and path prefix, no trailing slash (`https://clerk.example.com`). */
  base: string;
  /** The host of `base`: host permission, and the production identity cookie's host. */
  host: string;
  /** Extra query parameters on every request (`__domain` for development satellites). */
  query: Record<string, string>;
  /** The key's own host (JWKS, and what the snapshot names as the instance). */
  keyHost: string;
  /** Not the key's plain Frontend API: the SDK (which knows no `domain`/`proxyUrl`) must not serve it. */
  custom: boolean;
  /**
   * Why the extension cannot serve this setup (nothing is read then: the key's Frontend API would
   * show another client's data). clerk-js refuses a satellite without a domain or proxy URL too.
   */
  unsupported?: string;
}

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/**
 * A satellite domain as stored: a lower-case host with a dot, or null. Never an IP address: a
 * production satellite's Frontend API is `clerk.<domain>`, and `clerk.169.254.169.254` is nothing.
 */
export function parseDomain(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const host = value.trim().toLowerCase();
  return host.length <= 253 && HOST.test(host) && !isIpLiteral(host) ? host : null;
}

/**
 * A proxy URL as stored: https, a host, an optional path; no query, no fragment. Or null. Never an
 * IP address or localhost (the worker sends the app's identity there; Clerk proxies production
 * instances on the app's own domain).
 */
export function parseProxyUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' || url.search || url.hash || url.username || url.password) return null;
    if (!HOST.test(url.hostname) || isIpLiteral(url.hostname) || isLocalhost(url.hostname)) return null;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

export function frontendApiFor(key: ParsedPublishableKey, options: FrontendApiOptions = {}): FrontendApi {
  const plain = { instanceType: key.instanceType, keyHost: key.fapiHost };
  const proxy = parseProxyUrl(options.proxyUrl);
  if (proxy) return { ...plain, base: proxy, host: new URL(proxy).hostname, query: {}, custom: true };
  const domain = parseDomain(options.domain);
  if (domain && key.instanceType === 'production') {
    const host = `clerk.${domain.replace(/^(clerk\.)+/, '')}`;
    return { ...plain, base: `https://${host}`, host, query: {}, custom: host !== key.fapiHost };
  }
  if (options.isSatellite && !domain)
    return {
      ...plain,
      base: `https://${key.fapiHost}`,
      host: key.fapiHost,
      query: {},
      custom: true,
      unsupported:
        "This app is declared a satellite without its domain (or proxy URL): the key's Frontend API would show the primary's client, not the satellite's, so nothing is read. Set the satellite's domain (Clerk's `domain` option) on the app.",
    };
  if (domain && options.isSatellite) {
    return { ...plain, base: `https://${key.fapiHost}`, host: key.fapiHost, query: { __domain: domain }, custom: true };
  }
  return { ...plain, base: `https://${key.fapiHost}`, host: key.fapiHost, query: {}, custom: false };
}

export type AppHosts = Pick<AppConfig, 'publishableKey' | 'syncHost' | 'domain' | 'isSatellite' | 'proxyUrl'>;

/** Host permissions an app needs: the key's host (JWKS), the sync host, and a satellite's or proxy's own Frontend API host. */
export function originsForApp(app: AppHosts): string[] {
  const key = parsePublishableKey(app.publishableKey);
  if (!key.ok) return [];
  const own = hostPermissionsFor(key.key.fapiHost, app.syncHost);
  const api = frontendApiFor(key.key, app);
  return [...new Set([...own, `https://${api.host}/*`])];
}
