/** The detection card in the popup: what it says unasked and asked, and "Inspect this app". */
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resetAutoDetection } from '../../../components/detect/DetectCard';
import { resetDetectStore } from '../../../lib/detect/detect-store';
import type { PageReport } from '../../../lib/detect/probe';
import { sendMessage } from '../../../lib/messaging';
import { resetPopupStore } from '../../../lib/popup-store';
import { publishableKeyFor } from '../../../lib/publishable-key';
import { appsItem } from '../../../lib/storage';
import { FAPI_HOST, fixtureApp, stateSnapshots } from './fixtures';
import { showPopup } from './popup-harness';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn(async () => null) }));

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const OTHER_KEY = publishableKeyFor('brave-lynx-7.clerk.accounts.dev', 'development');

function clerkPage(origin: string, publishableKey: string | null): PageReport {
  return {
    url: `${origin}/`,
    origin,
    clerk: publishableKey
      ? {
          instance: true,
          loaded: true,
          publishableKey,
          frontendApi: null,
          instanceType: null,
          proxyUrl: null,
          domain: null,
          isSatellite: null,
          version: null,
        }
      : null,
    scriptKeys: [],
    scriptProxyUrl: null,
    scriptDomain: null,
    cookieNames: [],
  };
}

let pageReport: PageReport;

beforeEach(() => {
  resetPopupStore();
  resetDetectStore();
  resetAutoDetection();
  vi.mocked(sendMessage).mockClear();
  pageReport = clerkPage('http://localhost:4000', OTHER_KEY);
  fakeBrowser.tabs.query = vi.fn(async () => [{ id: 3, windowId: 1, url: pageReport.url }]) as never;
  fakeBrowser.tabs.getCurrent = vi.fn(async () => undefined) as never;
  (fakeBrowser as unknown as { scripting: unknown }).scripting = {
    executeScript: vi.fn(async () => [{ result: pageReport }]),
  };
});
afterEach(() => vi.restoreAllMocks());

describe('unasked, when the popup opens', () => {
  it('a Clerk app that is not configured: says so and offers Inspect this app', async () => {
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    expect((await screen.findByTestId('detect-summary')).textContent).toBe(
      'Clerk detected on http://localhost:4000 · development · brave-lynx-7.clerk.accounts.dev',
    );
    expect(screen.getByRole('button', { name: 'Inspect this app' })).toBeTruthy();
  });

  it('a plain page says nothing', async () => {
    pageReport = clerkPage('http://localhost:4000', null);
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    await waitFor(() => expect(fakeBrowser.scripting.executeScript).toHaveBeenCalled());
    await act(async () => undefined);
    expect(screen.queryByTestId('detect-card')).toBeNull();
  });
});

describe('Inspect this app', () => {
  it('asks for both hosts in the click, then adds and selects the app', async () => {
    let answer: (granted: boolean) => void = () => undefined;
    fakeBrowser.permissions.request = vi.fn(() => new Promise<boolean>((r) => (answer = r))) as never;
    showPopup({ apps: [], now: NOW });
    await userEvent.click(await screen.findByRole('button', { name: 'Inspect this app' }));
    expect(fakeBrowser.permissions.request).toHaveBeenCalledWith({
      origins: ['https://brave-lynx-7.clerk.accounts.dev/*', 'http://localhost/*'],
    });
    expect(await screen.findByText(/Chrome asks you for access to https:\/\/brave-lynx-7/)).toBeTruthy();
    await act(async () => answer(true));
    expect((await screen.findByTestId('detect-added')).textContent).toContain('Added “localhost:4000”');
    const apps = await appsItem.getValue();
    expect(apps.map((a) => [a.label, a.syncHost, a.mode])).toEqual([['localhost:4000', 'http://localhost:4000', 'keep-alive']]);
    expect(sendMessage).toHaveBeenCalledWith('appsChanged', {});
  });

  it('refused: says so and saves nothing', async () => {
    fakeBrowser.permissions.request = vi.fn(async () => false) as never;
    showPopup({ apps: [], now: NOW });
    await userEvent.click(await screen.findByRole('button', { name: 'Inspect this app' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Permission refused: nothing was saved/);
    expect(await appsItem.getValue()).toEqual([]);
  });
});

describe('Check this tab (asked)', () => {
  it('a plain page: "No Clerk app here."', async () => {
    pageReport = clerkPage('http://localhost:4000', null);
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    await userEvent.click(await screen.findByRole('button', { name: 'Check this tab for Clerk' }));
    expect((await screen.findByTestId('detect-result')).textContent).toBe('No Clerk app here.');
  });

  it('a browser page says why', async () => {
    fakeBrowser.tabs.query = vi.fn(async () => [{ id: 3, windowId: 1, url: 'chrome://extensions/' }]) as never;
    showPopup({ apps: [], now: NOW });
    await userEvent.click(await screen.findByRole('button', { name: 'Check this tab for Clerk' }));
    expect((await screen.findByTestId('detect-result')).textContent).toMatch(/browser page .*Chrome does not let extensions/);
  });

  it('the configured app of this tab: said, and selected', async () => {
    pageReport = clerkPage('http://localhost:3000', publishableKeyFor(FAPI_HOST, 'development'));
    const other = fixtureApp({ id: 'app-other', label: 'other', publishableKey: OTHER_KEY });
    await appsItem.setValue([other, fixtureApp()]);
    showPopup({ apps: [other, fixtureApp()], now: NOW });
    await userEvent.click(await screen.findByRole('button', { name: 'Check this tab for Clerk' }));
    expect((await screen.findByTestId('detect-result')).textContent).toBe(
      'This tab runs “dev”, which is configured: it is shown here.',
    );
    expect(sendMessage).toHaveBeenCalledWith('selectApp', { appId: 'app-fixture' });
  });
});

describe('issue 19, item 1: the page does not choose the Frontend API host', () => {
  it('a development key naming an IP address: refused unasked, no Inspect button, nothing asked of Chrome', async () => {
    pageReport = clerkPage('http://localhost:4000', publishableKeyFor('169.254.169.254', 'development'));
    fakeBrowser.permissions.request = vi.fn(async () => true) as never;
    showPopup({ apps: [], now: NOW });
    const result = await screen.findByTestId('detect-result');
    expect(result.dataset.verdict).toBe('refused-host');
    expect(result.textContent).toMatch(/169\.254\.169\.254.*an IP address.*sent nothing there/);
    expect(screen.queryByRole('button', { name: 'Inspect this app' })).toBeNull();
    expect(fakeBrowser.permissions.request).not.toHaveBeenCalled();
  });

  it('a production key on another site: the first click shows the warning, only the second asks Chrome', async () => {
    pageReport = clerkPage('https://app.example.com', publishableKeyFor('clerk.attacker.com', 'production'));
    fakeBrowser.tabs.query = vi.fn(async () => [{ id: 3, windowId: 1, url: pageReport.url }]) as never;
    fakeBrowser.permissions.request = vi.fn(async () => true) as never;
    showPopup({ apps: [], now: NOW });
    await userEvent.click(await screen.findByRole('button', { name: 'Inspect this app' }));
    expect(fakeBrowser.permissions.request).not.toHaveBeenCalled();
    expect((await screen.findByTestId('detect-host-warning')).textContent).toMatch(
      /clerk\.attacker\.com.*not under example\.com/,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Trust clerk.attacker.com and inspect' }));
    expect(fakeBrowser.permissions.request).toHaveBeenCalledTimes(1);
    await waitFor(async () => expect((await appsItem.getValue())[0]?.confirmedFapiHost).toBe('clerk.attacker.com'));
  });
});
