/**
 * The user's configured Clerk apps (stored in `storage.local`, edited on the options page).
 * Plain data; no Clerk, no chrome.*.
 */

export type Mode = 'keep-alive' | 'observe';

export interface AppConfig {
  /** Stable id, e.g. "app-1f3c". Alarm names and snapshot keys use it. */
  id: string;
  label: string;
  /** pk_test_… or pk_live_…; never a secret key (the options form and the storage layer refuse sk_…). */
  publishableKey: string;
  /** Origin of the developer's web app whose Clerk cookie the SDK syncs from; null = none. */
  syncHost: string | null;
  mode: Mode;
  /** What the developer says the Dashboard is set to. Clerk does not expose these to browsers. */
  declared: {
    /** null = not declared; 0 = declared off. */
    inactivityTimeoutSeconds: number | null;
    maximumLifetimeSeconds: number | null;
  };
  /** Status thresholds for the badge and the popup, in seconds of session time left. */
  thresholds: { warningSeconds: number; criticalSeconds: number };
  /** Desktop notification this many seconds before the session ends; null = off. */
  notifyBeforeSeconds: number | null;
  /**
   * A Frontend API host the user explicitly accepted although lib/host-trust.ts warns about it
   * (saved on the options page with the warning shown, or confirmed a second time in detection).
   */
  confirmedFapiHost?: string;
  /**
   * The origins the developer's backend passes to `@clerk/backend` as `authorizedParties`
   * (lib/authorized-parties.ts). Absent = not declared: the token verdict then does not check
   * `azp`, as the backend does not.
   */
  authorizedParties?: string[];
  /**
   * A satellite app's own domain (clerk-js `domain`, with `isSatellite`), or the proxy the app's
   * Clerk talks through (`proxyUrl`): its Frontend API and identity are then not the key's
   * (lib/frontend-api.ts). Absent: the key's Frontend API.
   */
  domain?: string;
  isSatellite?: boolean;
  proxyUrl?: string;
}

export const DEFAULT_THRESHOLDS = { warningSeconds: 10 * 60, criticalSeconds: 2 * 60 } as const;

export interface LifetimePreset {
  id: 'web-app' | 'high-security' | 'custom';
  label: string;
  inactivityTimeoutSeconds: number | null;
  maximumLifetimeSeconds: number | null;
}

export const LIFETIME_PRESETS: readonly LifetimePreset[] = [
  { id: 'web-app', label: 'Web app: 30 min / 7 days', inactivityTimeoutSeconds: 30 * 60, maximumLifetimeSeconds: 7 * 24 * 3600 },
  {
    id: 'high-security',
    label: 'High security: 15 min / 24 h',
    inactivityTimeoutSeconds: 15 * 60,
    maximumLifetimeSeconds: 24 * 3600,
  },
  { id: 'custom', label: 'Custom', inactivityTimeoutSeconds: null, maximumLifetimeSeconds: null },
];

export function newAppId(random: () => number = Math.random): string {
  return `app-${Math.floor(random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0')}`;
}

export function makeAppConfig(fields: Pick<AppConfig, 'label' | 'publishableKey' | 'syncHost'> & Partial<AppConfig>): AppConfig {
  return {
    id: fields.id ?? newAppId(),
    mode: 'keep-alive',
    declared: { inactivityTimeoutSeconds: null, maximumLifetimeSeconds: null },
    thresholds: { ...DEFAULT_THRESHOLDS },
    notifyBeforeSeconds: null,
    ...fields,
  };
}
