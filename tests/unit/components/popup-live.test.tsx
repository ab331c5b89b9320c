import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '../../../lib/messaging';
import { resetPopupStore, startPopupClock } from '../../../lib/popup-store';
import { stateSnapshots } from './fixtures';
import { showPopup } from './popup-harness';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn() }));

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

// jsdom has no CSS.escape; user-event uses it to walk radio groups with the arrow keys.
const css = (globalThis as { CSS?: { escape?: (s: string) => string } }).CSS ?? {};
css.escape ??= (s: string) => s.replace(/["\\]/g, '\\$&');
(globalThis as { CSS?: unknown }).CSS = css;

beforeEach(() => {
  resetPopupStore();
  vi.mocked(sendMessage).mockReset();
  vi.mocked(sendMessage).mockResolvedValue(null);
});
afterEach(() => vi.restoreAllMocks());

describe('live countdowns', () => {
  it('tick every second from absolute timestamps', () => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    const stop = startPopupClock();
    expect(screen.getByTestId('inactivity-left').textContent).toBe('29m 40s');
    expect(screen.getByTestId('token-countdown').textContent).toContain('in 40s');
    expect(screen.getByTestId('last-refresh-ago').textContent).toBe('20s');

    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByTestId('inactivity-left').textContent).toBe('29m 39s');
    expect(screen.getByTestId('token-countdown').textContent).toContain('in 39s');
    expect(screen.getByTestId('last-refresh-ago').textContent).toBe('21s');

    act(() => vi.advanceTimersByTime(45_000));
    expect(screen.getByTestId('inactivity-left').textContent).toBe('28m 54s');
    expect(screen.getByTestId('token-countdown').textContent).toContain('6s ago');
    expect(screen.getByTestId('session-age-value').textContent).toBe('2h 05m');
    stop();
  });

  it('a late timer does not drift: the numbers come from the clock, not from counting ticks', () => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    const stop = startPopupClock();
    // The popup was throttled for 10 s, then one tick arrives.
    vi.setSystemTime(NOW + 10_000);
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByTestId('inactivity-left').textContent).toBe('29m 29s');
    stop();
  });

  it('uses the server clock offset', () => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
    const snapshot = stateSnapshots(NOW).healthy;
    if (!snapshot) throw new Error('fixture');
    // The server is 2 minutes ahead of this browser: its deadlines are 2 minutes closer.
    showPopup({ snapshot: { ...snapshot, clockOffsetMs: 120_000 }, now: NOW });
    expect(screen.getByTestId('inactivity-left').textContent).toBe('27m 40s');
    expect(screen.getByText(/ahead by 2m 00s/)).toBeTruthy();
  });

  it('the status changes live when the deadline passes a threshold, and the live region says so once', () => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
    const snapshot = stateSnapshots(NOW).expiring;
    showPopup({ snapshot, now: NOW });
    const stop = startPopupClock();
    expect(screen.getByTestId('status').textContent).toContain('Expiring');
    act(() => vi.advanceTimersByTime(95_000));
    expect(screen.getByTestId('status').textContent).toContain('Expired');
    stop();
  });
});

describe('keyboard', () => {
  it('reaches and operates the header controls with Tab, arrows, Enter and Space', async () => {
    const user = userEvent.setup();
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    await screen.findByRole('button', { name: 'Copy token' });

    await user.tab();
    expect(document.activeElement?.textContent).toContain('Open in side panel');
    await user.tab();
    expect(document.activeElement?.textContent).toContain('Settings');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Keep-alive' }));
    // Arrow keys move within a radio group, as in a native toggle.
    await user.keyboard('{ArrowRight}');
    expect(sendMessage).toHaveBeenCalledWith('setMode', { appId: 'app-fixture', mode: 'observe' });
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Refresh now' }));
    await user.keyboard('{Enter}');
    expect(sendMessage).toHaveBeenCalledWith('refreshNow', { appId: 'app-fixture' });
  });

  it('opens the sign-out confirmation, toggles the other-devices box with Space, and cancels with the keyboard', async () => {
    const user = userEvent.setup();
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    const open = await screen.findByRole('button', { name: 'Sign out of all sessions…' });
    open.focus();
    await user.keyboard('{Enter}');
    // Focus moves to the confirmation's heading, so the next Tab lands inside it (the dialog is
    // a lazy chunk: the first test to open it may wait for it).
    const heading = await screen.findByRole('heading', { name: 'Sign out of all sessions' });
    expect(document.activeElement).toBe(heading);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('checkbox'));
    await user.keyboard(' ');
    expect((screen.getByRole('checkbox') as HTMLInputElement).checked).toBe(true);
    await user.tab();
    expect(document.activeElement?.textContent).toBe('Sign out 2 sessions and other devices');
    await user.tab();
    expect(document.activeElement?.textContent).toBe('Cancel');
    await user.keyboard('{Enter}');
    expect(screen.queryByTestId('signout-confirm')).toBeNull();
    expect(sendMessage).not.toHaveBeenCalledWith('signOutAll', expect.anything());
  });

  it('every interactive element is reachable by Tab', async () => {
    const user = userEvent.setup();
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    await screen.findByRole('button', { name: 'Sign out of all sessions…' });
    // (<summary> is focusable in Chrome but not in jsdom's tab order, so it is left out here.)
    const interactive = [...document.querySelectorAll('button:not(:disabled), input, select, a[href]')];
    const reached = new Set<Element>();
    for (let i = 0; i < interactive.length + 5; i++) {
      await user.tab();
      if (document.activeElement) reached.add(document.activeElement);
    }
    // Radio groups take one tab stop; everything else is reached.
    const expected = interactive.filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked));
    for (const el of expected) expect(reached.has(el), el.outerHTML.slice(0, 80)).toBe(true);
  });
});
