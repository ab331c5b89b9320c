import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../../components/Popup';
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

  it('none or done: nothing', async () => {
    await openPopupWith(null);
    expect(screen.queryByTestId('signout-notice')).toBeNull();
  });
});
