import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, badgeFor } from '../../../lib/engine/badge';
import { MIN, SEC, sessionRecord, snapshot, T0, testApp } from './builders';

const app = testApp({ label: 'staging' });
const ending = (leftMs: number) =>
  snapshot({ sessions: [sessionRecord({ expireAt: T0 + leftMs })], inactivityTimeout: { seconds: null, source: 'unknown' } });

describe('badgeFor', () => {
  it.each([
    ['healthy', ending(45 * MIN), '45m', BADGE_COLORS.healthy, 'staging: session active, 45m left'],
    ['warning', ending(9 * MIN), '9m', BADGE_COLORS.warning, 'staging: session ending soon, 9m left'],
    ['expiring', ending(90 * SEC), '1m', BADGE_COLORS.expiring, 'staging: session about to end, 1m left'],
    ['seconds', ending(42 * SEC), '42s', BADGE_COLORS.expiring, 'staging: session about to end, 42s left'],
    ['expired', ending(0), 'exp', BADGE_COLORS.expired, 'staging: session expired'],
  ])('%s', (_, s, text, color, title) => {
    expect(badgeFor(app, s, T0)).toEqual({ text, color, title });
  });

  it('cleared when signed out', () => {
    expect(badgeFor(app, snapshot({ currentSessionId: null }), T0)).toEqual({
      text: '',
      color: BADGE_COLORS['signed-out'],
      title: 'staging: session signed out',
    });
  });

  it('an error shows "!" and says the data is the last known state', () => {
    const badge = badgeFor(app, { ...ending(45 * MIN), stale: true, error: { kind: 'network', message: 'x', at: T0 } }, T0);
    expect(badge.text).toBe('!');
    expect(badge.color).toBe(BADGE_COLORS.error);
    expect(badge.title).toMatch(/^staging: .*last known state.*45m left$/);
  });

  it('counts with the clock offset', () => {
    expect(badgeFor(app, { ...ending(45 * MIN), clockOffsetMs: 30 * MIN }, T0).text).toBe('15m');
  });

  it('no app, and an app not synced yet', () => {
    expect(badgeFor(null, null, T0).text).toBe('');
    expect(badgeFor(app, null, T0)).toMatchObject({ text: '…', title: 'staging: syncing…' });
  });

  it('every status has its own colour except the two "nothing live" ones', () => {
    const colours = new Set([
      BADGE_COLORS.healthy,
      BADGE_COLORS.warning,
      BADGE_COLORS.expiring,
      BADGE_COLORS.expired,
      BADGE_COLORS.error,
    ]);
    expect(colours.size).toBe(5);
  });
});
