/**
 * Publishable-key parsing: the one place that turns `pk_test_…`/`pk_live_…` into a Frontend API
 * host. Pure; shared by the options form, the engine and the build config.
 *
 * A Clerk publishable key is `pk_<test|live>_` + base64(`<frontend api host>$`). Clerk's SDK
 * refuses a host without a dot, and only treats a host as a development instance when the key
 * says `pk_test_` (dev-browser flow, `__clerk_db_jwt`).
 */

export type InstanceType = 'development' | 'production';

export interface ParsedPublishableKey {
  instanceType: InstanceType;
  fapiHost: string;
}

export type KeyParseResult = { ok: true; key: ParsedPublishableKey } | { ok: false; reason: KeyProblem; message: string };

export type KeyProblem = 'empty' | 'secret-key' | 'bad-prefix' | 'bad-encoding' | 'bad-host';

const HOST_PATTERN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

function decodeBase64(text: string): string | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  try {
    const normalized = text.replace(/-/g, '+').replace(/_/g, '/');
    return atob(normalized);
  } catch {
    return null;
  }
}

export function parsePublishableKey(input: string): KeyParseResult {
  const key = input.trim();
  if (key === '')
    return { ok: false, reason: 'empty', message: 'Paste the publishable key from the Clerk Dashboard (API keys).' };
  if (/^sk_(test|live)_/.test(key)) {
    return {
      ok: false,
      reason: 'secret-key',
      message:
        'This is a secret key (sk_…). It was not saved. Never paste it into a browser extension: rotate it in the Clerk Dashboard now, then paste the publishable key (pk_…).',
    };
  }
  const match = /^pk_(test|live)_(.+)$/.exec(key);
  if (!match) return { ok: false, reason: 'bad-prefix', message: 'A publishable key starts with pk_test_ or pk_live_.' };
  const decoded = decodeBase64(match[2] ?? '');
  if (decoded === null || !decoded.endsWith('$')) {
    return {
      ok: false,
      reason: 'bad-encoding',
      message: 'This key does not decode to a Frontend API host. Copy it again from the Clerk Dashboard.',
    };
  }
  const host = decoded.slice(0, -1).toLowerCase();
  if (!HOST_PATTERN.test(host)) {
    return { ok: false, reason: 'bad-host', message: `The key decodes to "${host}", which is not a host name with a dot.` };
  }
  return { ok: true, key: { instanceType: match[1] === 'live' ? 'production' : 'development', fapiHost: host } };
}

/** Builds a key for a host: used by the emulator and the tests, never with a secret. */
export function publishableKeyFor(fapiHost: string, instanceType: InstanceType): string {
  return `pk_${instanceType === 'production' ? 'live' : 'test'}_${btoa(`${fapiHost}$`)}`;
}

export type SyncHostParseResult = { ok: true; origin: string } | { ok: false; message: string };

/** The sync host is the web app's origin (where Clerk's cookies live), e.g. http://localhost:3000. */
export function parseSyncHost(input: string): SyncHostParseResult {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'Enter the origin of your app, such as http://localhost:3000 or https://app.example.com.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: 'The sync host must be an http:// or https:// origin.' };
  }
  if (url.username || url.password) return { ok: false, message: 'The sync host must not contain a user name or password.' };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return { ok: false, message: `Use the origin only: ${url.origin}` };
  }
  return { ok: true, origin: url.origin };
}

/** Match patterns for `chrome.permissions`: the FAPI host and, when set, the sync host. */
export function hostPermissionsFor(fapiHost: string, syncHost: string | null): string[] {
  const patterns = [`https://${fapiHost}/*`];
  if (syncHost) {
    const { protocol, hostname } = new URL(syncHost);
    // Cookie and host permissions are per host, not per port.
    patterns.push(`${protocol}//${hostname}/*`);
  }
  return patterns;
}
