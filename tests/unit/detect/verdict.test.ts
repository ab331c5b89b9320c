/** The pure verdict: what a tab's report means, and the draft "Inspect this app" would save. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PageClerk, PageReport } from '../../../lib/detect/probe';
import { classifyInjectionError, restrictionFor } from '../../../lib/detect/restricted';
import { type DetectInput, judgeTab, NO_CLERK_MESSAGE, worthShowingUnasked } from '../../../lib/detect/verdict';
import { publishableKeyFor } from '../../../lib/publishable-key';
import { FAPI_HOST, fixtureApp } from '../components/fixtures';

const DEV_KEY = publishableKeyFor(FAPI_HOST, 'development');
const PROD_KEY = publishableKeyFor('clerk.example.com', 'production');

function clerk(overrides: Partial<PageClerk> = {}): PageClerk {
  return {
    instance: true,
    loaded: true,
    publishableKey: DEV_KEY,
    frontendApi: FAPI_HOST,
    instanceType: 'development',
    proxyUrl: null,
    domain: null,
    isSatellite: false,
    version: '5.0.0',
    ...overrides,
  };
}

function report(overrides: Partial<PageReport> = {}): PageReport {
  return {
    url: 'http://localhost:3000/dashboard',
    origin: 'http://localhost:3000',
    clerk: clerk(),
    scriptKeys: [],
    scriptProxyUrl: null,
    scriptDomain: null,
    cookieNames: [],
    ...overrides,
  };
}

function judge(overrides: Partial<DetectInput> = {}) {
  return judgeTab({
    tabUrl: 'http://localhost:3000/dashboard',
    report: report(),
    injectionError: null,
    apps: [],
    lastMode: null,
    newId: () => 'app-new',
    ...overrides,
  });
}

describe('restricted pages', () => {
  it.each([
    ['chrome://extensions/', 'browser-page'],
    ['chrome://newtab/', 'browser-page'],
    ['edge://settings', 'browser-page'],
    ['about:blank', 'browser-page'],
    ['view-source:http://localhost:3000/', 'browser-page'],
    ['chrome-extension://abcdef/popup.html', 'extension-page'],
    ['https://chromewebstore.google.com/detail/x', 'web-store'],
    ['https://chrome.google.com/webstore/category/extensions', 'web-store'],
    ['file:///home/me/index.html', 'file'],
    ['data:text/html,hi', 'not-web'],
    ['not a url', 'not-web'],
  ])('%s is restricted (%s)', (url, reason) => {
    expect(restrictionFor(url)?.reason).toBe(reason);
  });

  it.each(['http://localhost:3000/', 'https://app.example.com/x', 'https://chrome.google.com/search'])('%s is not', (url) => {
    expect(restrictionFor(url)).toBeNull();
  });

  it('a restricted tab URL wins over everything else, with a reason in words', () => {
    const verdict = judge({ tabUrl: 'chrome://extensions/', report: null, injectionError: 'Cannot access a chrome:// URL' });
    expect(verdict).toMatchObject({ kind: 'restricted', reason: 'browser-page' });
    expect(verdict.kind === 'restricted' && verdict.message).toMatch(/browser page .*Chrome does not let extensions/);
  });
});

describe('injection failures', () => {
  it.each([
    [
      'Cannot access contents of the page. Extension manifest must request permission to access the respective host.',
      'no-access',
    ],
    ['Cannot access contents of url "chrome-error://chromewebdata/". Extension manifest must request permission', 'error-page'],
    ['Cannot access a chrome:// URL', 'restricted'],
    ['The extensions gallery cannot be scripted.', 'restricted'],
    ['No tab with id: 42.', 'gone'],
    ['Frame with ID 0 was removed.', 'gone'],
    ['Something odd', 'refused'],
  ])('%s → %s', (message, kind) => {
    expect(classifyInjectionError(message).kind).toBe(kind);
  });

  it('without the tab URL (no access yet) the error decides: no access says to click the toolbar icon', () => {
    const verdict = judge({ tabUrl: null, report: null, injectionError: 'Cannot access contents of the page.' });
    expect(verdict).toMatchObject({ kind: 'unreachable', failure: 'no-access' });
    expect(verdict.kind === 'unreachable' && verdict.message).toMatch(/click its toolbar icon/);
  });

  it('a Web Store error without a URL is a restricted page', () => {
    expect(judge({ tabUrl: null, report: null, injectionError: 'The extensions gallery cannot be scripted.' }).kind).toBe(
      'restricted',
    );
  });

  it('no tab at all', () => {
    expect(judge({ tabUrl: null, report: null }).kind).toBe('no-tab');
  });
});

describe('verdicts on web pages', () => {
  it('a page without Clerk: "No Clerk app here", and nothing said unasked', () => {
    const verdict = judge({ report: report({ clerk: null, cookieNames: ['__session'] }) });
    expect(verdict).toEqual({ kind: 'not-clerk', origin: 'http://localhost:3000', message: NO_CLERK_MESSAGE });
    expect(worthShowingUnasked(verdict)).toBe(false);
  });

  it('an unconfigured development app: the summary, the draft and the two origins to grant', () => {
    const verdict = judge({ lastMode: 'observe' });
    expect(verdict.kind).toBe('detected');
    if (verdict.kind !== 'detected') return;
    expect(verdict.summary).toBe(`Clerk detected on http://localhost:3000 · development · ${FAPI_HOST}`);
    expect(verdict.route).toBe('direct');
    expect(verdict.notes).toEqual([]);
    expect(verdict.draft).toMatchObject({
      id: 'app-new',
      label: 'localhost:3000',
      publishableKey: DEV_KEY,
      syncHost: 'http://localhost:3000',
      mode: 'observe',
      declared: { inactivityTimeoutSeconds: null, maximumLifetimeSeconds: null },
    });
    expect(verdict.origins).toEqual([`https://${FAPI_HOST}/*`, 'http://localhost/*']);
    expect(worthShowingUnasked(verdict)).toBe(true);
  });

  it('mode defaults to keep-alive when the user never chose one; a taken label gets a number', () => {
    const verdict = judge({ apps: [fixtureApp({ label: 'localhost:3000', publishableKey: PROD_KEY, syncHost: null })] });
    expect(verdict.kind === 'detected' && verdict.draft).toMatchObject({ mode: 'keep-alive', label: 'localhost:3000 (2)' });
  });

  it('the key from Clerk’s script tag when window.Clerk has none yet', () => {
    const verdict = judge({ report: report({ clerk: null, scriptKeys: [DEV_KEY] }) });
    expect(verdict.kind === 'detected' && verdict.draft.publishableKey).toBe(DEV_KEY);
  });

  it('a loaded Clerk and a script tag that disagree: the loaded key, and a warning', () => {
    const verdict = judge({ report: report({ scriptKeys: [PROD_KEY] }) });
    expect(verdict.kind === 'detected' && verdict.draft.publishableKey).toBe(DEV_KEY);
    expect(verdict.kind === 'detected' && verdict.notes.map((n) => n.tone)).toEqual(['warn']);
  });

  it('an app already configured with this key is selected, preferring the one whose sync host is this origin', () => {
    const other = fixtureApp({ id: 'app-other', syncHost: 'http://localhost:4000' });
    const here = fixtureApp({ id: 'app-here', syncHost: 'http://localhost:3000' });
    expect(judge({ apps: [other, here] })).toMatchObject({ kind: 'configured', app: { id: 'app-here' } });
    expect(judge({ apps: [other] })).toMatchObject({ kind: 'configured', app: { id: 'app-other' } });
  });

  it('no readable key but Clerk cookies on a configured origin: that app', () => {
    const verdict = judge({ report: report({ clerk: null, cookieNames: ['__client_uat'] }), apps: [fixtureApp()] });
    expect(verdict).toMatchObject({ kind: 'configured', app: { id: 'app-fixture' } });
  });

  it('no readable key on an unknown origin: the evidence, and where to add the key', () => {
    const verdict = judge({ report: report({ clerk: clerk({ publishableKey: null }), cookieNames: ['__client_uat_AbC123xy'] }) });
    expect(verdict.kind).toBe('key-unreadable');
    if (verdict.kind !== 'key-unreadable') return;
    expect(verdict.evidence).toEqual(['window.Clerk', 'Clerk cookies: __client_uat_AbC123xy']);
    expect(verdict.message).toMatch(/options page/);
  });

  it('a key the parser refuses', () => {
    expect(judge({ report: report({ clerk: clerk({ publishableKey: 'pk_test_bm90LWEtaG9zdA==' }) }) }).kind).toBe('bad-key');
  });

  it('production: says where __client lives and that the FAPI host is asked for too', () => {
    const verdict = judge({
      tabUrl: 'https://app.example.com/',
      report: report({
        url: 'https://app.example.com/',
        origin: 'https://app.example.com',
        clerk: clerk({ publishableKey: PROD_KEY, frontendApi: 'clerk.example.com', instanceType: 'production' }),
      }),
    });
    expect(verdict.kind).toBe('detected');
    if (verdict.kind !== 'detected') return;
    expect(verdict.summary).toBe('Clerk detected on https://app.example.com · production · clerk.example.com');
    expect(verdict.notes).toHaveLength(1);
    expect(verdict.notes[0]?.text).toMatch(
      /__client\) on clerk\.example\.com, not on app\.example\.com.*access to clerk\.example\.com/,
    );
    expect(verdict.origins).toEqual(['https://clerk.example.com/*', 'https://app.example.com/*']);
  });

  const proxied = (proxyUrl: string) =>
    judge({
      tabUrl: 'https://app.example.com/',
      report: report({
        url: 'https://app.example.com/',
        origin: 'https://app.example.com',
        clerk: clerk({ publishableKey: PROD_KEY, frontendApi: proxyUrl, proxyUrl, instanceType: 'production' }),
      }),
    });

  it('a proxy on the tab’s site: adopted, so the extension reads the client the app reads (through the proxy)', () => {
    const verdict = proxied('https://app.example.com/__clerk/?x=1');
    expect(verdict.kind).toBe('detected');
    if (verdict.kind !== 'detected') return;
    expect(verdict).toMatchObject({
      route: 'proxy',
      fapiHost: 'clerk.example.com',
      // Page text reaches the UI as a validated host only (issue 19, item 5).
      pageFrontendApi: 'app.example.com',
      draft: { syncHost: 'https://app.example.com', proxyUrl: 'https://app.example.com/__clerk' },
    });
    expect(verdict.origins).toEqual(['https://clerk.example.com/*', 'https://app.example.com/*']);
    expect(verdict.notes.map((n) => n.tone)).toEqual(['info']);
    expect(verdict.notes[0]?.text).toMatch(/so does the extension/);
  });

  it.each([
    ['another site', 'https://auth.other-site.com/__clerk'],
    ['plain http', 'http://app.example.com/__clerk'],
  ])('a proxy on %s is not adopted: the key’s host is read, and production warns about __client', (_what, url) => {
    const verdict = proxied(url);
    expect(verdict.kind).toBe('detected');
    if (verdict.kind !== 'detected') return;
    expect(verdict.route).toBe('proxy');
    expect('proxyUrl' in verdict.draft).toBe(false);
    expect(verdict.notes.map((n) => n.tone)).toEqual(['info', 'warn']);
    expect(verdict.notes[1]?.text).toMatch(/may show “signed out”.*options page/);
  });

  it('a Frontend API that is not the key’s host counts as a proxy even without proxyUrl', () => {
    const verdict = judge({ report: report({ clerk: clerk({ frontendApi: 'auth.localhost.test' }) }) });
    expect(verdict).toMatchObject({ kind: 'detected', route: 'proxy', pageFrontendApi: 'auth.localhost.test' });
  });

  it('a satellite on its own domain: adopted (domain, isSatellite), so its own client is read', () => {
    const verdict = judge({
      tabUrl: 'https://app.satellite.dev/',
      report: report({
        url: 'https://app.satellite.dev/',
        origin: 'https://app.satellite.dev',
        clerk: clerk({ publishableKey: PROD_KEY, instanceType: 'production', isSatellite: true, domain: 'satellite.dev' }),
      }),
    });
    expect(verdict).toMatchObject({
      kind: 'detected',
      route: 'satellite',
      draft: { syncHost: 'https://app.satellite.dev', domain: 'satellite.dev', isSatellite: true },
      // Production: the satellite's Frontend API is clerk.<domain>, and Chrome is asked for it.
      origins: ['https://clerk.example.com/*', 'https://app.satellite.dev/*', 'https://clerk.satellite.dev/*'],
    });
    expect(verdict.kind === 'detected' && verdict.notes[0]?.text).toMatch(
      /Satellite app on satellite\.dev.*clerk\.satellite\.dev/,
    );
  });

  it('a satellite naming a domain off the tab’s site (or localhost) is not adopted, and says what to do', () => {
    for (const domain of ['primary.example.com', 'localhost:3001']) {
      const verdict = judge({ report: report({ clerk: clerk({ isSatellite: true, domain }) }) });
      expect(verdict).toMatchObject({ kind: 'detected', route: 'satellite', draft: { syncHost: 'http://localhost:3000' } });
      if (verdict.kind !== 'detected') continue;
      expect('domain' in verdict.draft).toBe(false);
      expect(verdict.notes[0]?.text).toMatch(/cannot adopt its domain.*options page/);
    }
  });

  it('property: any Clerk page with a valid key yields a draft for its own origin, never a secret, never a throw', () => {
    const host = fc
      .array(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { minLength: 2, maxLength: 4 })
      .map((labels) => labels.join('.'));
    fc.assert(
      fc.property(host, host, fc.boolean(), fc.option(fc.string()), (someHost, appHost, live, frontendApi) => {
        // A development key is adopted only on Clerk's development domains (host-trust.test.ts).
        const fapiHost = live ? someHost : `${someHost.replace(/\./g, '-')}.clerk.accounts.dev`;
        const key = publishableKeyFor(fapiHost, live ? 'production' : 'development');
        const origin = `https://${appHost}`;
        const verdict = judge({
          tabUrl: `${origin}/`,
          report: report({ url: `${origin}/`, origin, clerk: clerk({ publishableKey: key, frontendApi }) }),
        });
        expect(verdict.kind).toBe('detected');
        if (verdict.kind !== 'detected') return;
        expect(verdict.draft.syncHost).toBe(origin);
        expect(verdict.draft.publishableKey.startsWith('pk_')).toBe(true);
        expect(verdict.origins).toContain(`https://${fapiHost}/*`);
        expect(verdict.origins).toContain(`https://${appHost}/*`);
      }),
    );
  });
});
