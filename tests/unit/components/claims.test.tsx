import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { explainClaims, explainFva, explainOrganization } from '../../../lib/claims';
import { sendMessage } from '../../../lib/messaging';
import { resetPopupStore } from '../../../lib/popup-store';
import { stateSnapshots } from './fixtures';
import { showPopup } from './popup-harness';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn() }));

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

beforeEach(() => {
  resetPopupStore();
  vi.mocked(sendMessage).mockReset();
});
afterEach(() => vi.restoreAllMocks());

describe('explainClaims', () => {
  const iat = NOW / 1000 - 20;
  const rows = explainClaims(
    { zeta: 1, iat, exp: iat + 60, sub: 'user_1', fva: [5, -1], o: { id: 'org_1', slg: 'acme', rol: 'admin' }, role: 'x' },
    NOW,
  );

  it('lists standard claims first in their usual order, then custom ones alphabetically', () => {
    expect(rows.map((r) => r.name)).toEqual(['sub', 'iat', 'exp', 'fva', 'o', 'role', 'zeta']);
  });

  it('flags anything outside the v2 set as custom', () => {
    expect(rows.filter((r) => r.custom).map((r) => r.name)).toEqual(['role', 'zeta']);
  });

  it('a time claim out of range (nbf = 1e300) does not throw and shows no date', () => {
    const out = explainClaims({ iat, exp: iat + 60, nbf: 1e300 }, NOW);
    expect(out.find((r) => r.name === 'nbf')?.time).toBeUndefined();
    expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity|Invalid Date/);
  });

  it('shows times as dates and relative times', () => {
    const exp = rows.find((r) => r.name === 'exp');
    expect(exp?.time).toEqual({ iso: '2026-11-27T12:00:40Z', relative: 'in 40s' });
    expect(rows.find((r) => r.name === 'iat')?.time?.relative).toBe('20s ago');
  });

  it.each([
    [[5, -1], 'First factor verified 5 min ago; second factor: not verified'],
    [[0, 3], 'First factor verified 0 min ago; second factor verified 3 min ago'],
    ['nope', 'Factor verification age (unexpected shape)'],
  ])('fva %j', (value, text) => {
    expect(explainFva(value)).toBe(text);
  });

  it('explains the active organization', () => {
    expect(explainOrganization({ id: 'org_1', slg: 'acme', rol: 'admin', per: 'read', fpm: '1' })).toBe(
      'Active organization acme; id org_1; role admin; permissions read; fpm maps features to permissions',
    );
  });

  it('says what sts pending means', () => {
    expect(explainClaims({ sts: 'pending' }, NOW)[0]?.meaning).toMatch(/session tasks are open/);
  });
});

describe('the claims table in the popup', () => {
  it('highlights custom claims and explains fva and o', async () => {
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    const custom = await screen.findByTestId('claim-plan_tier');
    expect(custom.className).toBe('custom');
    expect(within(custom).getByText('custom')).toBeTruthy();
    expect(screen.getByTestId('claim-sub').className).toBe('');
    expect(screen.getByTestId('claim-fva').textContent).toContain('First factor verified 5 min ago; second factor: not verified');
    expect(screen.getByTestId('claim-o').textContent).toContain('Active organization acme');
    expect(screen.getByTestId('claim-exp').querySelector('time')?.getAttribute('dateTime')).toBe('2026-11-27T12:00:40Z');
    expect(screen.getByTestId('claim-exp').textContent).toContain('in 40s');
    expect(screen.getByText(/12 claims · 1 custom/)).toBeTruthy();
  });

  it('"Copy token" asks the worker for the raw token and writes it to the clipboard', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    vi.mocked(sendMessage).mockResolvedValue({ token: 'eyJhbGciOiJSUzI1NiJ9.payload.signature', expiredAgoMs: null });
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    await user.click(await screen.findByRole('button', { name: 'Copy token' }));
    expect(sendMessage).toHaveBeenCalledWith('copyToken', { appId: 'app-fixture' });
    expect(writeText).toHaveBeenCalledWith('eyJhbGciOiJSUzI1NiJ9.payload.signature');
    expect(screen.getByText(/Token copied/)).toBeTruthy();
    // Copied, not shown.
    expect(document.body.textContent).not.toContain('payload.signature');
  });

  it('says when the copied token has already expired (the last one kept after a worker restart)', async () => {
    vi.mocked(sendMessage).mockResolvedValue({ token: 'eyJhbGciOiJSUzI1NiJ9.payload.signature', expiredAgoMs: 90_000 });
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    await userEvent.click(await screen.findByRole('button', { name: 'Copy token' }));
    expect(await screen.findByText(/this token expired 1m 30s ago: a backend will refuse it/)).toBeTruthy();
  });

  it('says when there is no token to copy', async () => {
    vi.mocked(sendMessage).mockResolvedValue({ token: null, expiredAgoMs: null });
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    await userEvent.click(await screen.findByRole('button', { name: 'Copy token' }));
    expect(await screen.findByText('No token to copy right now.')).toBeTruthy();
  });
});
