/**
 * How a detected page reaches Clerk (directly, through a proxy, as a satellite), what "Inspect
 * this app" adopts of that route, and the notes that tell the user what the extension will read.
 * Pure; lib/detect/verdict.ts calls it.
 */
import type { AppConfig } from '../apps';
import { parseDomain, parseProxyUrl } from '../frontend-api';
import { registrableDomain } from '../host-trust';
import type { InstanceType } from '../publishable-key';

export type Route = 'direct' | 'proxy' | 'satellite';

export interface DetectNote {
  tone: 'info' | 'warn';
  text: string;
}

/**
 * What "Inspect this app" adopts of the page's route, as the options page would store it
 * (lib/frontend-api.ts): a proxy URL or a satellite's domain only on the tab's own site (its
 * registrable domain), never an IP address or localhost. Anything else stays out of the draft,
 * and the notes say what the extension reads instead.
 */
export function adoptedRoute(
  route: Route,
  tabHostname: string,
  proxyUrl: string | null,
  domain: string | null,
): Partial<AppConfig> {
  const site = registrableDomain(tabHostname);
  const onSite = (host: string) => site !== null && registrableDomain(host) === site;
  if (route === 'proxy') {
    const proxy = parseProxyUrl(proxyUrl);
    return proxy && onSite(new URL(proxy).hostname) ? { proxyUrl: proxy } : {};
  }
  if (route === 'satellite') {
    const own = parseDomain(domain);
    return own && onSite(own) ? { domain: own, isSatellite: true } : {};
  }
  return {};
}

export function routeNotes(input: {
  route: Route;
  instanceType: InstanceType;
  fapiHost: string;
  tabHost: string;
  proxyHost: string | null;
  domain: string | null;
  adopted: Partial<AppConfig>;
}): DetectNote[] {
  const { route, instanceType, fapiHost, tabHost, proxyHost, domain, adopted } = input;
  const notes: DetectNote[] = [];
  const via = proxyHost ?? 'a proxy';
  if (route === 'proxy' && adopted.proxyUrl) {
    notes.push({
      tone: 'info',
      text: `This page reaches Clerk through a proxy (${via}); so does the extension, with this browser’s client there.`,
    });
  } else if (route === 'proxy') {
    notes.push({
      tone: 'info',
      text: `This page reaches Clerk through a proxy (${via}). The extension talks to ${fapiHost}, the same instance, directly.`,
    });
    if (instanceType === 'production') {
      notes.push({
        tone: 'warn',
        text: `Behind a proxy, Clerk sets this browser’s __client cookie on ${via === 'a proxy' ? tabHost : via}, but the extension reads it on ${fapiHost}: it may show “signed out” while the app is signed in. Set the proxy URL on the options page.`,
      });
    }
  } else if (route === 'satellite' && adopted.domain) {
    notes.push({
      tone: 'info',
      text: `Satellite app on ${adopted.domain}: the extension reads this domain’s own client${instanceType === 'production' ? ` (clerk.${adopted.domain.replace(/^(clerk\.)+/, '')})` : ''}; users sign in on the primary domain.`,
    });
  } else if (route === 'satellite') {
    notes.push({
      tone: 'warn',
      text: `Satellite app${domain ? ` (domain ${domain})` : ''}: the extension cannot adopt its domain from this page, so it would read the primary’s client. Set the satellite’s domain on the options page, or inspect the primary app.`,
    });
  }
  if (instanceType === 'production' && route === 'direct') {
    notes.push({
      tone: 'info',
      text: `Production instance: Clerk keeps this browser’s client cookie (__client) on ${fapiHost}, not on ${tabHost}. The extension needs access to ${fapiHost} too; Chrome asks for both.`,
    });
  }
  return notes;
}
