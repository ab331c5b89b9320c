/** The lifetime model's exact boundaries, as pure functions (no server, no clock). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abandonAt,
  assertLifetimes,
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

  it('maximum lifetime off: last active + inactivity, moving with every activity', () => {
    const cfg = settings({ maxLifetimeMs: null, inactivityTimeoutMs: 10 * MIN });
    const s = session();
    expect(expireAt(s, cfg)).toBe(T0 + 10 * MIN);
    // Far past the 7-day default: nothing caps it but the inactivity window (and abandon_at).
    const later = T0 + 9 * 24 * 60 * MIN;
    s.lastActiveAt = later;
    expect(expireAt(s, cfg)).toBe(later + 10 * MIN);
  });

  it('both off is refused (Clerk requires one of the two)', () => {
    const cfg = settings({ maxLifetimeMs: null, inactivityTimeoutMs: null });
    expect(() => assertLifetimes(cfg)).toThrow(/At least one/);
    expect(() => expireAt(session(), cfg)).toThrow(/At least one/);
    expect(() => assertLifetimes(settings({ maxLifetimeMs: null, inactivityTimeoutMs: 1 }))).not.toThrow();
    expect(() => assertLifetimes(settings({ inactivityTimeoutMs: null }))).not.toThrow();
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

describe('any combination of lifetimes (property)', () => {
  const lifetime = fc.option(fc.integer({ min: 1_000, max: 40 * 24 * 60 * MIN }), { nil: null });
  const combos = fc
    .record({ maxLifetimeMs: lifetime, inactivityTimeoutMs: lifetime, idleBeforeActivity: fc.nat({ max: 60 * MIN }) })
    .filter((c) => c.maxLifetimeMs !== null || c.inactivityTimeoutMs !== null);

  it('expire_at is the smaller of the terms that are on, and a session is live until exactly min(expire_at, abandon_at)', () => {
    fc.assert(
      fc.property(combos, ({ maxLifetimeMs, inactivityTimeoutMs, idleBeforeActivity }) => {
        const cfg = settings({ maxLifetimeMs, inactivityTimeoutMs });
        const s = session();
        s.lastActiveAt = T0 + idleBeforeActivity;
        const terms = [
          maxLifetimeMs === null ? Infinity : T0 + maxLifetimeMs,
          inactivityTimeoutMs === null ? Infinity : s.lastActiveAt + inactivityTimeoutMs,
        ];
        expect(expireAt(s, cfg)).toBe(Math.min(...terms));
        const deadline = Math.min(expireAt(s, cfg), abandonAt(s));
        const probe = { ...s };
        expect(evaluateExpiry(probe, cfg, deadline - 1)).toBe(false);
        expect(evaluateExpiry(probe, cfg, deadline)).toBe(true);
        expect(probe.status).toBe(abandonAt(s) < expireAt(s, cfg) ? 'abandoned' : 'expired');
      }),
    );
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
