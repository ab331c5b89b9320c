/**
 * chrome.permissions adapter for an app's hosts (the FAPI host and the sync host). App origins
 * are optional host permissions, asked for at run time; `request` must run in a user gesture on
 * an extension page (options or popup), never in the service worker.
 */
import { browser } from 'wxt/browser';
import type { AppConfig } from './apps';
import { frontendApiFor } from './frontend-api';
import { hostPermissionsFor, parsePublishableKey } from './publishable-key';

type AppHosts = Pick<AppConfig, 'publishableKey' | 'syncHost' | 'domain' | 'isSatellite' | 'proxyUrl'>;

/** The key's host (JWKS), the sync host, and a satellite's or proxy's own Frontend API host. */
export function originsForApp(app: AppHosts): string[] {
  const key = parsePublishableKey(app.publishableKey);
  if (!key.ok) return [];
  const own = hostPermissionsFor(key.key.fapiHost, app.syncHost);
  const api = frontendApiFor(key.key, app);
  return api.host === key.key.fapiHost ? own : [...own, `https://${api.host}/*`];
}

export async function hasHostPermissions(app: AppHosts): Promise<boolean> {
  const origins = originsForApp(app);
  return origins.length > 0 && browser.permissions.contains({ origins });
}

/** Resolves false when the user refuses. */
export async function requestHostPermissions(app: AppHosts): Promise<boolean> {
  const origins = originsForApp(app);
  return origins.length > 0 && browser.permissions.request({ origins });
}
