import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Popup } from '../../../components/Popup';
import { sendMessage } from '../../../lib/messaging';
import { connectPopupStore, resetPopupStore, usePopupStore } from '../../../lib/popup-store';
import { choosePopupView } from '../../../lib/popup-view';
import { appsItem, historyItem, snapshotItem } from '../../../lib/storage';
import { FAPI_HOST, fixtureApp, fixtureHistory, fixtureSnapshot, MIN, stateSnapshots } from './fixtures';
import { showPopup } from './popup-harness';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn() }));

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const status = () => screen.getByTestId('status').textContent ?? '';

beforeEach(() => {
  resetPopupStore();
  vi.mocked(sendMessage).mockReset();
  vi.mocked(sendMessage).mockResolvedValue(null);
});
afterEach(() => vi.restoreAllMocks());

describe('choosePopupView', () => {
  const app = fixtureApp();
  const snapshots = stateSnapshots(NOW);
  it.each([
    ['not loaded', { loaded: false, app, permission: 'granted', snapshot: null }, 'loading'],
    ['no app', { loaded: true, app: null, permission: 'granted', snapshot: null }, 'not-configured'],
    ['hosts not granted', { loaded: true, app, permission: 'missing', snapshot: snapshots.healthy }, 'permission-missing'],
    [
      'engine says permission',
      {
        loaded: true,
        app,
        permission: 'unknown',
        snapshot: { ...snapshots.healthy, error: { kind: 'permission', message: 'x', at: NOW } },
      },
      'permission-missing',
    ],
    ['no snapshot yet', { loaded: true, app, permission: 'granted', snapshot: null }, 'waiting'],
    ['healthy', { loaded: true, app, permission: 'granted', snapshot: snapshots.healthy }, 'healthy'],
    ['expiring', { loaded: true, app, permission: 'granted', snapshot: snapshots.expiring }, 'expiring'],
    ['expired', { loaded: true, app, permission: 'granted', snapshot: snapshots.expired }, 'expired'],
    ['signed out', { loaded: true, app, permission: 'granted', snapshot: snapshots['signed-out'] }, 'signed-out'],
    [
      'no identity yet',
      {
        loaded: true,
        app,
        permission: 'granted',
        snapshot: { ...snapshots['signed-out'], error: { kind: 'no-identity', message: 'open your app', at: NOW } },
      },
      'signed-out',
    ],
    ['http error', { loaded: true, app, permission: 'granted', snapshot: snapshots.stale }, 'stale'],
    ['network error', { loaded: true, app, permission: 'granted', snapshot: snapshots.unreachable }, 'unreachable'],
    [
      'timeout while signed out',
      {
        loaded: true,
        app,
        permission: 'granted',
        snapshot: { ...snapshots['signed-out'], error: { kind: 'timeout', message: 't', at: NOW } },
      },
      'unreachable',
    ],
  ] as const)('%s → %s', (_name, input, kind) => {
    // biome-ignore lint/suspicious/noExplicitAny: table rows are loosely typed on purpose
    expect(choosePopupView({ ...(input as any), now: NOW }).kind).toBe(kind);
  });

  it('warning between the warning and the critical threshold', () => {
    const base = fixtureSnapshot(NOW);
    const session = { ...base.sessions[0], lastActiveAt: NOW - 25 * MIN, expireAt: NOW + 5 * MIN } as (typeof base.sessions)[0];
    const view = choosePopupView({
      loaded: true,
      app,
      permission: 'granted',
      snapshot: { ...base, sessions: [session] },
      now: NOW,
    });
    expect(view.kind).toBe('warning');
  });
});

describe('popup views', () => {
  it('loading', () => {
    showPopup({ loaded: false });
    expect(status()).toContain('Loading');
  });

  it('not configured: a button opens the options page', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    showPopup({ apps: [] });
    expect(status()).toContain('Not configured');
    // The view's own part is a lazy chunk (so are those of the rare views below).
    await userEvent.click(await screen.findByRole('button', { name: /open options/i }));
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('permission missing: Grant asks Chrome for the hosts, then tells the engine', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true as never);
    showPopup({ permission: 'missing', snapshot: null });
    expect(status()).toContain('Permission missing');
    await userEvent.click(await screen.findByRole('button', { name: 'Grant access' }));
    expect(request).toHaveBeenCalledWith({ origins: [`https://${FAPI_HOST}/*`, 'http://localhost/*'] });
    expect(sendMessage).toHaveBeenCalledWith('appsChanged', {});
    expect(status()).not.toContain('Permission missing');
  });

  it('permission refused: says so and stays', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false as never);
    showPopup({ permission: 'missing' });
    await userEvent.click(await screen.findByRole('button', { name: 'Grant access' }));
    expect(screen.getByRole('alert').textContent).toMatch(/not granted/);
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('waiting for the first snapshot shows the FAPI host from the key', async () => {
    showPopup({ snapshot: null });
    expect(status()).toContain('Waiting');
    // Parsed in a lazy chunk (a synced popup takes the host from its snapshot).
    await vi.waitFor(() => expect(screen.getByTestId('fapi-host').textContent).toBe(FAPI_HOST));
    expect(screen.getByText('development', { selector: '.pill' })).toBeTruthy();
  });

  it('signed out: "Open <sync host> to sign in" asks the engine to open it', async () => {
    showPopup({ snapshot: stateSnapshots(NOW)['signed-out'] });
    expect(status()).toContain('Signed out');
    expect(screen.getByTestId('session-state').textContent).toBe('Signed out');
    await userEvent.click(screen.getByRole('button', { name: 'Open localhost:3000 to sign in' }));
    expect(sendMessage).toHaveBeenCalledWith('openSyncHost', { appId: 'app-fixture' });
  });

  it('signed out without a sync host points to the options page', () => {
    showPopup({ apps: [fixtureApp({ syncHost: null })], snapshot: stateSnapshots(NOW)['signed-out'] });
    expect(screen.queryByRole('button', { name: /to sign in/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Open options' })).toBeTruthy();
  });

  it('healthy: user, status word, the three numbers, every session with the current one marked', async () => {
    const now = NOW;
    showPopup({ snapshot: stateSnapshots(now).healthy, now });
    expect(status()).toContain('Healthy');
    expect(screen.getByText('Ada Lovelace', { selector: 'strong' })).toBeTruthy();
    expect(screen.getByText('ada@example.com')).toBeTruthy();
    expect(screen.getByText('user_2xyzUVW', { selector: '.user code' })).toBeTruthy();
    expect(screen.getByTestId('session-state').textContent).toBe('active');
    expect(screen.getByTestId('session-age-value').textContent).toBe('2h 05m');
    expect(screen.getByTestId('inactivity-left').textContent).toBe('29m 40s');
    expect(screen.getByTestId('inactivity').textContent).toContain('of 30m timeout · declared');
    expect(screen.getByTestId('last-refresh-ago').textContent).toBe('20s');
    expect(screen.getByTestId('last-refresh-by').textContent).toBe('ago, by this extension · 142 ms');
    expect(screen.getByTestId('token-countdown').textContent).toContain('in 40s');
    expect(screen.getByTestId('max-lifetime').textContent).toContain('6d 21h left');
    // The session list is below the glance, in a lazy chunk.
    const rows = await screen.findAllByTestId('session-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.getAttribute('aria-current')).toBe('true');
    expect(rows[0]?.textContent).toContain('current');
    expect(rows[1]?.getAttribute('aria-current')).toBeNull();
    expect(rows[1]?.textContent).toContain('Grace Hopper');
  });

  it('inactivity timeout inferred, off, or unknown is said in words', () => {
    const now = NOW;
    const base = stateSnapshots(now).healthy;
    if (!base) throw new Error('fixture');
    const { unmount } = showPopup({ snapshot: { ...base, inactivityTimeout: { seconds: 1800, source: 'inferred' } }, now });
    expect(screen.getByTestId('inactivity').textContent).toContain('inferred');
    unmount();
    const off = showPopup({ snapshot: { ...base, inactivityTimeout: { seconds: 0, source: 'declared' } }, now });
    expect(screen.getByTestId('inactivity-left').textContent).toBe('Not enabled');
    off.unmount();
    showPopup({ snapshot: { ...base, inactivityTimeout: { seconds: null, source: 'unknown' } }, now });
    expect(screen.getByTestId('inactivity-left').textContent).toBe('Unknown');
  });

  it('observe mode: the last refresh is the app’s own token', () => {
    const now = NOW;
    showPopup({ apps: [fixtureApp({ mode: 'observe' })], snapshot: stateSnapshots(now).expiring, now });
    expect(status()).toContain('Expiring');
    expect(screen.getByTestId('last-refresh-by').textContent).toBe('ago, by the app');
    expect(screen.getByTestId('mode-explanation').textContent).toMatch(/reads only; the inactivity window drains/);
    expect(screen.getByText(/last token refresh is the app’s own token/)).toBeTruthy();
  });

  it('expired: says so and offers to sign in again', async () => {
    const now = NOW;
    showPopup({ snapshot: stateSnapshots(now).expired, now });
    expect(status()).toContain('Expired');
    expect(screen.getByTestId('session-state').textContent).toBe('expired');
    expect(screen.getByTestId('inactivity-left').textContent).toBe('ended');
    expect(await screen.findByRole('button', { name: 'Open localhost:3000 to sign in' })).toBeTruthy();
  });

  it('stale: the error, its time, the next retry, and "showing last good data from …"', async () => {
    const now = NOW;
    showPopup({ snapshot: stateSnapshots(now).stale, now });
    expect(status()).toContain('Stale');
    const details = await screen.findByTestId('error-details');
    expect(details.textContent).toContain('HTTP 503');
    expect(details.textContent).toContain('Frontend API answered 503 Service Unavailable');
    expect(details.textContent).toContain('45s ago');
    expect(details.textContent).toContain('Next retry in 1m 15s');
    expect(screen.getByTestId('last-good').textContent).toMatch(/^Showing last good data from .+ \(6m 00s ago\)\.$/);
    // The last good numbers are still there.
    expect(screen.getByTestId('session-age-value').textContent).toBe('2h 05m');
  });

  it('an error stamped after the popup clock last ticked still reads as past ("0s ago", never "in 0s")', async () => {
    const now = NOW;
    const stale = stateSnapshots(now).stale;
    if (!stale?.error) throw new Error('fixture: the stale state has an error');
    showPopup({ snapshot: { ...stale, error: { ...stale.error, at: now + 400 } }, now });
    const details = (await screen.findByTestId('error-details')).textContent ?? '';
    expect(details).toContain('(0s ago)');
    expect(details).not.toContain('in 0s');
  });

  it('FAPI unreachable: names the host', async () => {
    const now = NOW;
    showPopup({ snapshot: stateSnapshots(now).unreachable, now });
    expect(status()).toContain('FAPI unreachable');
    expect((await screen.findByTestId('error-details')).textContent).toContain(`Could not reach ${FAPI_HOST}`);
    expect(screen.getByTestId('error-details').textContent).toContain('Failed to fetch');
  });

  it('status is never colour alone: every state has a word and an icon', () => {
    const now = NOW;
    for (const snapshot of Object.values(stateSnapshots(now))) {
      const { unmount } = showPopup({ snapshot, now });
      const banner = screen.getByTestId('status');
      expect(banner.querySelector('.status-label')?.textContent?.length).toBeGreaterThan(3);
      expect(banner.querySelector('.status-icon')?.textContent?.trim().length).toBeGreaterThan(0);
      unmount();
    }
  });

  it('the aria-live region holds the status only, not the ticking numbers', () => {
    const now = NOW;
    showPopup({ snapshot: stateSnapshots(now).healthy, now });
    const live = document.querySelectorAll('[aria-live]');
    expect(live).toHaveLength(1);
    expect(live[0]?.textContent).not.toMatch(/\d/);
  });

  it('never renders the raw token, only its preview', async () => {
    const now = NOW;
    showPopup({ snapshot: stateSnapshots(now).healthy, now });
    await screen.findByRole('button', { name: 'Copy token' });
    expect(document.body.textContent).toContain('eyJhbGciOi…x1Yw');
    expect(document.body.textContent).not.toMatch(/eyJ[\w-]{20,}\.[\w-]+\./);
  });
});

describe('header actions', () => {
  it('switching apps stores the choice and tells the engine', async () => {
    const staging = fixtureApp({ id: 'app-staging', label: 'staging' });
    await appsItem.setValue([fixtureApp(), staging]);
    await act(() => connectPopupStore());
    render(<Popup />);
    const select = screen.getByRole('combobox', { name: 'App' }) as HTMLSelectElement;
    expect(select.value).toBe('app-fixture');
    await userEvent.selectOptions(select, 'app-staging');
    await vi.waitFor(() => expect(sendMessage).toHaveBeenCalledWith('selectApp', { appId: 'app-staging' }));
    await vi.waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'App' }) as HTMLSelectElement).value).toBe('app-staging'),
    );
  });

  it('the mode toggle sends setMode and explains the mode', async () => {
    showPopup({ snapshot: stateSnapshots(NOW).healthy });
    expect(screen.getByTestId('mode-explanation').textContent).toBe(
      'Keep-alive mints a token on schedule, which counts as activity and resets the inactivity window.',
    );
    await userEvent.click(screen.getByRole('radio', { name: 'Observe' }));
    expect(sendMessage).toHaveBeenCalledWith('setMode', { appId: 'app-fixture', mode: 'observe' });
  });

  it('a failed mode switch is reported', async () => {
    vi.mocked(sendMessage).mockRejectedValue(new Error('The background service worker did not answer.'));
    showPopup({ snapshot: stateSnapshots(NOW).healthy });
    await userEvent.click(screen.getByRole('radio', { name: 'Observe' }));
    expect((await screen.findByRole('alert')).textContent).toContain('did not answer');
    expect((screen.getByRole('radio', { name: 'Keep-alive' }) as HTMLInputElement).checked).toBe(true);
  });

  it('Refresh now asks the engine and shows progress', async () => {
    let resolve: (v: null) => void = () => undefined;
    vi.mocked(sendMessage).mockImplementation(() => new Promise((r) => (resolve = r as typeof resolve)));
    showPopup({ snapshot: stateSnapshots(NOW).healthy });
    await userEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    expect(sendMessage).toHaveBeenCalledWith('refreshNow', { appId: 'app-fixture' });
    expect((screen.getByRole('button', { name: 'Refreshing…' }) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => resolve(null));
    expect(screen.getByRole('button', { name: 'Refresh now' })).toBeTruthy();
  });
});

describe('the store follows storage', () => {
  it('reads the snapshot and history of the selected app and updates live', async () => {
    const now = NOW;
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true as never);
    await appsItem.setValue([fixtureApp()]);
    await snapshotItem('app-fixture').setValue(stateSnapshots(now).healthy ?? null);
    await historyItem('app-fixture').setValue(fixtureHistory(now, 10));
    await act(() => connectPopupStore());
    act(() => usePopupStore.getState().tick(now));
    render(<Popup />);
    expect(status()).toContain('Healthy');
    expect((await screen.findByTestId('history-summary')).textContent).toContain('Last 10: 8 ok, 2 failed');
    await act(() => snapshotItem('app-fixture').setValue(stateSnapshots(now)['signed-out'] ?? null));
    expect(status()).toContain('Signed out');
  });

  it('host permissions not granted → permission missing', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false as never);
    await appsItem.setValue([fixtureApp()]);
    await act(() => connectPopupStore());
    render(<Popup />);
    expect(status()).toContain('Permission missing');
    expect(await within(document.body).findByRole('button', { name: 'Grant access' })).toBeTruthy();
  });
});
