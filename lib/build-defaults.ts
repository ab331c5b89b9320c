/**
 * Build-time defaults: a team can ship a preconfigured build by setting environment variables
 * when running `npm run build`:
 *   WXT_CLERK_PUBLISHABLE_KEY  the app's publishable key (pk_…)
 *   WXT_CLERK_SYNC_HOST        the web app's origin (optional)
 *   WXT_CLERK_APP_LABEL        the label shown in the popup (optional)
 *   WXT_CLERK_MODE             keep-alive | observe (optional, default keep-alive)
 *   WXT_MIN_ALARM_SECONDS      shortest alarm delay (default 30, Chrome's floor for packed
 *                              extensions; unpacked builds for tests may go lower)
 *   WXT_SYNC_PERIOD_SECONDS    how often each app's client is read (default 30)
 *   WXT_MEASURE_EVERY_SECONDS  how often keep-alive re-checks the server's read behaviours
 *                              (default 10 sync periods; tests shorten it)
 * Pure: takes the environment as a plain object so wxt.config.ts (Node) and the extension
 * (import.meta.env) share it.
 */
import { hostPermissionsFor, parsePublishableKey, parseSyncHost } from './publishable-key';

export type BuildEnv = Record<string, string | undefined>;

export interface BuildDefaultApp {
  label: string;
  publishableKey: string;
  syncHost: string | null;
  mode: 'keep-alive' | 'observe';
}

export function defaultAppFromEnv(env: BuildEnv): BuildDefaultApp | null {
  const key = env.WXT_CLERK_PUBLISHABLE_KEY?.trim();
  if (!key) return null;
  const parsed = parsePublishableKey(key);
  if (!parsed.ok) throw new Error(`WXT_CLERK_PUBLISHABLE_KEY: ${parsed.message}`);
  let syncHost: string | null = null;
  if (env.WXT_CLERK_SYNC_HOST?.trim()) {
    const sync = parseSyncHost(env.WXT_CLERK_SYNC_HOST);
    if (!sync.ok) throw new Error(`WXT_CLERK_SYNC_HOST: ${sync.message}`);
    syncHost = sync.origin;
  }
  return {
    label: env.WXT_CLERK_APP_LABEL?.trim() || parsed.key.fapiHost,
    publishableKey: key,
    syncHost,
    mode: env.WXT_CLERK_MODE === 'observe' ? 'observe' : 'keep-alive',
  };
}

function positiveSeconds(value: string | undefined, fallback: number): number {
  const seconds = Number(value);
  return value !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : fallback;
}

export function minAlarmSecondsFromEnv(env: BuildEnv): number {
  return positiveSeconds(env.WXT_MIN_ALARM_SECONDS, 30);
}

export function syncPeriodSecondsFromEnv(env: BuildEnv): number {
  return positiveSeconds(env.WXT_SYNC_PERIOD_SECONDS, 30);
}

/** Null: the default, 10 sync periods (lib/engine/read-policy.ts). */
export function measureEverySecondsFromEnv(env: BuildEnv): number | null {
  return env.WXT_MEASURE_EVERY_SECONDS ? positiveSeconds(env.WXT_MEASURE_EVERY_SECONDS, 300) : null;
}

/** A preconfigured build gets its app's hosts as required permissions: nothing to grant later. */
export function buildTimeHostPermissions(env: BuildEnv): string[] {
  const app = defaultAppFromEnv(env);
  if (!app) return [];
  const parsed = parsePublishableKey(app.publishableKey);
  return parsed.ok ? hostPermissionsFor(parsed.key.fapiHost, app.syncHost) : [];
}
