import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../../components/Popup';
import { sendMessage } from '../../../lib/messaging';
import { connectPopupStore, resetPopupStore } from '../../../lib/popup-store';
import type { SignOutReport } from '../../../lib/protocol';
import { appsItem, signOutReportItem, snapshotItem } from '../../../lib/storage';
import { fixtureApp, stateSnapshots } from './fixtures';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn().mockResolvedValue(null) }));

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

function report(status: SignOutReport['status']): SignOutReport {
  return {
    appId: 'app-fixture',
    scope: 'this-browser',
    at: NOW - 60_000,
    status,
    ended: [{ sessionId: 'sess_ada', userLabel: 'Ada Lovelace', where: 'this-browser' }],
    failed:
      status === 'interrupted'
        ? [
            {
              sessionId: 'sess_grace',
              userLabel: 'Grace Hopper',
              where: 'this-browser',
              reason: 'The extension was stopped before this session was signed out.',
            },
          ]
        : [],
    needsReverification: [],
  };
}

async function openPopupWith(saved: SignOutReport | null) {
  await appsItem.setValue([fixtureApp()]);
  const healthy = stateSnapshots(NOW).healthy;
  if (!healthy) throw new Error('fixture missing');
  await snapshotItem('app-fixture').setValue(healthy);
  if (saved) await signOutReportItem('app-fixture').setValue(saved);
  await act(() => connectPopupStore());
  render(<Popup />);
}

beforeEach(() => resetPopupStore());

describe('the saved sign-out report, when the popup opens', () => {
  it('interrupted: what Clerk says really ended, and what did not; Dismiss removes it', async () => {
    await openPopupWith(report('interrupted'));
    const notice = await screen.findByTestId('signout-notice');
    expect(notice.textContent).toContain('Sign-out interrupted');
    expect(screen.getByTestId('signout-ended').textContent).toBe('1');
    expect(screen.getByTestId('signout-not-ended').textContent).toBe('1');
    expect(notice.textContent).toContain('Grace Hopper');
    expect(notice.textContent).toContain('Sign out again');
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await vi.waitFor(() => expect(screen.queryByTestId('signout-notice')).toBeNull());
    expect(await signOutReportItem('app-fixture').getValue()).toBeNull();
  });

  it('running (the popup was closed while it ran): says so, live, until it is done', async () => {
    await openPopupWith(report('running'));
    expect((await screen.findByTestId('signout-notice')).textContent).toContain('is running');
    await act(() => signOutReportItem('app-fixture').setValue(report('done')));
    await vi.waitFor(() => expect(screen.queryByTestId('signout-notice')).toBeNull());
  });

  it('awaiting reverification: says what to do with a link to the app, and retries when the user comes back', async () => {
    vi.mocked(sendMessage).mockClear();
    // Saved before this page opened (`at` is in 2026, the page's time origin is now): the user came back.
    const awaiting: SignOutReport = {
      ...report('awaiting-reverification'),
      scope: 'all-devices',
      ended: [],
      needsReverification: [{ sessionId: 'sess_phone', userLabel: 'Ada Lovelace (Safari, iPhone)', where: 'other-device' }],
    };
    await openPopupWith(awaiting);
    const notice = await screen.findByTestId('signout-notice');
    expect(notice.textContent).toContain('within the last 10 minutes');
    expect(notice.textContent).toContain('this browser was not signed out yet');
    const link = screen.getByTestId('signout-reverify-link');
    expect(link.getAttribute('href')).toBe(fixtureApp().syncHost);
    await vi.waitFor(() =>
      expect(sendMessage).toHaveBeenCalledWith('signOutAll', { appId: 'app-fixture', scope: 'all-devices' }),
    );
    const calls = vi.mocked(sendMessage).mock.calls.filter(([type]) => type === 'signOutAll').length;
    await userEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    await vi.waitFor(() =>
      expect(vi.mocked(sendMessage).mock.calls.filter(([type]) => type === 'signOutAll').length).toBe(calls + 1),
    );
    // The resumed sign-out's result is shown here (its dialog is gone), until dismissed.
    await act(() =>
      signOutReportItem('app-fixture').setValue({
        ...awaiting,
        status: 'done',
        resumedFrom: awaiting.at,
        needsReverification: [],
        ended: awaiting.needsReverification,
      }),
    );
    await vi.waitFor(() => expect(screen.getByTestId('signout-notice').textContent).toContain('resumed after re-verification'));
    expect(screen.getByTestId('signout-ended').textContent).toBe('1');
  });

  it('none or done: nothing', async () => {
    await openPopupWith(null);
    expect(screen.queryByTestId('signout-notice')).toBeNull();
  });
});
