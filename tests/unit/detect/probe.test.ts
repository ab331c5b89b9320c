// biome-ignore-all lint/suspicious/noDocumentCookie: the probe reads document.cookie, so the test writes it.
/** The page probe, run in jsdom as it runs in a tab: what it reads, and that no cookie value leaves the page. */
import { afterEach, describe, expect, it } from 'vitest';
import { probeClerkPage } from '../../../lib/detect/probe';

const w = window as unknown as Record<string, unknown>;

afterEach(() => {
  delete w.Clerk;
  delete w.clerk;
  document.head.innerHTML = '';
  for (const pair of document.cookie.split(';')) {
    const name = pair.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
});

describe('probeClerkPage', () => {
  it('a plain page reports nothing Clerk', () => {
    document.cookie = 'theme=dark; path=/';
    const report = probeClerkPage();
    expect(report).toMatchObject({ origin: location.origin, clerk: null, scriptKeys: [], cookieNames: [] });
  });

  it('reads the loaded window.Clerk: key, Frontend API, instance type, proxy, satellite', () => {
    w.Clerk = {
      loaded: true,
      publishableKey: 'pk_test_abc',
      frontendApi: 'happy-otter-42.clerk.accounts.dev',
      instanceType: 'development',
      proxyUrl: '',
      domain: '',
      isSatellite: false,
      version: '5.1.0',
    };
    expect(probeClerkPage().clerk).toEqual({
      instance: true,
      loaded: true,
      publishableKey: 'pk_test_abc',
      frontendApi: 'happy-otter-42.clerk.accounts.dev',
      instanceType: 'development',
      proxyUrl: null,
      domain: null,
      isSatellite: false,
      version: '5.1.0',
    });
  });

  it('prefers window.Clerk over the lowercase window.clerk of the test pages, and survives throwing getters', () => {
    w.clerk = { publishableKey: 'pk_test_lower' };
    w.Clerk = {
      get publishableKey() {
        throw new Error('not loaded');
      },
      frontendApi: 'x.clerk.accounts.dev',
    };
    const clerk = probeClerkPage().clerk;
    expect(clerk?.publishableKey).toBeNull();
    expect(clerk?.frontendApi).toBe('x.clerk.accounts.dev');
    delete w.Clerk;
    expect(probeClerkPage().clerk?.publishableKey).toBe('pk_test_lower');
  });

  it('a Clerk class (not an instance) on window is evidence without a key', () => {
    w.Clerk = Object.assign(() => undefined, { version: '5.0.0' });
    expect(probeClerkPage().clerk).toMatchObject({ instance: false, publishableKey: null, version: '5.0.0' });
  });

  it('reads the data-clerk-* attributes of Clerk’s script tag', () => {
    document.head.innerHTML =
      '<script data-clerk-publishable-key="pk_live_xyz" data-clerk-proxy-url="https://app.example.com/__clerk" data-clerk-domain="example.com"></script>' +
      '<script data-clerk-publishable-key="pk_live_xyz"></script>';
    const report = probeClerkPage();
    expect(report.scriptKeys).toEqual(['pk_live_xyz']);
    expect(report.scriptProxyUrl).toBe('https://app.example.com/__clerk');
    expect(report.scriptDomain).toBe('example.com');
  });

  it('returns Clerk cookie names only, never a value', () => {
    document.cookie = '__client_uat=1764000000; path=/';
    document.cookie = '__client_uat_AbC123xy=1764000000; path=/';
    document.cookie = '__session=eyJhbGciOiJSUzI1NiJ9.secret.sig; path=/';
    document.cookie = 'other=keep-out; path=/';
    const report = probeClerkPage();
    expect(report.cookieNames).toEqual(['__client_uat', '__client_uat_AbC123xy', '__session']);
    const serialised = JSON.stringify(report);
    expect(serialised).not.toContain('1764000000');
    expect(serialised).not.toContain('secret');
    expect(serialised).not.toContain('keep-out');
  });

  it('is self-contained: it still works after being serialised and re-parsed, as executeScript does', () => {
    w.Clerk = { publishableKey: 'pk_test_abc' };
    const revived = new Function(`return (${probeClerkPage.toString()})();`) as () => ReturnType<typeof probeClerkPage>;
    expect(revived().clerk?.publishableKey).toBe('pk_test_abc');
  });
});

describe('a page that shadows DOM built-ins (issue 19, item 4)', () => {
  it('querySelectorAll that throws: the rest of the report still comes through', () => {
    w.Clerk = { loaded: true, publishableKey: 'pk_test_abc' };
    const original = document.querySelectorAll;
    document.querySelectorAll = (() => {
      throw new Error('shadowed');
    }) as never;
    try {
      const report = probeClerkPage();
      expect(report.clerk?.publishableKey).toBe('pk_test_abc');
      expect(report.scriptKeys).toEqual([]);
    } finally {
      document.querySelectorAll = original;
    }
  });
});
