/**
 * chrome.permissions adapter for an app's hosts (the FAPI host and the sync host). App origins
 * are optional host permissions, asked for at run time; `request` must run in a user gesture on
 * an extension page (options or popup), never in the service worker.
 */
import { browser } from 'wxt/browser';
import { type AppHosts, originsForApp } from './frontend-api';

export { originsForApp };

export async function hasHostPermissions(app: AppHosts): Promise<boolean> {
  const origins = originsForApp(app);
  return origins.length > 0 && browser.permissions.contains({ origins });
}

/** Resolves false when the user refuses. */
export async function requestHostPermissions(app: AppHosts): Promise<boolean> {
  const origins = originsForApp(app);
  return origins.length > 0 && browser.permissions.request({ origins });
}
