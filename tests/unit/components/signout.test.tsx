import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '../../../lib/messaging';
import { resetPopupStore } from '../../../lib/popup-store';
import type { SignOutReport } from '../../../lib/protocol';
import { stateSnapshots } from './fixtures';
import { showPopup } from './popup-harness';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn() }));

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

const REPORT: SignOutReport = {
  appId: 'app-fixture',
  scope: 'all-devices',
  at: NOW,
  status: 'done',
  ended: [
    { sessionId: 'sess_2abcDEF', userLabel: 'Ada Lovelace', where: 'this-browser' },
    { sessionId: 'sess_9other', userLabel: 'Grace Hopper', where: 'this-browser' },
  ],
  failed: [{ sessionId: 'sess_phone', userLabel: 'Ada Lovelace', where: 'other-device', reason: 'HTTP 500 from Clerk' }],
  needsReverification: [{ sessionId: 'sess_laptop', userLabel: 'Ada Lovelace', where: 'other-device' }],
};

beforeEach(() => {
  resetPopupStore();
  vi.mocked(sendMessage).mockReset();
});
afterEach(() => vi.restoreAllMocks());

async function openConfirmation() {
  showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
  await userEvent.click(await screen.findByRole('button', { name: 'Sign out of all sessions…' }));
  // The dialog is a lazy chunk (fetched after the first paint; the first test may click first).
  return screen.findByTestId('signout-confirm');
}

describe('sign out of all sessions', () => {
  it('the confirmation lists what will end before anything is sent', async () => {
    const confirm = await openConfirmation();
    expect(confirm.textContent).toContain('This ends 2 sessions in this browser');
    const items = within(confirm)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items[0]).toContain('Ada Lovelace');
    expect(items[1]).toContain('Grace Hopper');
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('ended sessions are not offered (only active and pending ones)', async () => {
    const snapshot = stateSnapshots(NOW).healthy;
    if (!snapshot) throw new Error('fixture');
    const [first, second] = snapshot.sessions;
    if (!first || !second) throw new Error('fixture');
    showPopup({ snapshot: { ...snapshot, sessions: [first, { ...second, status: 'revoked' }] }, now: NOW });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out of all sessions…' }));
    expect((await screen.findByTestId('signout-confirm')).textContent).toContain('This ends 1 session in this browser');
  });

  it('this browser only: sends scope this-browser and shows what ended', async () => {
    vi.mocked(sendMessage).mockResolvedValue({ ...REPORT, scope: 'this-browser', failed: [], needsReverification: [] });
    await openConfirmation();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out 2 sessions' }));
    expect(sendMessage).toHaveBeenCalledWith('signOutAll', { appId: 'app-fixture', scope: 'this-browser' });
    const result = await screen.findByTestId('signout-result');
    expect(within(result).getByTestId('signout-ended').textContent).toBe('2');
    expect(within(result).getByRole('list', { name: 'Ended' }).textContent).toContain('Grace Hopper (this browser)');
    expect(within(result).queryByRole('list', { name: 'Failed' })).toBeNull();
  });

  it('other devices too: scope all-devices; failures and reverification are reported apart', async () => {
    vi.mocked(sendMessage).mockResolvedValue(REPORT);
    await openConfirmation();
    await userEvent.click(screen.getByRole('checkbox', { name: /other devices/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Sign out 2 sessions and other devices' }));
    expect(sendMessage).toHaveBeenCalledWith('signOutAll', { appId: 'app-fixture', scope: 'all-devices' });
    const result = await screen.findByTestId('signout-result');
    expect(within(result).getByRole('list', { name: 'Failed' }).textContent).toContain(
      'Ada Lovelace (other device) sess_phone: HTTP 500 from Clerk',
    );
    expect(within(result).getByRole('list', { name: 'Needs reverification' }).textContent).toContain('sess_laptop');
    expect(result.textContent).toContain('until the user re-verifies: open http://localhost:3000');
  });

  it('the result stays visible when the snapshot turns signed out underneath', async () => {
    vi.mocked(sendMessage).mockResolvedValue(REPORT);
    await openConfirmation();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out 2 sessions' }));
    await screen.findByTestId('signout-result');
    const { usePopupStore } = await import('../../../lib/popup-store');
    const { act } = await import('@testing-library/react');
    act(() => usePopupStore.setState({ snapshot: stateSnapshots(NOW)['signed-out'] ?? null }));
    expect(screen.getByTestId('status').textContent).toContain('Signed out');
    expect(screen.getByTestId('signout-result')).toBeTruthy();
  });

  it('a failed request is shown and can be retried', async () => {
    vi.mocked(sendMessage).mockRejectedValueOnce(new Error('The background service worker did not answer.'));
    await openConfirmation();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out 2 sessions' }));
    expect((await screen.findByRole('alert')).textContent).toContain('did not answer');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByTestId('signout-confirm')).toBeTruthy();
  });

  it('Escape closes the confirmation and focus returns to its trigger', async () => {
    await openConfirmation();
    expect(screen.getByTestId('signout-dialog').hasAttribute('open')).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('signout-dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Sign out of all sessions…' }));
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('Escape does nothing while the sign-out runs', async () => {
    vi.mocked(sendMessage).mockReturnValue(new Promise(() => undefined));
    await openConfirmation();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out 2 sessions' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.getByTestId('signout-confirm')).toBeTruthy();
  });

  it('Cancel returns focus to the trigger', async () => {
    await openConfirmation();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Sign out of all sessions…' }));
  });

  it('Cancel sends nothing', async () => {
    await openConfirmation();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('signout-confirm')).toBeNull();
    expect(sendMessage).not.toHaveBeenCalled();
  });
});
