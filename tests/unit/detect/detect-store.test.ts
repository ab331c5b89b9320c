/** runDetection: the tab adapter, the verdict and storage together (fakeBrowser, mocked tabs and scripting). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  inspectDetected,
  recheckOnActivated,
  recheckOnUpdated,
  resetDetectStore,
  runDetection,
  switchToDetectedApp,
  useDetectStore,
} from '../../../lib/detect/detect-store';
import type { PageReport } from '../../../lib/detect/probe';
import { resolveTargetTab } from '../../../lib/detect/tab';
import { sendMessage } from '../../../lib/messaging';
import { publishableKeyFor } from '../../../lib/publishable-key';
import { appsItem, lastModeItem, selectedAppIdItem } from '../../../lib/storage';
import { FAPI_HOST, fixtureApp } from '../components/fixtures';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn(async () => null) }));

const KEY = publishableKeyFor(FAPI_HOST, 'development');
const page = (origin: string, publishableKey: string | null = KEY): PageReport => ({
  url: `${origin}/`,
  origin,
  clerk: publishableKey
    ? {
        instance: true,
        loaded: true,
        publishableKey,
        frontendApi: FAPI_HOST,
        instanceType: 'development',
        proxyUrl: null,
        domain: null,
        isSatellite: false,
        version: null,
      }
    : null,
  scriptKeys: [],
  scriptProxyUrl: null,
  scriptDomain: null,
  cookieNames: [],
});

let activeTab: { id: number; windowId: number; url?: string };
let executeScript: ReturnType<typeof vi.fn>;

beforeEach(() => {
  resetDetectStore();
  vi.mocked(sendMessage).mockClear();
  activeTab = { id: 7, windowId: 1, url: 'http://localhost:3000/' };
  fakeBrowser.tabs.query = vi.fn(async () => [activeTab]) as never;
  fakeBrowser.tabs.getCurrent = vi.fn(async () => undefined) as never;
  fakeBrowser.tabs.get = vi.fn(async (id: number) => ({ id, windowId: 2, url: 'http://localhost:9999/' })) as never;
  executeScript = vi.fn(async () => [{ result: page('http://localhost:3000') }]);
  (fakeBrowser as unknown as { scripting: unknown }).scripting = { executeScript };
});
afterEach(() => vi.restoreAllMocks());

describe('resolveTargetTab', () => {
  it('the active tab of the page’s own window', async () => {
    expect(await resolveTargetTab('')).toEqual({ id: 7, windowId: 1, url: 'http://localhost:3000/' });
    expect(fakeBrowser.tabs.query).toHaveBeenCalledWith({ active: true, currentWindow: true });
  });

  it('?tab=<id> wins (popup.html opened as a page)', async () => {
    expect(await resolveTargetTab('?tab=42')).toEqual({ id: 42, windowId: 2, url: 'http://localhost:9999/' });
  });

  it('never the calling page itself, and no URL without access', async () => {
    fakeBrowser.tabs.getCurrent = vi.fn(async () => ({ id: 7 })) as never;
    expect(await resolveTargetTab('')).toBeNull();
    fakeBrowser.tabs.getCurrent = vi.fn(async () => undefined) as never;
    activeTab = { id: 8, windowId: 1 };
    expect(await resolveTargetTab('')).toEqual({ id: 8, windowId: 1, url: null });
  });
});

describe('runDetection', () => {
  it('an unconfigured Clerk tab: a verdict with a draft in the mode last chosen', async () => {
    await lastModeItem.setValue('observe');
    const verdict = await runDetection({ explicit: false });
    expect(executeScript).toHaveBeenCalledWith(expect.objectContaining({ target: { tabId: 7 }, world: 'MAIN' }));
    expect(verdict.kind === 'detected' && verdict.draft.mode).toBe('observe');
    expect(useDetectStore.getState()).toMatchObject({ running: false, explicit: false, verdict: { kind: 'detected' } });
  });

  it('a tab of a configured app that is not shown: selects it and tells the worker', async () => {
    const other = fixtureApp({ id: 'app-other', publishableKey: publishableKeyFor('other.clerk.accounts.dev', 'development') });
    await appsItem.setValue([other, fixtureApp()]);
    const verdict = await runDetection({ explicit: false });
    expect(verdict).toMatchObject({ kind: 'configured', app: { id: 'app-fixture' } });
    expect(await selectedAppIdItem.getValue()).toBe('app-fixture');
    expect(sendMessage).toHaveBeenCalledWith('selectApp', { appId: 'app-fixture' });
  });

  it('already shown: nothing changes', async () => {
    await appsItem.setValue([fixtureApp()]);
    await runDetection({ explicit: false });
    expect(await selectedAppIdItem.getValue()).toBeNull();
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('a restricted page known from its URL is not injected into', async () => {
    activeTab = { id: 9, windowId: 1, url: 'chrome://settings/' };
    expect((await runDetection({ explicit: true })).kind).toBe('restricted');
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('an injection error becomes a verdict, not a throw', async () => {
    activeTab = { id: 9, windowId: 1 };
    executeScript.mockRejectedValue(new Error('Cannot access contents of the page.'));
    expect(await runDetection({ explicit: true })).toMatchObject({ kind: 'unreachable', failure: 'no-access' });
  });

  it('a newer run wins over an older one still in flight', async () => {
    let releaseFirst: (v: unknown) => void = () => undefined;
    executeScript.mockImplementationOnce(() => new Promise((resolve) => (releaseFirst = resolve)));
    executeScript.mockResolvedValueOnce([{ result: page('http://localhost:3000', null) }]);
    const first = runDetection({ explicit: false });
    await vi.waitFor(() => expect(executeScript).toHaveBeenCalledTimes(1));
    await runDetection({ explicit: true });
    releaseFirst([{ result: page('http://localhost:3000') }]);
    await first;
    expect(useDetectStore.getState()).toMatchObject({ explicit: true, verdict: { kind: 'not-clerk' } });
  });
});

describe('inspectDetected', () => {
  it('asks, then adds the app and tells the worker', async () => {
    let answer: (v: boolean) => void = () => undefined;
    fakeBrowser.permissions.request = vi.fn(() => new Promise<boolean>((r) => (answer = r))) as never;
    await runDetection({ explicit: false });
    const done = inspectDetected();
    expect(fakeBrowser.permissions.request).toHaveBeenCalledWith({ origins: [`https://${FAPI_HOST}/*`, 'http://localhost/*'] });
    expect(useDetectStore.getState().adoption).toEqual({ kind: 'asking' });
    answer(true);
    expect((await done).kind).toBe('added');
    expect(await appsItem.getValue()).toHaveLength(1);
    expect(sendMessage).toHaveBeenCalledWith('appsChanged', {});
  });

  it('without a detected app it does nothing', async () => {
    fakeBrowser.permissions.request = vi.fn() as never;
    await inspectDetected();
    expect(fakeBrowser.permissions.request).not.toHaveBeenCalled();
  });
});

describe('issue 19, item 6: a page naming a configured app’s key does not switch apps by itself', () => {
  it('another origin than the app’s sync host: not selected, not told to the worker; offered instead', async () => {
    const other = fixtureApp({ id: 'app-other', publishableKey: publishableKeyFor('other.clerk.accounts.dev', 'development') });
    await appsItem.setValue([other, fixtureApp()]);
    activeTab = { id: 7, windowId: 1, url: 'https://evil.example/' };
    executeScript.mockResolvedValue([{ result: page('https://evil.example') }]);
    const verdict = await runDetection({ explicit: false });
    expect(verdict).toMatchObject({ kind: 'configured', app: { id: 'app-fixture' }, sameOrigin: false });
    expect(await selectedAppIdItem.getValue()).toBeNull();
    expect(sendMessage).not.toHaveBeenCalled();
    // The user's explicit choice switches.
    await switchToDetectedApp();
    expect(await selectedAppIdItem.getValue()).toBe('app-fixture');
    expect(sendMessage).toHaveBeenCalledWith('selectApp', { appId: 'app-fixture' });
  });
});

describe('issue 19, item 7: the side panel follows only its own tab, and adopts the verdict on screen', () => {
  it('re-checks for its window’s tab switches and its own tab’s loads only', () => {
    const shown = { id: 7, windowId: 1, url: 'http://localhost:3000/' };
    expect(recheckOnActivated({ tabId: 8, windowId: 1 }, shown)).toBe(true);
    expect(recheckOnActivated({ tabId: 3, windowId: 2 }, shown)).toBe(false);
    expect(recheckOnUpdated(7, { status: 'complete' }, { windowId: 1 }, shown)).toBe(true);
    expect(recheckOnUpdated(12, { status: 'complete' }, { windowId: 2 }, shown)).toBe(false);
    expect(recheckOnUpdated(12, { status: 'complete' }, { windowId: 1, active: false }, shown)).toBe(false);
    expect(recheckOnUpdated(7, { status: 'loading' }, { windowId: 1 }, shown)).toBe(false);
  });

  it('a verdict that changed after it was shown is not adopted', async () => {
    fakeBrowser.permissions.request = vi.fn(async () => true) as never;
    const shown = await runDetection({ explicit: false });
    expect(shown.kind).toBe('detected');
    // Another tab finished loading and a newer check replaced the verdict under the button.
    executeScript.mockResolvedValue([
      { result: page('http://localhost:4000', publishableKeyFor('other.clerk.accounts.dev', 'development')) },
    ]);
    activeTab = { id: 8, windowId: 1, url: 'http://localhost:4000/' };
    await runDetection({ explicit: false });
    const outcome = await inspectDetected({ shown });
    expect(outcome.kind).toBe('failed');
    expect(fakeBrowser.permissions.request).not.toHaveBeenCalled();
    expect(await appsItem.getValue()).toEqual([]);
  });
});
