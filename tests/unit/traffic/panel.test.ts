/**
 * The panel's view (components/traffic/panel.ts, plain DOM) over the DevTools adapter
 * (lib/traffic/devtools-network.ts) with a fake `chrome.devtools.network`, and the doctor check
 * the popup shows for the finding (lib/doctor/traffic-check.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountTrafficPanel } from '../../../components/traffic/panel';
import { trafficCheck } from '../../../lib/doctor/traffic-check';
import { devtoolsNetwork } from '../../../lib/traffic/devtools-network';
import type { TrafficFinding } from '../../../lib/traffic/findings';
import type { HarEntry } from '../../../lib/traffic/har';
import { APP, entry, FAPI, handshakeTrip, sessionToken, T } from './har-builders';

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

function mount() {
  const root = document.createElement('main');
  document.body.append(root);
  const onFinding = vi.fn<(f: TrafficFinding | null) => void>();
  const panel = mountTrafficPanel(root, { version: '0.1.0', onFinding, now: () => T });
  return { root, panel, onFinding };
}

describe('the Clerk panel view', () => {
  it('keeps only Clerk traffic, hides token claims until asked, and names a loop', () => {
    const { root, panel, onFinding } = mount();
    // An empty panel says nothing: the finding another DevTools window reported stays.
    expect(onFinding).not.toHaveBeenCalled();
    panel.add([
      entry({ url: `${APP}/style.css`, document: false }),
      ...handshakeTrip(T, 'session-token-nbf', 1, sessionToken(T)),
    ]);
    expect(root.querySelectorAll('[data-testid="traffic-row"]')).toHaveLength(3);
    expect(root.textContent).toContain('token (hidden)');
    expect(root.textContent).not.toContain('sid sess_abc');
    (root.querySelector('#show-claims') as HTMLInputElement).click();
    expect(root.textContent).toContain('sid sess_abc');

    panel.add([2, 3].flatMap((n) => handshakeTrip(T + n * 300, 'session-token-nbf', n, sessionToken(T))));
    const loop = root.querySelector('[data-finding="loop"]');
    expect(loop?.textContent).toMatch(/Loop: session-token-nbf/);
    expect(onFinding).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'loop', reason: 'session-token-nbf' }));
    const calls = onFinding.mock.calls.length;
    panel.add([entry({ url: `${APP}/other.css`, document: false })]);
    expect(onFinding.mock.calls.length).toBe(calls);
  });

  it('Clear forgets everything and tells the worker there is no finding', () => {
    const { root, panel, onFinding } = mount();
    panel.add([1, 2, 3].flatMap((n) => handshakeTrip(T + n * 300, 'session-token-nbf', n, sessionToken(T))));
    [...root.querySelectorAll('button')].find((b) => b.textContent === 'Clear')?.click();
    expect(root.querySelectorAll('[data-testid="traffic-row"]')).toHaveLength(0);
    expect(onFinding).toHaveBeenLastCalledWith(null);
  });
});

describe('the chrome.devtools.network adapter', () => {
  it('is null outside DevTools', () => {
    vi.stubGlobal('chrome', {});
    expect(devtoolsNetwork()).toBeNull();
  });

  it('hands over the recorded entries and each finished one, with a Frontend API answer’s body', async () => {
    type Finished = HarEntry & { getContent(cb: (c: string | null, e: string) => void): void };
    const listeners: Array<(r: Finished) => void> = [];
    const finished = (r: Finished) => {
      for (const l of listeners) l(r);
    };
    const recorded = entry({ url: `${APP}/`, document: true });
    vi.stubGlobal('chrome', {
      devtools: {
        network: {
          getHAR: (cb: (har: { entries: HarEntry[] }) => void) => cb({ entries: [recorded] }),
          onRequestFinished: { addListener: (cb: (r: Finished) => void) => listeners.push(cb) },
          onNavigated: { addListener: () => undefined },
        },
      },
    });
    const source = devtoolsNetwork();
    expect(await source?.existing()).toEqual([recorded]);
    const seen: HarEntry[] = [];
    source?.onEntry((e) => seen.push(e));
    const body = JSON.stringify({ object: 'token', jwt: sessionToken(T) });
    finished?.({
      ...entry({ method: 'POST', url: `${FAPI}/v1/client/sessions/sess_abc/tokens` }),
      getContent: (cb) => cb(body, ''),
    });
    finished({ ...entry({ url: `${APP}/`, document: true }), getContent: () => expect.unreachable('no body for a page') });
    expect(seen[0]?.response.content?.text).toBe(body);
    expect(seen).toHaveLength(2);
  });
});

describe('trafficCheck (the doctor)', () => {
  const finding = {
    id: 'loop' as const,
    severity: 'fix' as const,
    title: 'Loop: session-token-nbf',
    detail: '3 handshake round trips in 2 s.',
    reason: 'session-token-nbf',
    fix: 'Turn on automatic time.',
    host: 'localhost:5317',
    at: T,
    receivedAt: T,
  };
  it('a fix for the app whose sync host saw it; nothing for another app', () => {
    expect(trafficCheck(finding, { syncHost: APP })).toMatchObject({ id: 'traffic', status: 'fail', code: 'session-token-nbf' });
    expect(trafficCheck({ ...finding, severity: 'note' }, { syncHost: null })?.status).toBe('warn');
    expect(trafficCheck(finding, { syncHost: 'http://localhost:3000' })).toBeNull();
    expect(trafficCheck(null, { syncHost: APP })).toBeNull();
  });
});
