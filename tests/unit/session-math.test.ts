import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../lib/apps';
import { currentSession, healthStatus, isEndedStatus, mostUrgentLeftMs, serverNow, sessionNumbers } from '../../lib/session-math';
import type { LifetimeSetting } from '../../lib/snapshot';
import { DAY, HOUR, MIN, SEC, sessionRecord, snapshot, T0, tokenInfoAt } from './engine/builders';

const created = T0 - 2 * HOUR;
const lastActive = T0 - 10 * SEC;
const session = sessionRecord({
  createdAt: created,
  lastActiveAt: lastActive,
  expireAt: lastActive + 30 * MIN,
  abandonAt: T0 + 30 * DAY,
});
const base = snapshot({
  sessions: [session],
  inactivityTimeout: { seconds: 1800, source: 'declared' },
  maximumLifetime: { seconds: 7 * 24 * 3600, source: 'declared' },
  token: tokenInfoAt(T0 - 10 * SEC, MIN),
  lastRefresh: {
    at: T0 - 5 * SEC,
    appId: 'app-dev',
    mode: 'keep-alive',
    trigger: 'alarm',
    outcome: 'ok',
    latencyMs: 40,
    minted: true,
  },
  writtenAt: T0 - 4 * SEC,
});

describe('sessionNumbers at the deadlines (1 ms before, at, after)', () => {
  const inactivityDeadline = lastActive + 30 * MIN;
  const lifetimeDeadline = created + 7 * DAY;
  const tokenExp = T0 + 50 * SEC;

  it.each([
    ['inactivity', inactivityDeadline, (n: ReturnType<typeof sessionNumbers>) => n.inactivity],
    ['maximum lifetime', lifetimeDeadline, (n: ReturnType<typeof sessionNumbers>) => n.maximumLifetime],
    ['effective end', inactivityDeadline, (n: ReturnType<typeof sessionNumbers>) => n.effectiveEnd],
    ['token', tokenExp, (n: ReturnType<typeof sessionNumbers>) => n.token],
  ])('%s window', (_, deadline, pick) => {
    expect(pick(sessionNumbers(base, deadline - 1))).toMatchObject({ deadline, leftMs: 1 });
    expect(pick(sessionNumbers(base, deadline))).toMatchObject({ deadline, leftMs: 0 });
    expect(pick(sessionNumbers(base, deadline + 1))).toMatchObject({ deadline, leftMs: -1 });
  });

  it('window lengths and ages', () => {
    const n = sessionNumbers(base, T0);
    expect(n.serverNow).toBe(T0);
    expect(n.session?.id).toBe('sess_1');
    expect(n.sessionAgeMs).toBe(2 * HOUR);
    expect(n.inactivity).toMatchObject({ totalMs: 30 * MIN, leftMs: 30 * MIN - 10 * SEC, enabled: true });
    expect(n.maximumLifetime).toMatchObject({ totalMs: 7 * DAY, leftMs: 7 * DAY - 2 * HOUR });
    expect(n.effectiveEnd).toMatchObject({ totalMs: 2 * HOUR + 30 * MIN - 10 * SEC });
    expect(n.token).toMatchObject({ totalMs: MIN, leftMs: 50 * SEC });
    expect(n.tokenAgeMs).toBe(10 * SEC);
    expect(n.lastRefreshAgoMs).toBe(5 * SEC);
    expect(n.snapshotAgeMs).toBe(4 * SEC);
  });

  it('the effective end is abandon_at when that comes first', () => {
    const s = snapshot({ ...base, sessions: [{ ...session, abandonAt: T0 + MIN }] });
    expect(sessionNumbers(s, T0).effectiveEnd).toMatchObject({ deadline: T0 + MIN, leftMs: MIN });
    expect(sessionNumbers(s, T0 + MIN).effectiveEnd.leftMs).toBe(0);
  });

  it.each<[string, LifetimeSetting, boolean | null]>([
    ['unknown', { seconds: null, source: 'unknown' }, null],
    ['off (inferred)', { seconds: 0, source: 'inferred' }, false],
    ['off (declared)', { seconds: 0, source: 'declared' }, false],
  ])('inactivity %s → no deadline', (_, setting, enabled) => {
    const n = sessionNumbers({ ...base, inactivityTimeout: setting }, T0);
    expect(n.inactivity).toMatchObject({ deadline: null, leftMs: null, totalMs: null, enabled });
    // The effective end still comes from the server's expire_at.
    expect(n.effectiveEnd.leftMs).toBe(30 * MIN - 10 * SEC);
  });

  it('unknown maximum lifetime → no lifetime deadline', () => {
    const n = sessionNumbers({ ...base, maximumLifetime: { seconds: null, source: 'unknown' } }, T0);
    expect(n.maximumLifetime).toMatchObject({ deadline: null, leftMs: null, totalMs: null });
  });

  it('signed out: no session numbers, but the last token and refresh times remain', () => {
    const n = sessionNumbers({ ...base, currentSessionId: null }, T0);
    expect(n).toMatchObject({ session: null, sessionAgeMs: null, effectiveEnd: { leftMs: null } });
    expect(n.inactivity.leftMs).toBeNull();
    expect(n.maximumLifetime.leftMs).toBeNull();
    expect(n.token.leftMs).toBe(50 * SEC);
    expect(n.lastRefreshAgoMs).toBe(5 * SEC);
    expect(mostUrgentLeftMs(n)).toBeNull();
  });

  it('a current id pointing at no listed session counts as signed out', () => {
    expect(currentSession({ ...base, currentSessionId: 'sess_gone' })).toBeNull();
    expect(sessionNumbers({ ...base, currentSessionId: 'sess_gone' }, T0).session).toBeNull();
  });

  it('no token → no token numbers', () => {
    const n = sessionNumbers({ ...base, token: null, lastRefresh: null }, T0);
    expect(n.token).toEqual({ deadline: null, leftMs: null, totalMs: null });
    expect(n.tokenAgeMs).toBeNull();
    expect(n.lastRefreshAgoMs).toBeNull();
  });
});

describe('clock offset (server − local)', () => {
  it.each([120 * SEC, -120 * SEC, 1])('offset %i ms: every server-side number matches server time', (offset) => {
    const local = T0 + 3 * MIN;
    const skewed = sessionNumbers({ ...base, clockOffsetMs: offset }, local);
    const truth = sessionNumbers(base, local + offset);
    expect(serverNow({ clockOffsetMs: offset }, local)).toBe(local + offset);
    expect(skewed.serverNow).toBe(local + offset);
    expect(skewed.sessionAgeMs).toBe(truth.sessionAgeMs);
    expect(skewed.inactivity.leftMs).toBe(truth.inactivity.leftMs);
    expect(skewed.maximumLifetime.leftMs).toBe(truth.maximumLifetime.leftMs);
    expect(skewed.effectiveEnd.leftMs).toBe(truth.effectiveEnd.leftMs);
    expect(skewed.token.leftMs).toBe(truth.token.leftMs);
    expect(skewed.tokenAgeMs).toBe(truth.tokenAgeMs);
    // Local timestamps stay local.
    expect(skewed.lastRefreshAgoMs).toBe(local - (T0 - 5 * SEC));
    expect(skewed.snapshotAgeMs).toBe(local - (T0 - 4 * SEC));
  });

  it('+120 s: the local clock reaches the deadline 120 s before the server does… and we count the server', () => {
    const s = { ...base, clockOffsetMs: 120 * SEC };
    const deadline = lastActive + 30 * MIN; // server ms
    expect(sessionNumbers(s, deadline - 120 * SEC - 1).inactivity.leftMs).toBe(1);
    expect(sessionNumbers(s, deadline - 120 * SEC).inactivity.leftMs).toBe(0);
  });
});

describe('mostUrgentLeftMs', () => {
  it('the inactivity deadline when it comes before expire_at', () => {
    // A declared 10 min timeout while the server still says 30 min.
    const n = sessionNumbers({ ...base, inactivityTimeout: { seconds: 600, source: 'declared' } }, T0);
    expect(mostUrgentLeftMs(n)).toBe(10 * MIN - 10 * SEC);
  });
  it('the effective end otherwise', () => {
    const n = sessionNumbers({ ...base, inactivityTimeout: { seconds: null, source: 'unknown' } }, T0);
    expect(mostUrgentLeftMs(n)).toBe(30 * MIN - 10 * SEC);
  });
});

describe('healthStatus', () => {
  const thresholds = DEFAULT_THRESHOLDS; // warning 600 s, critical 120 s
  const ending = (leftMs: number) =>
    snapshot({
      sessions: [sessionRecord({ expireAt: T0 + leftMs })],
      inactivityTimeout: { seconds: null, source: 'unknown' },
    });

  it.each([
    [601 * SEC, 'healthy'],
    [600 * SEC + 1, 'healthy'],
    [600 * SEC, 'warning'],
    [120 * SEC + 1, 'warning'],
    [120 * SEC, 'expiring'],
    [1, 'expiring'],
    [0, 'expired'],
    [-1, 'expired'],
  ])('%i ms left → %s', (left, status) => {
    expect(healthStatus(ending(left), thresholds, T0)).toBe(status);
  });

  it('uses the app’s thresholds', () => {
    expect(healthStatus(ending(20 * MIN), { warningSeconds: 3600, criticalSeconds: 1800 }, T0)).toBe('expiring');
    expect(healthStatus(ending(40 * MIN), { warningSeconds: 3600, criticalSeconds: 1800 }, T0)).toBe('warning');
  });

  it('counts in server time (offset +120 s)', () => {
    const s = { ...ending(700 * SEC), clockOffsetMs: 0 };
    expect(healthStatus(s, thresholds, T0)).toBe('healthy');
    expect(healthStatus({ ...s, clockOffsetMs: 120 * SEC }, thresholds, T0)).toBe('warning');
    expect(healthStatus({ ...s, clockOffsetMs: 700 * SEC }, thresholds, T0)).toBe('expired');
  });

  it.each(['ended', 'removed', 'revoked', 'expired', 'abandoned', 'replaced'])(
    'status %s → expired even with time left',
    (status) => {
      const s = snapshot({ sessions: [sessionRecord({ status, expireAt: T0 + DAY })] });
      expect(isEndedStatus(status)).toBe(true);
      expect(healthStatus(s, thresholds, T0)).toBe('expired');
    },
  );

  it('pending (session tasks) is still a live session', () => {
    expect(isEndedStatus('pending')).toBe(false);
    expect(healthStatus(snapshot({ sessions: [sessionRecord({ status: 'pending', expireAt: T0 + DAY })] }), thresholds, T0)).toBe(
      'healthy',
    );
  });

  const error = { kind: 'network' as const, message: 'down', at: T0 };
  it.each([
    ['signed out', snapshot({ currentSessionId: null }), 'signed-out'],
    ['signed out with an error', snapshot({ currentSessionId: null, error, stale: true }), 'error'],
    ['a live session with an error', { ...ending(DAY), error, stale: true }, 'error'],
    ['an expired session with an error', { ...ending(0), error, stale: true }, 'expired'],
  ])('%s → %s', (_, s, status) => {
    expect(healthStatus(s, thresholds, T0)).toBe(status);
  });
});
