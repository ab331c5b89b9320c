/**
 * Issue 19, item 1: a page chooses the Frontend API host. Detection applies the options page's
 * host checks (and more): a development key naming an IP address, localhost or a host that is not
 * Clerk's is refused; a production key's host must be under the tab's site (or the site of the
 * proxy the page uses), else a warning naming the host and a second confirmation. A stored app is
 * checked the same way before the worker contacts it.
 */
import { describe, expect, it } from 'vitest';
import { makeAppConfig } from '../../../lib/apps';
import type { PageReport } from '../../../lib/detect/probe';
import { judgeTab } from '../../../lib/detect/verdict';
import { runDoctor } from '../../../lib/doctor/checks';
import { registrableDomain, storedAppHostProblem, trustedAppKey } from '../../../lib/host-trust';
import { appFromForm, emptyForm, validateAppForm } from '../../../lib/options-form';
import { parsePublishableKey, publishableKeyFor } from '../../../lib/publishable-key';

function pageNaming(key: string, origin = 'http://localhost:3000', extra: Partial<NonNullable<PageReport['clerk']>> = {}) {
  return judgeTab({
    tabUrl: `${origin}/`,
    report: {
      url: `${origin}/`,
      origin,
      clerk: {
        instance: true,
        loaded: true,
        publishableKey: key,
        frontendApi: null,
        instanceType: null,
        proxyUrl: null,
        domain: null,
        isSatellite: null,
        version: null,
        ...extra,
      },
      scriptKeys: [],
      scriptProxyUrl: null,
      scriptDomain: null,
      cookieNames: [],
    },
    injectionError: null,
    apps: [],
    lastMode: null,
    newId: () => 'app-new',
  });
}

describe('detection refuses a development key whose host is not Clerk’s', () => {
  it.each([
    ['169.254.169.254', /an IP address/],
    ['10.0.0.1', /an IP address/],
    ['0xa9.0xfe.0xa9.0xfe', /an IP address/],
    ['127.1', /an IP address/],
    ['db.localhost', /localhost/],
    ['app.localhost', /localhost/],
    ['evil.com', /not a Clerk development domain/],
    ['clerk.accounts.dev.evil.com', /not a Clerk development domain/],
  ])('%s', (host, why) => {
    const verdict = pageNaming(publishableKeyFor(host, 'development'));
    expect(verdict.kind).toBe('refused-host');
    if (verdict.kind !== 'refused-host') return;
    expect(verdict.host).toBe(host.toLowerCase());
    expect(verdict.message).toContain(host.toLowerCase());
    expect(verdict.message).toMatch(why);
    expect(verdict.message).toMatch(/sent nothing there/);
    // No draft, nothing to grant: there is nothing "Inspect this app" could act on.
    expect('draft' in verdict).toBe(false);
  });

  it('a Clerk development domain is detected as before', () => {
    expect(pageNaming(publishableKeyFor('happy-otter-42.clerk.accounts.dev', 'development')).kind).toBe('detected');
  });

  it('a production key naming an IP address or localhost is refused too', () => {
    expect(pageNaming(publishableKeyFor('169.254.169.254', 'production'), 'https://app.example.com').kind).toBe('refused-host');
    expect(pageNaming(publishableKeyFor('db.localhost', 'production'), 'https://app.example.com').kind).toBe('refused-host');
  });
});

describe('a production key: under the tab’s site, or a warning and a second confirmation', () => {
  it('clerk.example.com on app.example.com: trusted, no warning', () => {
    const verdict = pageNaming(publishableKeyFor('clerk.example.com', 'production'), 'https://app.example.com');
    expect(verdict).toMatchObject({ kind: 'detected', hostWarning: null });
  });

  it('clerk.example.co.uk on shop.example.co.uk: trusted (a country code’s second level)', () => {
    const verdict = pageNaming(publishableKeyFor('clerk.example.co.uk', 'production'), 'https://shop.example.co.uk');
    expect(verdict).toMatchObject({ kind: 'detected', hostWarning: null });
  });

  it.each([
    ['clerk.attacker.com', 'https://app.example.com'],
    ['clerk.co.uk', 'https://victim.co.uk'],
    ['clerk.vercel.app', 'https://victim.vercel.app'],
    ['clerk.other-tenant.github.io', 'https://victim.github.io'],
  ])('%s on %s: a warning naming the host', (host, origin) => {
    const verdict = pageNaming(publishableKeyFor(host, 'production'), origin);
    expect(verdict.kind).toBe('detected');
    if (verdict.kind !== 'detected') return;
    expect(verdict.hostWarning).toContain(host);
    expect(verdict.hostWarning).toMatch(/not under/);
    // The draft is not confirmed: only the second click sets the confirmed host.
    expect(verdict.draft.confirmedFapiHost).toBeUndefined();
  });

  it('a proxy the page really uses, on the key’s site, widens the trust to that site only', () => {
    const key = publishableKeyFor('clerk.example.com', 'production');
    const viaProxy = pageNaming(key, 'https://shop.other.com', { proxyUrl: 'https://auth.example.com/__clerk' });
    expect(viaProxy).toMatchObject({ kind: 'detected', hostWarning: null });
    const relative = pageNaming(key, 'https://shop.other.com', { proxyUrl: '/__clerk' });
    expect(relative.kind === 'detected' && relative.hostWarning).toMatch(/clerk\.example\.com/);
    const bogus = pageNaming(key, 'https://shop.other.com', { proxyUrl: 'javascript:alert(1)' });
    expect(bogus.kind === 'detected' && bogus.hostWarning).toMatch(/clerk\.example\.com/);
  });
});

describe('registrableDomain', () => {
  it.each([
    ['app.example.com', 'example.com'],
    ['clerk.example.com', 'example.com'],
    ['example.com', 'example.com'],
    ['a.b.example.co.uk', 'example.co.uk'],
    ['co.uk', null],
    ['victim.vercel.app', 'victim.vercel.app'],
    ['vercel.app', null],
    ['localhost', null],
    ['192.168.1.1', null],
    ['[::1]', null],
    ['com', null],
  ])('%s → %s', (host, site) => {
    expect(registrableDomain(host)).toBe(site);
  });
});

describe('a stored app is checked as it is read', () => {
  const ip = publishableKeyFor('169.254.169.254', 'development');

  it('an app adopted from a hostile page before this fix: the worker’s key is refused, the doctor says why', () => {
    const app = makeAppConfig({ id: 'app-x', label: 'x', publishableKey: ip, syncHost: 'http://localhost:3000' });
    const key = trustedAppKey(app);
    expect(key.ok).toBe(false);
    if (key.ok) return;
    expect(key.reason).toBe('untrusted-host');
    expect(key.message).toMatch(/169\.254\.169\.254.*IP address.*does not contact it until you confirm/s);
    const checks = runDoctor({ app, permission: 'granted', snapshot: null, extensionId: 'x' });
    expect(checks[0]).toMatchObject({ id: 'key', status: 'fail' });
    expect(checks[0]?.detail).toMatch(/169\.254\.169\.254/);
  });

  it('the options page shows the warning, and saving it is the confirmation of exactly that host', () => {
    const form = { ...emptyForm(), label: 'own FAPI', publishableKey: ip, syncHost: 'http://localhost:3000' };
    expect(validateAppForm(form, []).keyWarning).toMatch(/IP address/);
    const app = appFromForm(form, [], () => 'app-own');
    expect(app?.confirmedFapiHost).toBe('169.254.169.254');
    expect(app && trustedAppKey(app).ok).toBe(true);
    // A confirmation of another host does not carry over.
    const other = makeAppConfig({ id: 'a', label: 'a', publishableKey: ip, syncHost: null, confirmedFapiHost: '10.0.0.1' });
    const parsed = parsePublishableKey(ip);
    expect(parsed.ok && storedAppHostProblem(other, parsed.key)).toMatch(/169\.254\.169\.254/);
  });

  it('the options form warns about a production key on another site than the sync host', () => {
    const form = {
      ...emptyForm(),
      label: 'prod',
      publishableKey: publishableKeyFor('clerk.attacker.com', 'production'),
      syncHost: 'https://app.example.com',
    };
    expect(validateAppForm(form, []).keyWarning).toMatch(/clerk\.attacker\.com.*not under example\.com/);
  });

  it('a Clerk development host needs no confirmation', () => {
    const app = makeAppConfig({
      id: 'a',
      label: 'a',
      publishableKey: publishableKeyFor('happy-otter-42.clerk.accounts.dev', 'development'),
      syncHost: 'http://localhost:3000',
    });
    expect(trustedAppKey(app).ok).toBe(true);
  });
});
