import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionList } from '../../../components/popup/SessionList';
import { sendMessage } from '../../../lib/messaging';
import { sessionRecord, snapshot, T0 } from '../engine/builders';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn() }));

beforeEach(() => vi.mocked(sendMessage).mockReset());

const two = () =>
  snapshot({
    sessions: [
      sessionRecord(),
      sessionRecord({ id: 'sess_2', user: { id: 'user_2', name: null, email: 'grace@example.com', imageUrl: null } }),
      sessionRecord({ id: 'sess_3', status: 'ended' }),
    ],
  });

describe('sign one session out from its row', () => {
  it('asks first; Cancel sends nothing; confirming sends removeSession for that session only', async () => {
    const user = userEvent.setup();
    vi.mocked(sendMessage).mockResolvedValue(null as never);
    render(<SessionList snapshot={two()} now={T0} />);
    const rows = screen.getAllByTestId('session-row');
    expect(rows).toHaveLength(3);
    expect(within(rows[2] as HTMLElement).queryByRole('button')).toBeNull();

    await user.click(within(rows[1] as HTMLElement).getByRole('button', { name: /Sign out grace@example.com/ }));
    expect(within(rows[1] as HTMLElement).getByText(/on this browser\?/)).toBeTruthy();
    await user.click(within(rows[1] as HTMLElement).getByRole('button', { name: 'Cancel' }));
    expect(sendMessage).not.toHaveBeenCalled();

    await user.click(within(rows[1] as HTMLElement).getByRole('button', { name: /Sign out grace@example.com/ }));
    await user.click(within(rows[1] as HTMLElement).getByRole('button', { name: 'Sign out' }));
    expect(sendMessage).toHaveBeenCalledWith('removeSession', { appId: 'app-dev', sessionId: 'sess_2' });
  });

  it('a refusal is said on the row, the row keeps its button, and a retry sends again', async () => {
    const user = userEvent.setup();
    vi.mocked(sendMessage).mockRejectedValueOnce(new Error('That session is not on this browser’s client.'));
    render(<SessionList snapshot={two()} now={T0} />);
    const row = screen.getAllByTestId('session-row')[1] as HTMLElement;
    await user.click(within(row).getByRole('button', { name: /Sign out grace@example.com/ }));
    await user.click(within(row).getByRole('button', { name: 'Sign out' }));
    expect((await within(row).findByRole('alert')).textContent).toContain(
      'Not signed out: That session is not on this browser’s client.',
    );
    vi.mocked(sendMessage).mockResolvedValueOnce(null as never);
    await user.click(within(row).getByRole('button', { name: /Sign out grace@example.com/ }));
    await user.click(within(row).getByRole('button', { name: 'Sign out' }));
    expect(sendMessage).toHaveBeenCalledTimes(2);
    expect(within(row).queryByRole('alert')).toBeNull();
  });
});
