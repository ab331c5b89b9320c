/**
 * Issue 11: every word and number the popup shows is as true as the numbers (items 15, 18, 24, 26).
 */
import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '../../../lib/messaging';
import { resetPopupStore } from '../../../lib/popup-store';
import { EXPIRED_BY_DEADLINE } from '../../../lib/session-math';
import type { SessionRecord } from '../../../lib/snapshot';
import { fixtureSnapshot } from './fixtures';
import { showPopup } from './popup-harness';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn() }));

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

beforeEach(() => {
  resetPopupStore();
  vi.mocked(sendMessage).mockReset();
  vi.mocked(sendMessage).mockResolvedValue(null);
});
afterEach(() => vi.restoreAllMocks());

describe('the server clock offset (item 26)', () => {
  it.each([
    [119_900, 'ahead by 2m 00s'],
    [-119_900, 'behind by 2m 00s'],
    [61_499, 'ahead by 1m 01s'],
  ])('%i ms reads "%s"', (clockOffsetMs, text) => {
    showPopup({ snapshot: fixtureSnapshot(NOW - clockOffsetMs, { clockOffsetMs }), now: NOW });
    expect(screen.getByTestId('clock-offset').textContent).toContain(text);
  });

  it('under half a second is not shown', () => {
    showPopup({ snapshot: fixtureSnapshot(NOW, { clockOffsetMs: 400 }), now: NOW });
    expect(screen.queryByTestId('clock-offset')).toBeNull();
  });
});

describe('a corrupt stored snapshot never shows NaN, Infinity or Invalid Date (item 15)', () => {
  it.each([
    ['NaN timestamps', { createdAt: Number.NaN, lastActiveAt: Number.NaN, expireAt: Number.NaN }],
    ['1e300 deadlines', { expireAt: 1e300, abandonAt: 1e300 }],
  ] as Array<[string, Partial<SessionRecord>]>)('%s', (_, broken) => {
    const base = fixtureSnapshot(NOW);
    const sessions = base.sessions.map((s) => ({ ...s, ...broken }));
    showPopup({ snapshot: { ...base, sessions, clockOffsetMs: Number.NaN }, now: NOW });
    const text = document.body.textContent ?? '';
    expect(text).not.toMatch(/NaN|Infinity|Invalid Date|e\+\d/);
    expect(within(document.body).getAllByText(/—/).length).toBeGreaterThan(0);
  });
});

describe('after a deadline passes, every status word says so until Clerk confirms (item 24)', () => {
  const passed = () => {
    const base = fixtureSnapshot(NOW);
    const [current, other] = base.sessions as [SessionRecord, SessionRecord];
    // Clerk's last answer: both active; the current one's deadline 2 s before now.
    return fixtureSnapshot(NOW, {
      sessions: [
        { ...current, expireAt: NOW - 2_000 },
        { ...other, expireAt: NOW + 20 * 60_000 },
      ],
    });
  };

  it('pill, banner and session list derive from the deadline the numbers use', async () => {
    showPopup({ snapshot: passed(), now: NOW });
    expect(screen.getByTestId('session-state').textContent).toBe(EXPIRED_BY_DEADLINE);
    const banner = screen.getByTestId('status').textContent ?? '';
    expect(banner).toContain('Expired');
    expect(banner).toContain('by its deadline; confirming…');
    const rows = await screen.findAllByTestId('session-row-status');
    expect(rows.map((r) => r.textContent)).toEqual([EXPIRED_BY_DEADLINE, 'active']);
    expect(screen.getByTestId('session-state').textContent).not.toMatch(/^active$/);
  });

  it('a second before the deadline the same session reads active', async () => {
    showPopup({ snapshot: passed(), now: NOW - 3_000 });
    expect(screen.getByTestId('session-state').textContent).toBe('active');
    expect(screen.getByTestId('status').textContent).not.toContain('confirming');
    const rows = await screen.findAllByTestId('session-row-status');
    expect(rows.map((r) => r.textContent)).toEqual(['active', 'active']);
  });

  it('once Clerk says expired, the plain status word is shown (no "confirming")', async () => {
    const snapshot = passed();
    snapshot.sessions[0] = { ...(snapshot.sessions[0] as SessionRecord), status: 'expired' };
    showPopup({ snapshot, now: NOW });
    expect(screen.getByTestId('session-state').textContent).toBe('expired');
    expect(screen.getByTestId('status').textContent).not.toContain('confirming');
  });
});
