/** The lifetime model's exact boundaries, as pure functions (no server, no clock). */
import { describe, expect, it } from 'vitest';
import {
  abandonAt,
  DEFAULT_SESSION_SETTINGS,
  evaluateExpiry,
  expireAt,
  forceExpire,
  recordActivity,
  type SessionSettings,
  type SessionTimes,
  serverNow,
  THIRTY_DAYS_MS,
  terminate,
} from './session-model.ts';

const T0 = 1_800_000_000_000;
const MIN = 60_000;

function session(at = T0): SessionTimes {
  return { status: 'active', createdAt: at, updatedAt: at, lastActiveAt: at };
}

function settings(patch: Partial<SessionSettings> = {}): SessionSettings {
  return { ...DEFAULT_SESSION_SETTINGS, ...patch };
}

describe('expire_at and abandon_at', () => {
  it('maximum lifetime only when the inactivity timeout is off', () => {
    const s = session();
    s.lastActiveAt = T0 + 5 * MIN;
    expect(expireAt(s, settings({ maxLifetimeMs: 60 * MIN }))).toBe(T0 + 60 * MIN);
  });

  it('min(created + max lifetime, last active + inactivity) when it is on', () => {
    const cfg = settings({ maxLifetimeMs: 60 * MIN, inactivityTimeoutMs: 10 * MIN });
    const s = session();
    expect(expireAt(s, cfg)).toBe(T0 + 10 * MIN);
    recordActivity(s, T0 + 45 * MIN);
    expect(expireAt(s, cfg)).toBe(T0 + 55 * MIN);
    recordActivity(s, T0 + 55 * MIN);
    expect(expireAt(s, cfg)).toBe(T0 + 60 * MIN); // capped by the maximum lifetime
  });

  it('abandon_at is last activity + 30 days', () => {
    const s = session();
    recordActivity(s, T0 + 7);
    expect(abandonAt(s)).toBe(T0 + 7 + THIRTY_DAYS_MS);
  });
});

describe('boundaries, 1 ms either side', () => {
  it.each([
    ['maximum lifetime', settings({ maxLifetimeMs: 30 * MIN }), T0 + 30 * MIN],
    ['inactivity timeout', settings({ maxLifetimeMs: 60 * MIN, inactivityTimeoutMs: 5 * MIN }), T0 + 5 * MIN],
  ])('%s', (_name, cfg, deadline) => {
    const s = session();
    expect(evaluateExpiry(s, cfg, deadline - 1)).toBe(false);
    expect(s.status).toBe('active');
    expect(evaluateExpiry(s, cfg, deadline)).toBe(true);
    expect(s.status).toBe('expired');
    expect(s.updatedAt).toBe(deadline);
    const late = session();
    evaluateExpiry(late, cfg, deadline + 1);
    expect(late.status).toBe('expired');
    expect(expireAt(late, cfg)).toBe(deadline);
  });

  it('abandoned when the 30-day deadline comes first', () => {
    const cfg = settings({ maxLifetimeMs: 90 * 24 * 60 * MIN });
    const s = session();
    expect(evaluateExpiry(s, cfg, T0 + THIRTY_DAYS_MS - 1)).toBe(false);
    evaluateExpiry(s, cfg, T0 + THIRTY_DAYS_MS + 1);
    expect(s.status).toBe('abandoned');
  });

  it('activity 1 ms before the inactivity deadline keeps the session', () => {
    const cfg = settings({ inactivityTimeoutMs: 5 * MIN });
    const s = session();
    evaluateExpiry(s, cfg, T0 + 5 * MIN - 1);
    recordActivity(s, T0 + 5 * MIN - 1);
    evaluateExpiry(s, cfg, T0 + 5 * MIN + 1);
    expect(s.status).toBe('active');
    expect(expireAt(s, cfg)).toBe(T0 + 10 * MIN - 1);
  });
});

describe('terminal statuses', () => {
  it('freeze the deadlines and refuse activity', () => {
    const cfg = settings({ inactivityTimeoutMs: 5 * MIN });
    const s = session();
    terminate(s, 'revoked', cfg, T0 + MIN);
    expect(s.status).toBe('revoked');
    expect(evaluateExpiry(s, cfg, T0 + 10 * MIN)).toBe(false);
    expect(s.status).toBe('revoked');
    expect(expireAt(s, settings({ inactivityTimeoutMs: 1 }))).toBe(T0 + 5 * MIN);
    expect(() => recordActivity(s, T0 + 2 * MIN)).toThrow();
  });

  it('force-expire makes expire_at now', () => {
    const s = session();
    forceExpire(s, T0 + 42);
    expect(s.status).toBe('expired');
    expect(expireAt(s, settings())).toBe(T0 + 42);
  });

  it('server time is real time plus the offset', () => {
    expect(serverNow({ clockOffsetMs: -5_000 }, T0)).toBe(T0 - 5_000);
  });
});
