/**
 * Issue 11: every word and number the popup shows is as true as the numbers (items 15, 18, 24, 26).
 */
import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '../../../lib/messaging';
import { resetPopupStore } from '../../../lib/popup-store';
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
