/**
 * Reading and writing an instance's settings through the control API (`GET`/`PATCH
 * /__emulator/settings`): the lifetimes (session-model.ts) and the rules (rules.ts) as one flat
 * object. A patch is validated whole and applied all at once, or refused with a 400 and nothing
 * changed.
 */
import type { ControlSettings } from './control-client.ts';
import { type Body, FapiError } from './http.ts';
import { defaultRules } from './rules.ts';
import { assertLifetimes, DEFAULT_SESSION_SETTINGS } from './session-model.ts';
import type { InstanceState } from './state.ts';

export function settingsOf(instance: InstanceState): ControlSettings {
  return { ...instance.settings, ...instance.rules, allowedOrigins: [...instance.rules.allowedOrigins] };
}

function bad(message: string): FapiError {
  return new FapiError(400, 'control_bad_request', message, message);
}

type Check = (value: unknown, key: string) => unknown;

const positiveMs: Check = (v, key) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw bad(`${key} must be a positive number of ms`);
  return v;
};
const positiveMsOrOff: Check = (v, key) => (v === null ? null : positiveMs(v, key));
const boolean: Check = (v, key) => {
  if (typeof v !== 'boolean') throw bad(`${key} must be a boolean`);
  return v;
};
const finite: Check = (v, key) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`${key} must be a number`);
  return v;
};
const count: Check = (v, key) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad(`${key} must be a whole number >= 0`);
  return v;
};
/** Origins as browsers send them: scheme, host, optional port; no path, no trailing slash. */
const origins: Check = (v, key) => {
  if (!Array.isArray(v)) throw bad(`${key} must be an array of origins`);
  for (const o of v) {
    if (typeof o !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(o)) {
      throw bad(`${key}: ${JSON.stringify(o)} is not an origin like https://app.example.com or chrome-extension://<id>`);
    }
  }
  return [...v];
};

const CHECKS: Record<keyof ControlSettings, Check> = {
  maxLifetimeMs: positiveMsOrOff,
  inactivityTimeoutMs: positiveMsOrOff,
  tokenLifetimeMs: (v, key) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 1000) throw bad(`${key} must be at least 1000 ms`);
    return v;
  },
  singleSessionMode: boolean,
  clockOffsetMs: finite,
  checkApiVersion: boolean,
  nativeApiEnabled: boolean,
  allowedOrigins: origins,
  refuseWebAllowedOrigins: boolean,
  requireReverificationForRevoke: boolean,
  requireExpiredTokenOnMint: count,
  readsCountAsActivity: boolean,
  remintOnRead: boolean,
  partitionedCookies: boolean,
  signWithUnknownKey: boolean,
  omitAzp: boolean,
  sessionMinter: boolean,
};

const SESSION_KEYS = new Set(Object.keys(DEFAULT_SESSION_SETTINGS));
const RULE_KEYS = new Set(Object.keys(defaultRules()));

/** Validates and applies a partial settings patch; unknown keys and both lifetimes off are a 400. */
export function applySettings(instance: InstanceState, patch: Body): void {
  const settings: Record<string, unknown> = { ...instance.settings };
  const rules: Record<string, unknown> = { ...instance.rules };
  for (const [key, value] of Object.entries(patch)) {
    const check = CHECKS[key as keyof ControlSettings];
    if (!check) throw bad(`unknown setting ${key}; known: ${Object.keys(CHECKS).join(', ')}`);
    const checked = check(value, key);
    if (SESSION_KEYS.has(key)) settings[key] = checked;
    else if (RULE_KEYS.has(key)) rules[key] = checked;
  }
  const next = settings as unknown as InstanceState['settings'];
  try {
    assertLifetimes(next);
  } catch (e) {
    throw bad(`${(e as Error).message} (maxLifetimeMs and inactivityTimeoutMs cannot both be null)`);
  }
  instance.settings = next;
  instance.rules = rules as unknown as InstanceState['rules'];
}
