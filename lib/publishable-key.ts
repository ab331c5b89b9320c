/**
 * Publishable-key parsing: the one place that turns `pk_test_…`/`pk_live_…` into a Frontend API
 * host. Pure; shared by the options form, the engine and the build config.
 *
 * A Clerk publishable key is `pk_<test|live>_` + base64(`<frontend api host>$`). Clerk's SDK
 * refuses a host without a dot, and only treats a host as a development instance when the key
 * says `pk_test_` (the dev-browser flow). Whether a development key's host is a Clerk domain is
 * checked in key-warnings.ts (options page only: it names cookie names the popup must not carry).
 */

import { isPublishableKey, parsePublishableKey as parseClerkKey } from '@clerk/shared/keys';
import { containsSecretKey } from './secret-key';

export type InstanceType = 'development' | 'production';

export interface ParsedPublishableKey {
  instanceType: InstanceType;
  fapiHost: string;
}

export type KeyParseResult = { ok: true; key: ParsedPublishableKey } | { ok: false; reason: KeyProblem; message: string };

/** `untrusted-host`: a valid key whose host lib/host-trust.ts refuses until the user confirms it. */
export type KeyProblem = 'empty' | 'secret-key' | 'bad-prefix' | 'bad-encoding' | 'bad-host' | 'untrusted-host';

const HOST_PATTERN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

// The secret-key check lives in secret-key.ts (the popup's first paint needs it, not the parsing).
export { containsSecretKey };

/** Strips what a copy from an .env file or a shell brings along: `export NAME=`, quotes, a `;`. */
export function normalizeKeyInput(input: string): string {
  let text = input.trim().replace(/^export\s+/i, '');
  // A padded key ends in "=": only a name before the value is an assignment.
  const assignment = /^pk_/i.test(text) ? null : /^[A-Z_][A-Z0-9_]*\s*[=:]\s*/i.exec(text);
  if (assignment) text = text.slice(assignment[0].length);
  text = text.replace(/;\s*$/, '').trim();
  const quoted = /^(["'`])(.*)\1$/.exec(text);
  return (quoted ? (quoted[2] ?? '') : text).trim();
}

/** Only to word the refusal (Clerk's parser below decides): the host of a key whose host has no dot. */
function hostWithoutDot(encoded: string): string | null {
  try {
    const host = atob(encoded).slice(0, -1);
    return atob(encoded).endsWith('$') && !host.includes('.') && !host.includes('$') ? host.slice(0, 100) : null;
  } catch {
    return null;
  }
}

const SECRET_KEY_MESSAGE =
  'This is a secret key (sk_…). It was not saved. Never paste it into a browser extension: rotate it in the Clerk Dashboard now, then paste the publishable key (pk_…).';

/**
 * Decodes with Clerk's own parser (`@clerk/shared/keys`), so a key is accepted exactly when the
 * Clerk SDK will accept it; on top of that the host must be a real host name (it becomes a URL
 * and a host permission).
 */
export function parsePublishableKey(input: string): KeyParseResult {
  const key = input.trim();
  if (key === '')
    return { ok: false, reason: 'empty', message: 'Paste the publishable key from the Clerk Dashboard (API keys).' };
  if (containsSecretKey(key)) return { ok: false, reason: 'secret-key', message: SECRET_KEY_MESSAGE };
  if (!/^pk_(test|live)_/.test(key))
    return { ok: false, reason: 'bad-prefix', message: 'A publishable key starts with pk_test_ or pk_live_.' };
  const clerk = isPublishableKey(key) ? parseClerkKey(key) : null;
  if (!clerk) {
    const dotless = hostWithoutDot(key.split('_')[2] ?? '');
    if (dotless !== null) {
      return { ok: false, reason: 'bad-host', message: `The key decodes to "${dotless}", which is not a host name with a dot.` };
    }
    return {
      ok: false,
      reason: 'bad-encoding',
      message: 'This key does not decode to a Frontend API host. Copy it again from the Clerk Dashboard.',
    };
  }
  const host = clerk.frontendApi.toLowerCase();
  if (!HOST_PATTERN.test(host)) {
    return {
      ok: false,
      reason: 'bad-host',
      message: `The key decodes to "${host.slice(0, 100)}", which is not a host name with a dot.`,
    };
  }
  return { ok: true, key: { instanceType: clerk.instanceType === 'production' ? 'production' : 'development', fapiHost: host } };
}

/** Builds a key for a host: used by the emulator and the tests, never with a secret. */
export function publishableKeyFor(fapiHost: string, instanceType: InstanceType): string {
  return `pk_${instanceType === 'production' ? 'live' : 'test'}_${btoa(`${fapiHost}$`)}`;
}

export type SyncHostParseResult = { ok: true; origin: string } | { ok: false; message: string };

/** A host name, an IPv4 literal or a bracketed IPv6 literal; never a wildcard. */
const SYNC_HOSTNAME = /^(?:\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*)$/;

/**
 * The sync host is the web app's origin (where Clerk's cookies live), e.g. http://localhost:3000.
 * It becomes a host permission (`<scheme>//<host>/*`): a `*` would grant every subdomain, so
 * wildcards and anything else that is not a plain host are refused.
 */
export function parseSyncHost(input: string): SyncHostParseResult {
  const text = input.trim();
  if (text.includes('*') || /%2a/i.test(text)) {
    return { ok: false, message: 'The sync host must be one origin, without wildcards (*), such as http://localhost:3000.' };
  }
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
  if (!SYNC_HOSTNAME.test(url.hostname)) {
    return {
      ok: false,
      message: `"${url.hostname}" is not a host name. Enter the origin of your app, such as http://localhost:3000.`,
    };
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
