import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../entrypoints/background';
import type { SenderLike } from '../../lib/messaging';
import { appsItem, historyItem, selectedAppIdItem, snapshotItem } from '../../lib/storage';
import { trafficFindingItem } from '../../lib/traffic/finding-store';
import { testApp } from './engine/builders';
import { alarm } from './fixtures';
import { type TinyFapi, tinyFapi } from './tiny-fapi';

type CookieListener = (change: {
  cookie: { name: string; domain: string; value: string; path: string };
  removed: boolean;
  cause: string;
}) => void;
const cookieEvent = (name: string, domain: string, value = 'v1') => ({
  cookie: { name, domain, value, path: '/' },
  removed: false,
  cause: 'explicit',
});
type MessageListener = (message: unknown, sender: SenderLike, sendResponse: (reply: unknown) => void) => unknown;

const app = testApp({ mode: 'observe' });
let fapi: TinyFapi;
let cookieListeners: CookieListener[];
/** The sync host's cookies as chrome.cookies.getAll reports them. */
let jar: Map<string, string>;
let messageListeners: MessageListener[];

beforeEach(async () => {
  fapi = tinyFapi();
  vi.stubGlobal('fetch', fapi.fetch);
  vi.spyOn(fakeBrowser.cookies, 'get').mockResolvedValue({ name: '__clerk_db_jwt', value: 'dvb_identity' } as never);
  fakeBrowser.permissions.contains = vi.fn(async () => true) as never;
  jar = new Map([['__clerk_db_jwt', 'dvb_identity']]);
  vi.spyOn(fakeBrowser.cookies, 'getAll').mockImplementation((async () =>
    [...jar].map(([name, value]) => ({ name, value, domain: 'localhost', path: '/' }))) as never);
  cookieListeners = [];
  vi.spyOn(fakeBrowser.cookies.onChanged, 'addListener').mockImplementation(((l: CookieListener) => {
    cookieListeners.push(l);
  }) as never);
  messageListeners = [];
  const add = fakeBrowser.runtime.onMessage.addListener.bind(fakeBrowser.runtime.onMessage);
  vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener').mockImplementation(((l: MessageListener) => {
    messageListeners.push(l);
    add(l as never);
  }) as never);
  await appsItem.setValue([app]);
  await selectedAppIdItem.setValue(app.id);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function installed() {
  background.main();
  await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' } as never);
  await vi.waitFor(async () => expect(await snapshotItem(app.id).getValue()).not.toBeNull());
  // Let start() finish (badge, history).
  await vi.waitFor(async () => expect(await historyItem(app.id).getValue()).toHaveLength(1));
}

describe('the background entrypoint (fakeBrowser, stubbed fetch)', () => {
  it('install: a sync alarm exists and a snapshot is written from GET /v1/client', async () => {
    await installed();
    expect(await fakeBrowser.alarms.get(`sync:${app.id}`)).toMatchObject({ periodInMinutes: 0.5 });
    expect(await fakeBrowser.alarms.get(`mint:${app.id}`)).toBeUndefined();
    const snapshot = await snapshotItem(app.id).getValue();
    expect(snapshot).toMatchObject({
      appId: app.id,
      instanceType: 'development',
      mode: 'observe',
      multiSession: false,
      currentSessionId: 'sess_1',
      stale: false,
      error: null,
      token: { mintedBy: 'app' },
    });
    // Never the raw token in storage.
    expect(JSON.stringify(snapshot)).not.toContain('c2lnbmF0dXJlLW5vdC1jaGVja2Vk');
    const clientRequest = fapi.requests.find((u) => u.pathname === '/v1/client');
    expect(clientRequest?.searchParams.get('__clerk_db_jwt')).toBe('dvb_identity');
    // Reads only, plus the public JWKS for the token verdict (sent without any identity).
    const allowed = ['/v1/client', '/v1/environment', '/.well-known/jwks.json'];
    expect(fapi.requests.every((u) => allowed.includes(u.pathname))).toBe(true);
    const jwks = fapi.requests.filter((u) => u.pathname === '/.well-known/jwks.json');
    expect(jwks).toHaveLength(1);
    expect(jwks[0]?.search).toBe('');
    // The verdict is computed outside the app's queue and stored right after the snapshot.
    await vi.waitFor(async () => expect((await snapshotItem(app.id).getValue())?.tokenVerdict?.accepted).toBe(false));
    expect(await fakeBrowser.action.getBadgeText({})).toMatch(/^\d+m$/);
  });

  it('the sync alarm writes a new snapshot', async () => {
    await installed();
    const before = fapi.count('/v1/client');
    fapi.signedIn = false;
    await fakeBrowser.alarms.onAlarm.trigger(alarm(`sync:${app.id}`));
    expect(fapi.count('/v1/client')).toBe(before + 1);
    expect(await snapshotItem(app.id).getValue()).toMatchObject({ currentSessionId: null, lastRefresh: { trigger: 'alarm' } });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('a sync-host cookie change triggers one refresh for a burst of changes', async () => {
    await installed();
    const before = fapi.count('/v1/client');
    for (const name of ['__clerk_db_jwt', '__client_uat', '__client_uat_abc']) {
      jar.set(name, 'signed-in');
      for (const l of cookieListeners) l(cookieEvent(name, 'localhost'));
    }
    for (const l of cookieListeners) l(cookieEvent('__clerk_db_jwt', 'other.example'));
    for (const l of cookieListeners) l(cookieEvent('theme', 'localhost'));
    await vi.waitFor(async () => expect((await historyItem(app.id).getValue()).at(-1)?.trigger).toBe('sync-cookie'), {
      timeout: 30_000,
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(fapi.count('/v1/client')).toBe(before + 1);
  });

  it('clerk-js rewriting __client_uat with the same value triggers nothing; a new value does', async () => {
    await installed();
    // clerk-js deletes the cookie (an expired overwrite) and sets the same value again, every ~1.5 s.
    const rewrite = (value: string) => {
      jar.set('__client_uat', value);
      for (const l of cookieListeners) {
        l({ cookie: { name: '__client_uat', domain: 'localhost', value, path: '/' }, removed: true, cause: 'expired_overwrite' });
        l({ cookie: { name: '__client_uat', domain: 'localhost', value, path: '/' }, removed: false, cause: 'explicit' });
      }
    };
    rewrite('1700000000');
    await new Promise((r) => setTimeout(r, 400));
    const before = fapi.count('/v1/client');
    for (let i = 0; i < 5; i++) {
      rewrite('1700000000');
      await new Promise((r) => setTimeout(r, 350));
    }
    expect(fapi.count('/v1/client')).toBe(before);
    rewrite('0'); // signed out in the app
    await vi.waitFor(() => expect(fapi.count('/v1/client')).toBe(before + 1), { timeout: 30_000 });
  });

  it('messages: own pages get an answer, a foreign sender is ignored', async () => {
    await installed();
    const before = fapi.count('/v1/client');
    const listener = messageListeners[0];
    if (!listener) throw new Error('no message listener');
    const message = { type: 'refreshNow', payload: { appId: app.id } };

    const foreign = vi.fn();
    for (const sender of [
      { id: 'other-extension', origin: 'chrome-extension://other-extension' },
      { url: 'https://evil.example/', origin: 'https://evil.example' },
      { id: fakeBrowser.runtime.id, url: 'https://app.example/', origin: 'https://app.example', tab: { id: 1 } },
    ]) {
      expect(listener(message, sender, foreign)).toBeUndefined();
    }
    await new Promise((r) => setTimeout(r, 10));
    expect(foreign).not.toHaveBeenCalled();
    expect(fapi.count('/v1/client')).toBe(before);

    const own = vi.fn();
    const origin = `chrome-extension://${fakeBrowser.runtime.id}`;
    expect(listener(message, { id: fakeBrowser.runtime.id, origin, url: `${origin}/popup.html` }, own)).toBe(true);
    await vi.waitFor(() => expect(own).toHaveBeenCalledWith(expect.objectContaining({ ok: true })));
    expect(fapi.count('/v1/client')).toBe(before + 1);

    // getState answers from storage: the same snapshot, no request.
    const state = vi.fn();
    listener(
      { type: 'getState', payload: { appId: app.id } },
      { id: fakeBrowser.runtime.id, origin, url: `${origin}/popup.html` },
      state,
    );
    await vi.waitFor(() => expect(state).toHaveBeenCalled());
    expect(state).toHaveBeenCalledWith({ ok: true, value: await snapshotItem(app.id).getValue() });
    expect(fapi.count('/v1/client')).toBe(before + 1);
  });

  it('trafficFinding from the DevTools panel page is kept in storage.session, and cleared by null', async () => {
    await installed();
    const listener = messageListeners[0];
    if (!listener) throw new Error('no message listener');
    const origin = `chrome-extension://${fakeBrowser.runtime.id}`;
    const panel = { id: fakeBrowser.runtime.id, origin, url: `${origin}/devtools-panel.html` };
    const finding = {
      id: 'loop',
      severity: 'fix',
      title: 'Loop: session-token-nbf',
      detail: '3 handshake round trips in 2 s.',
      reason: 'session-token-nbf',
      fix: 'Turn on automatic time.',
      host: 'localhost:3000',
      at: 1,
    };
    const reply = vi.fn();
    listener({ type: 'trafficFinding', payload: { finding } }, panel, reply);
    await vi.waitFor(() => expect(reply).toHaveBeenCalledWith({ ok: true, value: null }));
    expect(await trafficFindingItem.getValue()).toMatchObject({ ...finding, receivedAt: expect.any(Number) });
    const cleared = vi.fn();
    listener({ type: 'trafficFinding', payload: { finding: null } }, panel, cleared);
    await vi.waitFor(() => expect(cleared).toHaveBeenCalledWith({ ok: true, value: null }));
    expect(await trafficFindingItem.getValue()).toBeNull();
  });

  it('removing the app in options clears its alarms and snapshot', async () => {
    await installed();
    await appsItem.setValue([]);
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.getAll()).toEqual([]));
    expect(await snapshotItem(app.id).getValue()).toBeNull();
  });

  it('a worker woken without its alarms re-creates them in main()', async () => {
    background.main();
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(`sync:${app.id}`)).toBeDefined());
  });
});
