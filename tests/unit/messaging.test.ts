import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dispatch, isTrustedSender, listenForMessages, type SenderLike, sendMessage } from '../../lib/messaging';
import type { Handlers } from '../../lib/protocol';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const OWN = `chrome-extension://${ID}`;

describe('isTrustedSender', () => {
  it.each<[string, SenderLike, boolean]>([
    ['the popup (origin)', { id: ID, origin: OWN, url: `${OWN}/popup.html` }, true],
    ['the options page (url only)', { id: ID, url: `${OWN}/options.html` }, true],
    ['own page opened in a tab', { id: ID, origin: OWN, url: `${OWN}/popup.html`, tab: { id: 3 } }, true],
    [
      'another extension',
      { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', origin: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' },
      false,
    ],
    ['another extension claiming our origin', { id: 'zzzz', origin: OWN }, false],
    ['a web page', { origin: 'https://evil.example', url: 'https://evil.example/' }, false],
    [
      'our content script on a web page',
      { id: ID, origin: 'https://app.example', url: 'https://app.example/x', tab: { id: 1 } },
      false,
    ],
    ['our id with a look-alike origin', { id: ID, origin: `chrome-extension://${ID}.evil.example` }, false],
    ['our id, no origin and no url', { id: ID }, false],
    ['our id, a malformed url (must not throw)', { id: ID, url: 'not a url' }, false],
    ['our id, a url on a look-alike host', { id: ID, url: `${OWN}.evil.example/x` }, false],
    ['nothing at all', {}, false],
  ])('%s → %s', (_, sender, trusted) => {
    expect(isTrustedSender(sender, ID)).toBe(trusted);
  });
});

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const none = async () => null;
  return {
    getState: none,
    refreshNow: none,
    setMode: none,
    selectApp: none,
    removeSession: none,
    signOutAll: async ({ appId, scope }) => ({
      appId,
      scope,
      at: 1,
      status: 'done',
      ended: [],
      failed: [],
      needsReverification: [],
    }),
    openSyncHost: none,
    copyToken: async () => ({ token: null, expiredAgoMs: null }),
    appsChanged: none,
    trafficFinding: none,
    ...overrides,
  };
}

describe('dispatch', () => {
  it.each([
    ['not an object', 'getState'],
    ['null', null],
    ['an unknown type', { type: 'deleteEverything', payload: {} }],
    ['no payload', { type: 'getState' }],
    ['a prototype key as type', { type: 'toString', payload: {} }],
  ])('refuses %s', async (_, message) => {
    expect(await dispatch(handlers(), message)).toEqual({ ok: false, error: 'Unknown message.' });
  });

  it('routes to the handler and wraps its value', async () => {
    const getState = vi.fn(async () => null);
    expect(await dispatch(handlers({ getState }), { type: 'getState', payload: { appId: 'a' } })).toEqual({
      ok: true,
      value: null,
    });
    expect(getState).toHaveBeenCalledWith({ appId: 'a' });
  });

  it.each([
    ['an Error', new Error('Clerk is down'), 'Clerk is down'],
    ['a string', 'plain failure', 'plain failure'],
  ])('turns a thrown %s into { ok: false }', async (_, thrown, error) => {
    const refreshNow = vi.fn(async () => {
      throw thrown;
    });
    expect(await dispatch(handlers({ refreshNow }), { type: 'refreshNow', payload: { appId: 'a' } })).toEqual({
      ok: false,
      error,
    });
  });
});

describe('listenForMessages', () => {
  it('answers own pages through sendResponse (works on Chrome < 144) and ignores others', async () => {
    const addListener = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
    const getState = vi.fn(async () => null);
    listenForMessages(handlers({ getState }));
    const listener = addListener.mock.calls[0]?.[0] as unknown as (m: unknown, s: SenderLike, r: (x: unknown) => void) => unknown;
    const own = fakeBrowser.runtime.getURL('/popup.html');

    const sendResponse = vi.fn();
    expect(listener({ type: 'getState', payload: { appId: 'a' } }, { id: fakeBrowser.runtime.id, url: own }, sendResponse)).toBe(
      true,
    );
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith({ ok: true, value: null }));

    const ignored = vi.fn();
    expect(listener({ type: 'getState', payload: { appId: 'a' } }, { url: 'https://evil.example/' }, ignored)).toBeUndefined();
    expect(getState).toHaveBeenCalledTimes(1);
    expect(ignored).not.toHaveBeenCalled();
  });

  it('sendMessage unwraps replies and throws on { ok: false } or no answer', async () => {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    send.mockResolvedValueOnce({ ok: true, value: { token: 'x' } } as never);
    expect(await sendMessage('copyToken', { appId: 'a' })).toEqual({ token: 'x' });
    expect(send).toHaveBeenLastCalledWith({ type: 'copyToken', payload: { appId: 'a' } });
    send.mockResolvedValueOnce({ ok: false, error: 'nope' } as never);
    await expect(sendMessage('copyToken', { appId: 'a' })).rejects.toThrow('nope');
    send.mockResolvedValueOnce(undefined);
    await expect(sendMessage('copyToken', { appId: 'a' })).rejects.toThrow(/did not answer/);
  });
});

describe('payloads are validated at the boundary (issue 11, item 23)', () => {
  const known = async () => ['app-dev', 'app-prod'];

  it.each([
    [
      'setMode with a mode that is not keep-alive or observe',
      { type: 'setMode', payload: { appId: 'app-dev', mode: 'evil' } },
      'Unknown mode.',
    ],
    ['setMode without a mode', { type: 'setMode', payload: { appId: 'app-dev' } }, 'Unknown mode.'],
    [
      'setMode with a prototype key as mode',
      { type: 'setMode', payload: { appId: 'app-dev', mode: 'constructor' } },
      'Unknown mode.',
    ],
    [
      'signOutAll with an unknown scope',
      { type: 'signOutAll', payload: { appId: 'app-dev', scope: 'everyone' } },
      'Unknown sign-out scope.',
    ],
    [
      'removeSession with something that is not a session id',
      { type: 'removeSession', payload: { appId: 'app-dev', sessionId: '../client' } },
      'The message names no session.',
    ],
    ['a number as appId', { type: 'refreshNow', payload: { appId: 42 } }, 'The message names no app.'],
    ['no appId', { type: 'copyToken', payload: {} }, 'The message names no app.'],
    ['a null payload', { type: 'getState', payload: null }, 'The message has no payload.'],
    ['an unknown appId', { type: 'setMode', payload: { appId: 'app-gone', mode: 'observe' } }, 'Unknown app.'],
    [
      'an unknown appId for sign-out',
      { type: 'signOutAll', payload: { appId: 'app-gone', scope: 'this-browser' } },
      'Unknown app.',
    ],
  ])('refuses %s, and no handler runs', async (_, message, error) => {
    const calls = vi.fn(async () => null);
    const all = handlers({
      setMode: calls,
      refreshNow: calls,
      copyToken: calls as never,
      getState: calls,
      signOutAll: calls as never,
      removeSession: calls,
    });
    expect(await dispatch(all, message, known)).toEqual({ ok: false, error });
    expect(calls).not.toHaveBeenCalled();
  });

  it('a valid setMode for a known app reaches its handler', async () => {
    const setMode = vi.fn(async () => null);
    expect(
      await dispatch(handlers({ setMode }), { type: 'setMode', payload: { appId: 'app-prod', mode: 'observe' } }, known),
    ).toEqual({
      ok: true,
      value: null,
    });
    expect(setMode).toHaveBeenCalledWith({ appId: 'app-prod', mode: 'observe' });
  });

  it('appsChanged names no app and needs no lookup', async () => {
    const lookup = vi.fn(known);
    expect(await dispatch(handlers(), { type: 'appsChanged', payload: {} }, lookup)).toEqual({ ok: true, value: null });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('trafficFinding names no app; a finding that is not one never reaches the handler', async () => {
    const lookup = vi.fn(known);
    const trafficFinding = vi.fn(async () => null);
    const finding = {
      id: 'loop',
      severity: 'fix',
      title: 'Loop: session-token-iat-in-the-future',
      detail: '3 handshake round trips in 1 s.',
      reason: 'session-token-iat-in-the-future',
      fix: 'Turn on automatic time.',
      host: 'localhost:3000',
      at: 1,
    } as const;
    expect(await dispatch(handlers({ trafficFinding }), { type: 'trafficFinding', payload: { finding } }, lookup)).toEqual({
      ok: true,
      value: null,
    });
    expect(await dispatch(handlers({ trafficFinding }), { type: 'trafficFinding', payload: { finding: null } }, lookup)).toEqual({
      ok: true,
      value: null,
    });
    for (const bad of [
      { ...finding, id: 'nope' },
      { ...finding, detail: 'x'.repeat(5000) },
      { ...finding, at: 'soon' },
      'loop',
    ]) {
      expect(await dispatch(handlers({ trafficFinding }), { type: 'trafficFinding', payload: { finding: bad } })).toEqual({
        ok: false,
        error: 'Not a traffic finding.',
      });
    }
    expect(trafficFinding).toHaveBeenCalledTimes(2);
    expect(lookup).not.toHaveBeenCalled();
  });
});
