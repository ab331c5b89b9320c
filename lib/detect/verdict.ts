/**
 * Turns what a tab reported (./probe.ts) into a verdict the popup shows, and for a Clerk app that
 * is not configured yet, the AppConfig draft "Inspect this app" saves. Pure: no chrome.*, no
 * storage; the tab adapter (./tab.ts) and the store (./detect-store.ts) feed it.
 *
 * Keys are parsed by lib/publishable-key (the one parser of the project). A page that reaches
 * Clerk through a proxy or as a satellite is named as such; the draft adopts that proxy URL or
 * satellite domain when it is on the tab's own site (`adoptedRoute`), so the extension reads the
 * same client the app does; otherwise the notes say what it reads instead.
 */
import { type AppConfig, type Mode, makeAppConfig, newAppId } from '../apps';
import { originsForApp } from '../frontend-api';
import { detectedHostTrust } from '../host-trust';
import { type InstanceType, parsePublishableKey } from '../publishable-key';
import { parsePageReport } from './page-report';
import type { PageReport } from './probe';
import { classifyInjectionError, type InjectionFailure, type RestrictedReason, restrictionFor } from './restricted';
import { adoptedRoute, type DetectNote, type Route, routeNotes } from './route';

export type Verdict =
  | { kind: 'no-tab'; message: string }
  | { kind: 'restricted'; reason: RestrictedReason; message: string }
  | { kind: 'unreachable'; failure: InjectionFailure; message: string }
  | { kind: 'not-clerk'; origin: string; message: string }
  /**
   * A configured app. `sameOrigin`: the tab's origin is that app's sync host, so the popup may
   * show it without asking; otherwise the page merely names its key and the switch is offered.
   */
  | { kind: 'configured'; origin: string; app: AppConfig; sameOrigin: boolean }
  | { kind: 'key-unreadable'; origin: string; evidence: string[]; message: string }
  | { kind: 'bad-key'; origin: string; message: string }
  /** The page names a Frontend API host detection never adopts (lib/host-trust.ts). */
  | { kind: 'refused-host'; origin: string; host: string; message: string }
  | {
      kind: 'detected';
      origin: string;
      instanceType: InstanceType;
      /** The key's host: what the extension talks to. */
      fapiHost: string;
      /** What the page's clerk-js talks to, when that is not the key's host (proxy, satellite). */
      pageFrontendApi: string | null;
      route: Route;
      /** "Clerk detected on http://localhost:3000 · development · happy-otter-42.clerk.accounts.dev" */
      summary: string;
      notes: DetectNote[];
      draft: AppConfig;
      /** Host permissions the draft needs: the FAPI host and the tab's host. */
      origins: string[];
      /**
       * Set when the FAPI host is not under the tab's site (a production key): the popup shows it
       * and adopts the draft only after a second, explicit confirmation of that host.
       */
      hostWarning: string | null;
    };

export interface DetectInput {
  /** The tab's URL as the tabs API reports it (undefined without activeTab or host access). */
  tabUrl: string | null;
  report: PageReport | null;
  /** The message `executeScript` rejected with. */
  injectionError: string | null;
  apps: AppConfig[];
  lastMode: Mode | null;
  newId?: () => string;
}

export const NO_CLERK_MESSAGE = 'No Clerk app here.';

/** The host of a Frontend API value as clerk-js reports it: a bare host or a proxy URL. */
export function hostOf(value: string): string | null {
  try {
    return new URL(value.includes('://') ? value : `https://${value}`).host.toLowerCase();
  } catch {
    return null;
  }
}

function uniqueLabel(base: string, apps: AppConfig[]): string {
  const taken = new Set(apps.map((a) => a.label));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base} (${n})`)) n++;
  return `${base} (${n})`;
}

/** Signs that a page runs Clerk, for the "key not readable" case. `__session` alone is too generic. */
function clerkEvidence(report: PageReport): string[] {
  const evidence: string[] = [];
  if (report.clerk) evidence.push(report.clerk.instance ? 'window.Clerk' : 'the Clerk class on window');
  const strong = report.cookieNames.filter((name) => !/^__session(?:_|$)/.test(name));
  if (strong.length > 0) evidence.push(`Clerk cookies: ${report.cookieNames.join(', ')}`);
  return evidence;
}

function matchConfigured(apps: AppConfig[], origin: string, publishableKey: string | null): AppConfig | null {
  const sameOrigin = (a: AppConfig) => a.syncHost === origin;
  if (publishableKey) {
    const sameKey = apps.filter((a) => a.publishableKey.trim() === publishableKey);
    return sameKey.find(sameOrigin) ?? sameKey[0] ?? null;
  }
  return apps.find(sameOrigin) ?? null;
}

export function judgeTab(input: DetectInput): Verdict {
  const { apps } = input;
  // Checked here too (the adapter does as well): everything below trusts the shape and the hosts.
  const report = input.report ? parsePageReport(input.report) : null;
  if (input.report && !report) {
    return {
      kind: 'unreachable',
      failure: 'refused',
      message:
        'The page answered the extension’s check with something that is not a report of its Clerk. Reload it and check again.',
    };
  }
  if (!report) {
    const restriction = input.tabUrl ? restrictionFor(input.tabUrl) : null;
    if (restriction) return { kind: 'restricted', reason: restriction.reason, message: restriction.message };
    if (input.injectionError) {
      const failure = classifyInjectionError(input.injectionError);
      if (failure.kind === 'restricted') return { kind: 'restricted', reason: 'browser-page', message: failure.message };
      return { kind: 'unreachable', failure: failure.kind, message: failure.message };
    }
    return { kind: 'no-tab', message: 'There is no tab to check in this window.' };
  }
  const restriction = restrictionFor(report.url);
  if (restriction) return { kind: 'restricted', reason: restriction.reason, message: restriction.message };

  const origin = report.origin;
  const tabHost = new URL(origin).host;
  const clerk = report.clerk;
  const pageKey = clerk?.publishableKey?.trim() || null;
  const scriptKey = report.scriptKeys[0]?.trim() || null;
  const publishableKey = pageKey ?? scriptKey;

  const evidence = clerkEvidence(report);
  if (!publishableKey) {
    if (evidence.length === 0) return { kind: 'not-clerk', origin, message: NO_CLERK_MESSAGE };
    const app = matchConfigured(apps, origin, null);
    if (app) return { kind: 'configured', origin, app, sameOrigin: true };
    return {
      kind: 'key-unreadable',
      origin,
      evidence,
      message: `This page looks like a Clerk app (${evidence.join('; ')}), but its Clerk did not say which publishable key it uses. Add the app on the options page with its key (pk_…).`,
    };
  }

  const parsed = parsePublishableKey(publishableKey);
  if (!parsed.ok)
    return { kind: 'bad-key', origin, message: `The page’s Clerk uses a key the extension cannot read: ${parsed.message}` };
  const configured = matchConfigured(apps, origin, publishableKey);
  if (configured) return { kind: 'configured', origin, app: configured, sameOrigin: configured.syncHost === origin };

  const { instanceType, fapiHost } = parsed.key;
  const proxyUrl = clerk?.proxyUrl ?? report.scriptProxyUrl;
  const trust = detectedHostTrust({
    key: parsed.key,
    tabHost: new URL(origin).hostname,
    // A validated URL (page-report.ts): its host without the port.
    proxyHost: proxyUrl ? new URL(proxyUrl).hostname : null,
  });
  if (trust.kind === 'refused') return { kind: 'refused-host', origin, host: trust.host, message: trust.message };
  const domain = clerk?.domain ?? report.scriptDomain;
  const frontendApiHost = clerk?.frontendApi ? hostOf(clerk.frontendApi) : null;
  const route: Route = proxyUrl
    ? 'proxy'
    : clerk?.isSatellite
      ? 'satellite'
      : frontendApiHost && frontendApiHost !== fapiHost
        ? 'proxy'
        : 'direct';
  const proxyHost = proxyUrl ? hostOf(proxyUrl) : null;
  const pageFrontendApi = route === 'direct' ? null : (proxyHost ?? clerk?.frontendApi ?? null);
  const adopted = adoptedRoute(route, new URL(origin).hostname, proxyUrl, domain);

  const notes = routeNotes({ route, instanceType, fapiHost, tabHost, proxyHost, domain, adopted });
  if (pageKey && scriptKey && pageKey !== scriptKey) {
    notes.push({
      tone: 'warn',
      text: 'Clerk’s script tag names another publishable key than the loaded Clerk; using the loaded one.',
    });
  }
  if (clerk?.instanceType && clerk.instanceType !== instanceType) {
    notes.push({
      tone: 'warn',
      text: `The page’s Clerk says “${clerk.instanceType}”, its key says ${instanceType}; trusting the key.`,
    });
  }
  if (clerk?.loaded === false) notes.push({ tone: 'info', text: 'Clerk was still loading on this page.' });

  const draft = makeAppConfig({
    id: (input.newId ?? newAppId)(),
    label: uniqueLabel(tabHost, apps),
    publishableKey,
    syncHost: origin,
    mode: input.lastMode ?? 'keep-alive',
    ...adopted,
  });
  return {
    kind: 'detected',
    origin,
    instanceType,
    fapiHost,
    pageFrontendApi,
    route,
    summary: `Clerk detected on ${origin} · ${instanceType} · ${fapiHost}`,
    notes,
    draft,
    origins: originsForApp(draft),
    hostWarning: trust.kind === 'confirm' ? trust.message : null,
  };
}

/** Whether the popup says anything about a verdict it found without being asked. */
export function worthShowingUnasked(verdict: Verdict): boolean {
  return (
    verdict.kind === 'detected' ||
    verdict.kind === 'key-unreadable' ||
    verdict.kind === 'bad-key' ||
    verdict.kind === 'refused-host' ||
    (verdict.kind === 'configured' && !verdict.sameOrigin)
  );
}
