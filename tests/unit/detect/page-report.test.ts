/**
 * Issue 19, items 4 and 5: the probe's answer comes from the page, which controls everything in
 * it. Its shape is checked (types, lengths, counts) before anything uses it, detection always ends
 * its "Checking…" state, and page text reaches the UI only as known values, validated hosts and
 * capped strings.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resetDetectStore, runDetection, useDetectStore } from '../../../lib/detect/detect-store';
import { parsePageReport } from '../../../lib/detect/page-report';
import type { PageReport } from '../../../lib/detect/probe';
import { judgeTab } from '../../../lib/detect/verdict';
import { publishableKeyFor } from '../../../lib/publishable-key';

const KEY = publishableKeyFor('happy-otter-42.clerk.accounts.dev', 'development');

function good(): PageReport {
  return {
    url: 'http://localhost:3000/x',
    origin: 'http://localhost:3000',
    clerk: {
      instance: true,
      loaded: true,
      publishableKey: KEY,
      frontendApi: 'happy-otter-42.clerk.accounts.dev',
      instanceType: 'development',
      proxyUrl: null,
      domain: null,
      isSatellite: false,
      version: '5.0.0',
    },
    scriptKeys: [],
    scriptProxyUrl: null,
    scriptDomain: null,
    cookieNames: ['__client_uat'],
  };
}

describe('parsePageReport: the whole page report is checked', () => {
  it('a well-formed report passes unchanged', () => {
    expect(parsePageReport(good())).toEqual(good());
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'hello'],
    ['cookieNames not an array', { ...good(), cookieNames: 'x' }],
    ['scriptKeys of numbers', { ...good(), scriptKeys: [1, 2] }],
    ['an origin that is not a URL', { ...good(), origin: 'not a url' }],
    ['an origin that is not the URL’s', { ...good(), origin: 'https://elsewhere.example' }],
    ['clerk of the wrong type', { ...good(), clerk: 'Clerk' }],
    ['clerk.publishableKey an object', { ...good(), clerk: { ...good().clerk, publishableKey: { toString: () => KEY } } }],
    [
      'a getter that throws',
      Object.defineProperty({ ...good() }, 'cookieNames', {
        get: () => {
          throw new Error('x');
        },
        enumerable: true,
      }),
    ],
  ])('%s: refused', (_what, raw) => {
    expect(parsePageReport(raw)).toBeNull();
  });

  it('counts and lengths are capped', () => {
    const parsed = parsePageReport({
      ...good(),
      scriptKeys: Array.from({ length: 1000 }, (_, i) => `pk_test_${i}`),
      cookieNames: Array.from({ length: 1000 }, (_, i) => `__session_${i}`),
      clerk: { ...good().clerk, publishableKey: `pk_test_${'A'.repeat(100_000)}`, version: 'v'.repeat(10_000) },
    });
    expect(parsed?.scriptKeys.length).toBeLessThanOrEqual(10);
    expect(parsed?.cookieNames.length).toBeLessThanOrEqual(50);
    expect(parsed?.clerk?.publishableKey).toBeNull();
    expect(parsed?.clerk?.version?.length).toBeLessThanOrEqual(40);
  });
});

describe('page text reaches the UI only as known values and hosts (item 5)', () => {
  it('an unknown instance type is dropped, not quoted', () => {
    const verdict = judgeTab({
      tabUrl: good().url,
      report: {
        ...good(),
        clerk: { ...(good().clerk as NonNullable<PageReport['clerk']>), instanceType: '<img src=x> call 0800-SCAM' },
      },
      injectionError: null,
      apps: [],
      lastMode: null,
    });
    expect(JSON.stringify(verdict)).not.toContain('SCAM');
  });

  it('a proxy URL and a domain are reduced to validated hosts, capped', () => {
    const verdict = judgeTab({
      tabUrl: good().url,
      report: {
        ...good(),
        clerk: {
          ...(good().clerk as NonNullable<PageReport['clerk']>),
          proxyUrl: 'https://auth.example.com/__clerk?u=ada@example.com#Call us now',
          domain: `primary.example.com/${'x'.repeat(5000)}`,
          isSatellite: true,
        },
      },
      injectionError: null,
      apps: [],
      lastMode: null,
    });
    const text = JSON.stringify(verdict);
    expect(text).toContain('auth.example.com');
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain('Call us now');
    expect(text).not.toContain('xxxx');
    expect(verdict.kind === 'detected' && verdict.pageFrontendApi).toBe('auth.example.com');
  });

  it('a frontendApi that is not a host is not shown', () => {
    const verdict = judgeTab({
      tabUrl: good().url,
      report: {
        ...good(),
        clerk: { ...(good().clerk as NonNullable<PageReport['clerk']>), frontendApi: 'Your account is locked! Call +1 555' },
      },
      injectionError: null,
      apps: [],
      lastMode: null,
    });
    expect(JSON.stringify(verdict)).not.toContain('locked');
  });
});

describe('detection always leaves its running state (item 4)', () => {
  it('a page whose answer is not a report: an error verdict, not “Checking…” forever', async () => {
    resetDetectStore();
    fakeBrowser.tabs.query = vi.fn(async () => [{ id: 3, windowId: 1, url: 'http://localhost:3000/' }]) as never;
    fakeBrowser.tabs.getCurrent = vi.fn(async () => undefined) as never;
    (fakeBrowser as unknown as { scripting: unknown }).scripting = {
      executeScript: vi.fn(async () => [
        { result: { url: 'http://localhost:3000/', origin: 'http://localhost:3000', cookieNames: 7 } },
      ]),
    };
    const verdict = await runDetection({ explicit: true });
    expect(useDetectStore.getState().running).toBe(false);
    expect(verdict.kind).toBe('unreachable');
  });

  it('a failure while judging still resets the running state', async () => {
    resetDetectStore();
    fakeBrowser.tabs.query = vi.fn(async () => {
      throw new Error('tabs broke');
    }) as never;
    (fakeBrowser as unknown as { scripting: unknown }).scripting = {
      executeScript: vi.fn(async () => {
        throw new Error('nope');
      }),
    };
    await runDetection({ explicit: true }).catch(() => undefined);
    expect(useDetectStore.getState().running).toBe(false);
  });
});
