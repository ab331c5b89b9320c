/**
 * The options page's app form: text fields as typed, validation as you type, and the AppConfig
 * it saves. Pure (no React, no chrome.*), so every rule is unit-tested.
 *
 * A secret key (sk_…) is never kept: `applyKeyInput` drops it from the form state and returns a
 * warning instead, so it cannot reach storage even by accident.
 */
import { type AppConfig, DEFAULT_THRESHOLDS, LIFETIME_PRESETS, type LifetimePreset, type Mode, makeAppConfig } from './apps';
import { parseAuthorizedParties } from './authorized-parties';
import { frontendApiFor, parseDomain, parseProxyUrl } from './frontend-api';
import { formHostWarning } from './host-trust';
import { normalizeKeyInput, type ParsedPublishableKey, parsePublishableKey, parseSyncHost } from './publishable-key';

export interface AppForm {
  /** null = a new app. */
  id: string | null;
  label: string;
  publishableKey: string;
  syncHost: string;
  mode: Mode;
  preset: LifetimePreset['id'];
  /** Custom only. Minutes; '' = not declared (the engine infers it), '0' = off. */
  inactivityMinutes: string;
  /** Custom only. Hours; '' = not declared, '0' = off. */
  maximumLifetimeHours: string;
  warningMinutes: string;
  criticalMinutes: string;
  notify: boolean;
  notifyMinutes: string;
  /** Origins, separated by commas, spaces or new lines; '' = not declared (azp is not checked). */
  authorizedParties: string;
  /** clerk-js `isSatellite`: the app runs on another domain than its primary. */
  isSatellite: boolean;
  /** clerk-js `domain`: the satellite's own domain (a host); '' = none. */
  domain: string;
  /** clerk-js `proxyUrl`: the https URL the app's Clerk talks through; '' = none. */
  proxyUrl: string;
}

export type FormField = Exclude<keyof AppForm, 'id' | 'mode' | 'preset' | 'notify' | 'isSatellite'>;
export type FormErrors = Partial<Record<FormField, string>>;

export interface FormResult {
  errors: FormErrors;
  valid: boolean;
  /** The decoded key when it is valid (shows the instance type and FAPI host as you type). */
  key: ParsedPublishableKey | null;
  /** The normalized sync-host origin, or null for none. */
  syncHost: string | null;
  /** A valid key that may still be a trap (a development key naming a non-Clerk host); saving is allowed. */
  keyWarning: string | null;
}

export function emptyForm(): AppForm {
  return {
    id: null,
    label: '',
    publishableKey: '',
    syncHost: '',
    mode: 'keep-alive',
    preset: 'custom',
    inactivityMinutes: '',
    maximumLifetimeHours: '',
    warningMinutes: String(DEFAULT_THRESHOLDS.warningSeconds / 60),
    criticalMinutes: String(DEFAULT_THRESHOLDS.criticalSeconds / 60),
    notify: false,
    notifyMinutes: '5',
    authorizedParties: '',
    isSatellite: false,
    domain: '',
    proxyUrl: '',
  };
}

function presetFor(app: AppConfig): LifetimePreset['id'] {
  const match = LIFETIME_PRESETS.find(
    (p) =>
      p.id !== 'custom' &&
      p.inactivityTimeoutSeconds === app.declared.inactivityTimeoutSeconds &&
      p.maximumLifetimeSeconds === app.declared.maximumLifetimeSeconds,
  );
  return match?.id ?? 'custom';
}

const text = (value: number | null, unit: number) => (value === null ? '' : String(Math.round((value / unit) * 100) / 100));

export function formFromApp(app: AppConfig): AppForm {
  return {
    id: app.id,
    label: app.label,
    publishableKey: app.publishableKey,
    syncHost: app.syncHost ?? '',
    mode: app.mode,
    preset: presetFor(app),
    inactivityMinutes: text(app.declared.inactivityTimeoutSeconds, 60),
    maximumLifetimeHours: text(app.declared.maximumLifetimeSeconds, 3600),
    warningMinutes: text(app.thresholds.warningSeconds, 60),
    criticalMinutes: text(app.thresholds.criticalSeconds, 60),
    notify: app.notifyBeforeSeconds !== null,
    notifyMinutes: app.notifyBeforeSeconds === null ? '5' : text(app.notifyBeforeSeconds, 60),
    authorizedParties: (app.authorizedParties ?? []).join(', '),
    isSatellite: app.isSatellite === true,
    domain: app.domain ?? '',
    proxyUrl: app.proxyUrl ?? '',
  };
}

/**
 * Typing or pasting into the key field. A secret key is refused: the field is emptied and the
 * caller shows the rotate warning.
 */
export function applyKeyInput(form: AppForm, input: string): { form: AppForm; secretKeyRefused: boolean } {
  const parsed = parsePublishableKey(input);
  if (!parsed.ok && parsed.reason === 'secret-key') return { form: { ...form, publishableKey: '' }, secretKeyRefused: true };
  return { form: { ...form, publishableKey: input }, secretKeyRefused: false };
}

/** The rotate warning shown after a secret key was pasted (the key parser's own words). */
export function secretKeyWarning(): string {
  const parsed = parsePublishableKey('sk_test_');
  return parsed.ok ? '' : parsed.message;
}

interface AmountRule {
  allowEmpty: boolean;
  /** 0 means "off" for this field. */
  allowZero: boolean;
  /** Smallest and largest non-zero value, in the field's unit. */
  min: number;
  max: number;
  /** How the bounds read, e.g. "1 minute", "365 days". */
  minText: string;
  maxText: string;
}

/** A year of minutes: longer than any Clerk session setting, short of overflowing anything. */
const YEAR_MINUTES = 365 * 24 * 60;

const RULES = {
  inactivity: { allowEmpty: true, allowZero: true, min: 1, max: YEAR_MINUTES, minText: '1 minute', maxText: '365 days' },
  maximum: { allowEmpty: true, allowZero: true, min: 1 / 60, max: 10 * 365 * 24, minText: '1 minute', maxText: '10 years' },
  threshold: { allowEmpty: false, allowZero: false, min: 1, max: YEAR_MINUTES, minText: '1 minute', maxText: '365 days' },
} satisfies Record<string, AmountRule>;

const capitalized = (what: string) => `${what[0]?.toUpperCase()}${what.slice(1)}`;

/**
 * '' → null; a finite number in range (decimals allowed) → number; otherwise a message. Without
 * the bounds a 401-digit value became Infinity ("not declared") and 0.0001 minutes rounded to
 * 0 seconds ("off"), both silently.
 */
function parseAmount(value: string, what: string, rule: AmountRule): { value: number | null } | { error: string } {
  const trimmed = value.trim();
  if (trimmed === '') return rule.allowEmpty ? { value: null } : { error: `Enter ${what}.` };
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return { error: `${capitalized(what)} must be a number.` };
  const number = Number(trimmed);
  if (number === 0 && rule.allowZero) return { value: 0 };
  const off = rule.allowZero ? '0 (off) or ' : '';
  if (number < rule.min) return { error: `${capitalized(what)} must be ${off}at least ${rule.minText}.` };
  // Infinity (hundreds of digits) lands here too.
  if (!Number.isFinite(number) || number > rule.max) return { error: `${capitalized(what)} must be at most ${rule.maxText}.` };
  return { value: number };
}

export function declaredSeconds(form: AppForm): { inactivity: number | null; maximum: number | null } {
  const preset = LIFETIME_PRESETS.find((p) => p.id === form.preset);
  if (preset && preset.id !== 'custom') {
    return { inactivity: preset.inactivityTimeoutSeconds, maximum: preset.maximumLifetimeSeconds };
  }
  const minutes = form.inactivityMinutes.trim();
  const hours = form.maximumLifetimeHours.trim();
  return {
    inactivity: minutes === '' || Number.isNaN(Number(minutes)) ? null : Math.round(Number(minutes) * 60),
    maximum: hours === '' || Number.isNaN(Number(hours)) ? null : Math.round(Number(hours) * 3600),
  };
}

export function validateAppForm(form: AppForm, otherApps: readonly AppConfig[]): FormResult {
  const errors: FormErrors = {};
  const others = otherApps.filter((a) => a.id !== form.id);

  const label = form.label.trim();
  if (!label) errors.label = 'Give the app a short label, such as "dev" or "staging".';
  else if (label.length > 40) errors.label = 'Keep the label to 40 characters or fewer.';
  else if (others.some((a) => a.label.trim().toLowerCase() === label.toLowerCase()))
    errors.label = `Another app is already called "${label}".`;

  // What a copy from an .env file brings along (`NAME=`, quotes) is not part of the key.
  const keyText = normalizeKeyInput(form.publishableKey);
  const parsedKey = parsePublishableKey(keyText);
  let key: ParsedPublishableKey | null = null;
  if (!parsedKey.ok) errors.publishableKey = parsedKey.message;
  else {
    key = parsedKey.key;
    const twin = others.find((a) => a.publishableKey.trim() === keyText);
    if (twin) errors.publishableKey = `This key is already configured as "${twin.label}".`;
  }

  let syncHost: string | null = null;
  if (form.syncHost.trim() !== '') {
    const parsedHost = parseSyncHost(form.syncHost);
    if (parsedHost.ok) syncHost = parsedHost.origin;
    else errors.syncHost = parsedHost.message;
  }

  if (form.preset === 'custom') {
    const inactivity = parseAmount(form.inactivityMinutes, 'the inactivity timeout', RULES.inactivity);
    const maximum = parseAmount(form.maximumLifetimeHours, 'the maximum lifetime', RULES.maximum);
    if ('error' in inactivity) errors.inactivityMinutes = inactivity.error;
    if ('error' in maximum) errors.maximumLifetimeHours = maximum.error;
    if (
      'value' in inactivity &&
      'value' in maximum &&
      inactivity.value &&
      maximum.value &&
      inactivity.value * 60 >= maximum.value * 3600
    ) {
      errors.inactivityMinutes = 'The inactivity timeout must be shorter than the maximum lifetime.';
    }
  }

  const warning = parseAmount(form.warningMinutes, 'the warning threshold', RULES.threshold);
  const critical = parseAmount(form.criticalMinutes, 'the critical threshold', RULES.threshold);
  if ('error' in warning) errors.warningMinutes = warning.error;
  if ('error' in critical) errors.criticalMinutes = critical.error;
  if (
    'value' in warning &&
    'value' in critical &&
    warning.value != null &&
    critical.value != null &&
    critical.value >= warning.value
  ) {
    errors.criticalMinutes = 'The critical threshold must be less than the warning threshold.';
  }

  if (form.notify) {
    const notify = parseAmount(form.notifyMinutes, 'the notification lead time', RULES.threshold);
    if ('error' in notify) errors.notifyMinutes = notify.error;
  }

  const parties = parseAuthorizedParties(form.authorizedParties ?? '');
  if (!parties.ok) errors.authorizedParties = parties.message;

  const route = validateRoute(form);
  Object.assign(errors, route.errors);

  const apiHost = key
    ? frontendApiFor(key, {
        ...(route.domain ? { domain: route.domain, isSatellite: true } : {}),
        proxyUrl: route.proxyUrl ?? undefined,
      }).host
    : '';
  const keyWarning = key ? formHostWarning(key, syncHost, apiHost) : null;
  return { errors, valid: Object.keys(errors).length === 0, key, syncHost, keyWarning };
}

/**
 * A satellite's domain and a proxy URL, as clerk-js takes them (`domain`, `isSatellite`,
 * `proxyUrl`; lib/frontend-api.ts builds the Frontend API from them). clerk-js refuses a
 * satellite with neither a domain nor a proxy URL, and so does the form. An IP address or
 * localhost is never a Clerk domain or proxy (frontend-api.ts refuses them everywhere).
 */
function validateRoute(form: AppForm): { errors: FormErrors; domain: string | null; proxyUrl: string | null } {
  const errors: FormErrors = {};
  const domainText = form.isSatellite ? (form.domain ?? '').trim() : '';
  const proxyText = (form.proxyUrl ?? '').trim();
  const domain = domainText ? parseDomain(domainText) : null;
  const proxyUrl = proxyText ? parseProxyUrl(proxyText) : null;
  if (domainText && !domain)
    errors.domain = 'A domain is a host such as satellite.example.com: no https://, no path, no port, not an IP address.';
  else if (form.isSatellite && !domainText && !proxyText)
    errors.domain = 'A satellite needs its domain (Clerk’s domain option) or a proxy URL, as clerk-js does.';
  if (proxyText && !proxyUrl)
    errors.proxyUrl =
      'A proxy URL is an https URL such as https://app.example.com/__clerk: no query, not an IP address or localhost.';
  return { errors, domain, proxyUrl };
}

/** The AppConfig to store; null while the form is invalid. */
export function appFromForm(form: AppForm, otherApps: readonly AppConfig[], newId: () => string): AppConfig | null {
  const result = validateAppForm(form, otherApps);
  if (!result.valid) return null;
  const declared = declaredSeconds(form);
  const parties = parseAuthorizedParties(form.authorizedParties ?? '');
  const route = validateRoute(form);
  return makeAppConfig({
    id: form.id ?? newId(),
    label: form.label.trim(),
    publishableKey: normalizeKeyInput(form.publishableKey),
    syncHost: result.syncHost,
    mode: form.mode,
    declared: { inactivityTimeoutSeconds: declared.inactivity, maximumLifetimeSeconds: declared.maximum },
    thresholds: {
      warningSeconds: Math.round(Number(form.warningMinutes) * 60),
      criticalSeconds: Math.round(Number(form.criticalMinutes) * 60),
    },
    notifyBeforeSeconds: form.notify ? Math.round(Number(form.notifyMinutes) * 60) : null,
    // Saving with the host warning on screen is the user's explicit choice of that host.
    ...(result.keyWarning && result.key ? { confirmedFapiHost: result.key.fapiHost } : {}),
    ...(parties.ok && parties.parties.length ? { authorizedParties: parties.parties } : {}),
    ...(route.domain ? { domain: route.domain, isSatellite: true } : {}),
    ...(route.proxyUrl ? { proxyUrl: route.proxyUrl } : {}),
  });
}
