/**
 * Which Frontend API host the extension may talk to for an app, whoever chose it: a page (tab
 * detection), the options form, or whatever `storage.local` holds. Pure.
 *
 * Why: the worker sends that host the app's identity (a development key: the sync host's
 * `__clerk_db_jwt`; a production key: the `__client` of the FAPI domain) and mints and fetches
 * JWKS there. A page can name any host in `window.Clerk.publishableKey`, so detection must never
 * let it choose an IP address (`169.254.169.254`, the cloud metadata service), `localhost` or a
 * host that is not Clerk's.
 *
 * - Development key: only Clerk's development domains (`*.clerk.accounts.dev`, key-warnings.ts).
 *   Detection refuses any other host outright; an app entered by hand on the options page may
 *   keep one (the user runs that host), recorded as `confirmedFapiHost`.
 * - Production key: Clerk serves it as `clerk.<your domain>`, so the host must be under the app's
 *   registrable domain (or that of the proxy the page routes Clerk through). Otherwise a warning
 *   naming the host, and only an explicit second confirmation adopts it.
 * - Never an IP address or localhost from a page.
 *
 * The registrable domain is computed without the whole Public Suffix List (50 KB gzipped, over the
 * popup's budget): the last two labels, three under a country code's generic second level
 * (`co.uk`, `com.au`), and one more under the shared-hosting suffixes below, where each tenant is
 * another party. A suffix missing here can only make two tenants look like one site; detection's
 * other checks (never an IP, never localhost, dev keys on Clerk's domains only) do not depend on it.
 */
import type { AppConfig } from './apps';
import { isIpLiteral, isLocalhost } from './host-kinds';
import { developmentHostWarning, isClerkDevelopmentHost } from './key-warnings';
import { type KeyParseResult, type ParsedPublishableKey, parsePublishableKey } from './publishable-key';

const GENERIC_SECOND_LEVEL = new Set([
  'ac',
  'co',
  'com',
  'edu',
  'gob',
  'gov',
  'go',
  'ltd',
  'mil',
  'ne',
  'net',
  'nic',
  'nom',
  'or',
  'org',
  'plc',
  'sch',
]);

/** Shared hosting (the Public Suffix List's private section, the common ones): one tenant each. */
const SHARED_SUFFIXES = [
  'amplifyapp.com',
  'appspot.com',
  'azurestaticapps.net',
  'azurewebsites.net',
  'blogspot.com',
  'cloudfront.net',
  'csb.app',
  'deno.dev',
  'firebaseapp.com',
  'fly.dev',
  'github.io',
  'gitlab.io',
  'glitch.me',
  'herokuapp.com',
  'loca.lt',
  'netlify.app',
  'ngrok-free.app',
  'ngrok.app',
  'ngrok.io',
  'onrender.com',
  'pages.dev',
  'railway.app',
  'replit.dev',
  'run.app',
  'surge.sh',
  'trycloudflare.com',
  'vercel.app',
  'web.app',
  'workers.dev',
];

/** `app.example.co.uk` → `example.co.uk`; null for an IP, localhost, or a bare public suffix. */
export function registrableDomain(host: string): string | null {
  const lower = host.toLowerCase().replace(/\.$/, '');
  if (isIpLiteral(lower) || isLocalhost(lower)) return null;
  const labels = lower.split('.');
  if (labels.length < 2 || labels.some((l) => l === '')) return null;
  const shared = SHARED_SUFFIXES.find((suffix) => lower === suffix || lower.endsWith(`.${suffix}`));
  let size = 2;
  if (shared) size = shared.split('.').length + 1;
  else if ((labels.at(-1)?.length ?? 0) === 2 && GENERIC_SECOND_LEVEL.has(labels.at(-2) ?? '')) size = 3;
  return labels.length >= size ? labels.slice(-size).join('.') : null;
}

export type HostTrust =
  | { kind: 'trusted' }
  /** Never adopted from a page; the message names the host and why. */
  | { kind: 'refused'; host: string; message: string }
  /** Adopted only after a second, explicit confirmation; the message names the host. */
  | { kind: 'confirm'; host: string; message: string };

export interface DetectedHostInput {
  key: ParsedPublishableKey;
  /** The tab's host (no port). */
  tabHost: string;
  /** The host of the proxy the page's Clerk really uses, already validated; null without one. */
  proxyHost: string | null;
}

/** Detection's rule (see the header). */
export function detectedHostTrust({ key, tabHost, proxyHost }: DetectedHostInput): HostTrust {
  const host = key.fapiHost;
  if (isIpLiteral(host) || isLocalhost(host)) {
    return {
      kind: 'refused',
      host,
      message: `This page’s Clerk names ${host} as its Frontend API, which is ${isIpLiteral(host) ? 'an IP address' : 'this machine (localhost)'}, not a Clerk host. The extension refuses it and sent nothing there. If you run that host yourself, add the app by hand on the options page.`,
    };
  }
  if (key.instanceType === 'development') {
    if (isClerkDevelopmentHost(host)) return { kind: 'trusted' };
    return {
      kind: 'refused',
      host,
      message: `This page’s Clerk uses a development key for ${host}, which is not a Clerk development domain (<name>.clerk.accounts.dev). The extension refuses it and sent nothing there: it would hand this app’s development identity to that host. If you run that host yourself, add the app by hand on the options page.`,
    };
  }
  const site = registrableDomain(host);
  const allowed = [registrableDomain(tabHost), proxyHost ? registrableDomain(proxyHost) : null].filter(
    (d): d is string => d !== null,
  );
  if (site && allowed.includes(site)) return { kind: 'trusted' };
  return {
    kind: 'confirm',
    host,
    message: `This page’s production key names ${host} as its Frontend API, which is not under ${registrableDomain(tabHost) ?? tabHost}, the site of this tab. The extension would read this browser’s Clerk client cookie on ${host} and send it there. Add it only if you know ${host} is your app’s Clerk domain.`,
  };
}

/**
 * The check when a stored app is read (worker, doctor): a development key's host that is not
 * Clerk's, or any IP address or localhost, is used only when the user confirmed exactly that host
 * (saving it on the options page, where the warning is shown). Null when fine. A production key
 * on another site than the sync host is warned about on the options page but not blocked here:
 * its identity is read on the FAPI host itself, so no other site's cookie goes there.
 */
export function storedAppHostProblem(app: AppConfig, key: ParsedPublishableKey): string | null {
  if (app.confirmedFapiHost === key.fapiHost) return null;
  const why =
    developmentHostWarning(key) ??
    (isIpLiteral(key.fapiHost) || isLocalhost(key.fapiHost)
      ? `This production key names ${key.fapiHost}, which is not a Clerk domain.`
      : null);
  if (!why) return null;
  return `${why} The extension does not contact it until you confirm: open the options page and save this app again.`;
}

/** A production key whose host is not under the sync host's registrable domain; null when it is. */
export function productionSiteWarning(key: ParsedPublishableKey, syncHost: string | null, apiHost = key.fapiHost): string | null {
  if (key.instanceType !== 'production' || !syncHost) return null;
  let syncHostname: string;
  try {
    syncHostname = new URL(syncHost).hostname;
  } catch {
    return null;
  }
  const site = registrableDomain(apiHost);
  const appSite = registrableDomain(syncHostname);
  if (site && site === appSite) return null;
  return `This production key ${apiHost === key.fapiHost ? 'names' : 'reaches Clerk at'} ${apiHost}, which is not under ${appSite ?? syncHostname}, the site of the sync host. The extension would read this browser’s Clerk client cookie on ${apiHost} and send it there.`;
}

/**
 * What the options form warns about for a key and sync host (saving it confirms the host).
 * `apiHost`: where the app's Frontend API really is (a satellite's `clerk.<domain>`, a proxy's
 * host; lib/frontend-api.ts), which is where its client cookie is read.
 */
export function formHostWarning(key: ParsedPublishableKey, syncHost: string | null, apiHost = key.fapiHost): string | null {
  return developmentHostWarning(key) ?? productionSiteWarning(key, syncHost, apiHost);
}

/** A stored app's key as the worker may use it: parsed, and its host checked (storedAppHostProblem). */
export function trustedAppKey(app: AppConfig): KeyParseResult {
  const parsed = parsePublishableKey(app.publishableKey);
  if (!parsed.ok) return parsed;
  const problem = storedAppHostProblem(app, parsed.key);
  return problem ? { ok: false, reason: 'untrusted-host', message: problem } : parsed;
}
