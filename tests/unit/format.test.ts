import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatBadge,
  formatClockOffset,
  formatDuration,
  formatRelative,
  formatSecondsSetting,
} from '../../lib/format';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [1000, '1s'],
    [59_999, '59s'],
    [60_000, '1m 00s'],
    [61_000, '1m 01s'],
    [3_599_999, '59m 59s'],
    [3_600_000, '1h 00m'],
    [86_399_999, '23h 59m'],
    [86_400_000, '1d 00h'],
    [90_061_000, '1d 01h'],
    [-61_000, '-1m 01s'],
    [-1000, '-1s'],
    // Less than a second past a deadline is not "minus zero".
    [-500, '0s'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatBadge (at most four characters)', () => {
  it.each([
    [-1, '0s'],
    [0, '0s'],
    [1000, '1s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [3_599_999, '59m'],
    [3_600_000, '1h'],
    [86_399_999, '23h'],
    [86_400_000, '1d'],
    [1000 * 86_400_000, '999d'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatBadge(ms)).toBe(text);
    expect(formatBadge(ms).length).toBeLessThanOrEqual(4);
  });
});

describe('formatAgo', () => {
  it.each([
    [61_000, '1m 01s ago'],
    [0, '0s ago'],
    // Stamped a moment after the popup's last tick: still in the past.
    [-400, '0s ago'],
  ])('%i → %s', (ms, text) => {
    expect(formatAgo(ms)).toBe(text);
  });
});

describe('formatRelative and formatSecondsSetting', () => {
  it.each([
    [5_000, 'in 5s'],
    [-5_000, '5s ago'],
    [-61_000, '1m 01s ago'],
  ])('%i → %s', (ms, text) => {
    expect(formatRelative(ms)).toBe(text);
  });
  it.each([
    [1800, '30m'],
    [5400, '1h 30m'],
    [7 * 24 * 3600, '7d'],
    [45, '45s'],
  ])('%i s → %s', (s, text) => {
    expect(formatSecondsSetting(s)).toBe(text);
  });
});

describe('never NaN or Infinity on screen (issue 11, item 15)', () => {
  const bad = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e303, -1e303];
  it.each(bad)('%s → an em dash', (ms) => {
    for (const text of [formatDuration(ms), formatRelative(ms), formatAgo(ms), formatBadge(ms), formatSecondsSetting(ms)]) {
      expect(text).not.toMatch(/NaN|Infinity|e\+/);
      expect(text).toContain('—');
    }
  });
});

describe('formatClockOffset: the server clock offset, to the nearest second (issue 11, item 26)', () => {
  it.each([
    [119_900, 'ahead by 2m 00s'],
    [-119_900, 'behind by 2m 00s'],
    [119_400, 'ahead by 1m 59s'],
    [1_500, 'ahead by 2s'],
    [999.6, 'ahead by 1s'],
    [499, null],
    [-499, null],
    [0, null],
    [Number.NaN, null],
  ])('%s ms → %s', (ms, text) => {
    expect(formatClockOffset(ms)).toBe(text);
  });
});
