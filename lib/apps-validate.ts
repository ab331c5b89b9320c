/**
 * Validation of the stored apps as they are read. `storage.local` is written by older versions,
 * by hand in DevTools and by the build's seed, so nothing read from it is trusted: an entry
 * holding a secret key is dropped (it must never reach memory, a message or the screen), a broken
 * entry is dropped, and out-of-range fields fall back to their defaults. In the popup's bundle:
 * keep it small.
 */
import { type AppConfig, DEFAULT_THRESHOLDS, type Mode } from './apps';
import { storedAuthorizedParties } from './authorized-parties';
import { parseDomain, parseProxyUrl } from './frontend-api';
import { containsSecretKey, parseSyncHost } from './publishable-key';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A whole number of seconds ≥ min, or null. */
function seconds(value: unknown, min: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= MAX_SECONDS ? Math.round(value) : null;
}

/** Ten years: more than any Clerk session lifetime. */
const MAX_SECONDS = 10 * 365 * 24 * 3600;

function validApp(raw: unknown): AppConfig | null {
  if (!isRecord(raw)) return null;
  const { id, label, publishableKey } = raw;
  if (typeof id !== 'string' || id === '' || typeof publishableKey !== 'string') return null;
  if (containsSecretKey(publishableKey) || (typeof label === 'string' && containsSecretKey(label))) return null;
  const host = typeof raw.syncHost === 'string' ? parseSyncHost(raw.syncHost) : null;
  const declared = isRecord(raw.declared) ? raw.declared : {};
  const thresholds = isRecord(raw.thresholds) ? raw.thresholds : {};
  const warningSeconds = seconds(thresholds.warningSeconds, 1) ?? DEFAULT_THRESHOLDS.warningSeconds;
  const critical = seconds(thresholds.criticalSeconds, 1) ?? DEFAULT_THRESHOLDS.criticalSeconds;
  const authorizedParties = storedAuthorizedParties(raw.authorizedParties);
  const domain = parseDomain(raw.domain);
  const proxyUrl = parseProxyUrl(raw.proxyUrl);
  return {
    id: id.slice(0, 100),
    label: typeof label === 'string' ? label.slice(0, 100) : id.slice(0, 100),
    publishableKey: publishableKey.trim().slice(0, 1000),
    syncHost: host?.ok ? host.origin : null,
    mode: raw.mode === 'observe' ? 'observe' : ('keep-alive' satisfies Mode),
    declared: {
      inactivityTimeoutSeconds: seconds(declared.inactivityTimeoutSeconds, 0),
      maximumLifetimeSeconds: seconds(declared.maximumLifetimeSeconds, 0),
    },
    thresholds: {
      warningSeconds,
      criticalSeconds: critical < warningSeconds ? critical : Math.max(1, Math.floor(warningSeconds / 5)),
    },
    notifyBeforeSeconds: seconds(raw.notifyBeforeSeconds, 1),
    ...(typeof raw.confirmedFapiHost === 'string' && raw.confirmedFapiHost.length <= 253
      ? { confirmedFapiHost: raw.confirmedFapiHost.toLowerCase() }
      : {}),
    ...(authorizedParties ? { authorizedParties } : {}),
    ...(domain ? { domain, isSatellite: raw.isSatellite === true } : {}),
    ...(proxyUrl ? { proxyUrl } : {}),
  };
}

/** The valid apps among whatever `local:apps` holds, in order, one per id. */
export function validateStoredApps(raw: unknown): AppConfig[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const apps: AppConfig[] = [];
  for (const entry of raw) {
    const app = validApp(entry);
    if (app && !seen.has(app.id)) {
      seen.add(app.id);
      apps.push(app);
    }
  }
  return apps;
}
