/**
 * The proof-of-truth comparison of the bench (tests/bench/truth.ts): deltas of the current
 * session, the session-id set as the client lists it, token lapses in keep-alive only, and the
 * per-world summary.
 */
import { describe, expect, it } from 'vitest';
import { compareTruth, summarizeTruth, type TruthSample, withinTolerance } from '../../bench/truth';
import type { ClientSummary, SessionSummary } from '../../emulator/control-client';
import { fixtureSession, fixtureSnapshot } from '../components/fixtures';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);

function serverSession(overrides: Partial<SessionSummary> = {}): SessionSummary {
  const s = fixtureSession(NOW);
  return {
    id: s.id,
    clientId: 'client_1',
    userId: s.user.id,
    status: 'active',
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    lastActiveAt: s.lastActiveAt,
    expireAt: s.expireAt,
    abandonAt: s.abandonAt,
    lastTokenIat: s.lastActiveTokenIssuedAt,
    firstFactorVerifiedAt: s.createdAt,
    ...overrides,
  };
}

function client(sessions: SessionSummary[], lastActiveSessionId = sessions[0]?.id ?? null): ClientSummary {
  return { id: 'client_1', label: 'page', lastActiveSessionId, createdAt: NOW - 3_600_000, sessions };
}

// One listed session only, the fixture's current one.
const snapshot = (overrides = {}) => fixtureSnapshot(NOW, { sessions: [fixtureSession(NOW)], ...overrides });

describe('compareTruth', () => {
  it('an exact copy of the server state has no deviation, the same ids, no lapse', () => {
    const sample = compareTruth({
      at: NOW,
      snapshot: snapshot(),
      clients: [client([serverSession()])],
      serverNow: NOW,
      keepAlive: true,
    });
    expect(sample).toMatchObject({
      dLastActiveMs: 0,
      dExpireMs: 0,
      dAbandonMs: 0,
      statusEqual: true,
      idsEqual: true,
      lapse: false,
    });
    expect(withinTolerance(sample)).toBe(true);
  });

  it('measures each timestamp on its own and fails the 2 s tolerance past it', () => {
    const server = serverSession({
      lastActiveAt: fixtureSession(NOW).lastActiveAt + 2_500,
      expireAt: fixtureSession(NOW).expireAt + 2_500,
    });
    const sample = compareTruth({ at: NOW, snapshot: snapshot(), clients: [client([server])], serverNow: NOW, keepAlive: true });
    expect(sample.dLastActiveMs).toBe(2_500);
    expect(sample.dExpireMs).toBe(2_500);
    expect(sample.dAbandonMs).toBe(0);
    expect(withinTolerance(sample)).toBe(false);
  });

  it("issue 22: right after the app's mint, the snapshot is behind by the time since that activity, not by the step of last_active_at", () => {
    const shown = fixtureSession(NOW);
    // The app's tab minted 43 s after its previous mint, 300 ms ago; the extension has not read it yet.
    const server = serverSession({ lastActiveAt: shown.lastActiveAt + 43_000, expireAt: shown.expireAt + 43_000 });
    const at = (serverNow: number) =>
      compareTruth({ at: NOW, snapshot: snapshot(), clients: [client([server])], serverNow, keepAlive: false });
    const soon = at(server.lastActiveAt + 300);
    expect(soon.dLastActiveMs).toBe(43_000);
    expect(soon.behindMs).toBe(300);
    expect(withinTolerance(soon)).toBe(true);
    // Still not read 2.5 s later (observe waiting for its next sync alarm, as before issue 22): out.
    const late = at(server.lastActiveAt + 2_500);
    expect(late.behindMs).toBe(2_500);
    expect(withinTolerance(late)).toBe(false);
    // A snapshot ahead of the server (wrong numbers, not lag) is judged on its deviation alone.
    const ahead = compareTruth({
      at: NOW,
      snapshot: snapshot(),
      clients: [client([serverSession({ lastActiveAt: shown.lastActiveAt - 5_000 })])],
      serverNow: NOW,
      keepAlive: false,
    });
    expect(ahead.behindMs).toBeNull();
    expect(withinTolerance(ahead)).toBe(false);
  });

  it('a removed session leaves the listed ids; an ended one stays and must be shown', () => {
    const removed = serverSession({ id: 'sess_removed', status: 'removed' });
    const ended = serverSession({ id: 'sess_ended', status: 'ended' });
    const withRemoved = compareTruth({
      at: NOW,
      snapshot: snapshot(),
      clients: [client([serverSession(), removed], fixtureSession(NOW).id)],
      serverNow: NOW,
      keepAlive: false,
    });
    expect(withRemoved.idsEqual).toBe(true);
    const withEnded = compareTruth({
      at: NOW,
      snapshot: snapshot(),
      clients: [client([serverSession(), ended], fixtureSession(NOW).id)],
      serverNow: NOW,
      keepAlive: false,
    });
    expect(withEnded.idsEqual).toBe(false);
    expect(withinTolerance(withEnded)).toBe(false);
  });

  it('a status the snapshot has not caught up with is a mismatch', () => {
    const sample = compareTruth({
      at: NOW,
      snapshot: snapshot(),
      clients: [client([serverSession({ status: 'expired' })])],
      serverNow: NOW,
      keepAlive: true,
    });
    expect(sample.statusEqual).toBe(false);
    // The session is not active on the server, so an old token is no lapse.
    expect(sample.lapse).toBe(false);
  });

  it('keep-alive: an expired or missing token while the session is active is a lapse; observe never counts one', () => {
    const snap = snapshot();
    const expiresAt = snap.token?.expiresAt as number;
    const at = (serverNow: number, keepAlive: boolean, s = snap) =>
      compareTruth({ at: NOW, snapshot: s, clients: [client([serverSession()])], serverNow, keepAlive }).lapse;
    expect(at(expiresAt - 1, true)).toBe(false);
    expect(at(expiresAt, true)).toBe(true);
    expect(at(expiresAt + 10_000, false)).toBe(false);
    expect(at(NOW, true, snapshot({ token: null }))).toBe(true);
  });

  it('a signed-out snapshot against a live server session has no deltas and is not within tolerance', () => {
    const sample = compareTruth({
      at: NOW,
      snapshot: snapshot({ currentSessionId: null, sessions: [] }),
      clients: [client([serverSession()])],
      serverNow: NOW,
      keepAlive: true,
    });
    expect(sample.dLastActiveMs).toBeNull();
    expect(sample.currentEqual).toBe(false);
    expect(withinTolerance(sample)).toBe(false);
  });
});

describe('summarizeTruth', () => {
  const sample = (dMs: number | null, extra: Partial<TruthSample> = {}): TruthSample => ({
    at: NOW,
    dLastActiveMs: dMs,
    dExpireMs: dMs,
    dAbandonMs: dMs === null ? null : 0,
    statusEqual: true,
    currentEqual: true,
    idsEqual: true,
    lapse: false,
    behindMs: null,
    ...extra,
  });

  it('max, p95 (nearest rank), share within 2 s and lapses', () => {
    const samples = [...Array.from({ length: 19 }, () => sample(100)), sample(30_000, { lapse: true })];
    const s = summarizeTruth(samples, true);
    expect(s.samples).toBe(20);
    expect(s.maxDeviationS).toBe(30);
    expect(s.p95DeviationS).toBe(0.1);
    expect(s.withinPct).toBe(95);
    expect(s.lapses).toBe(1);
    expect(s.perField.abandonAt.maxS).toBe(0);
  });

  it('the longest stretch out of tolerance: from the first sample out to the next one back in', () => {
    const at = (i: number, d: number) => sample(d, { at: NOW + i * 2_000 });
    // One sample out (a change the next read caught): 2 s; three in a row: 6 s; out at the end: to the last sample.
    expect(summarizeTruth([at(0, 0), at(1, 43_000), at(2, 0)], true).longestOutS).toBe(2);
    expect(summarizeTruth([at(0, 0), at(1, 43_000), at(2, 43_000), at(3, 43_000), at(4, 0)], true).longestOutS).toBe(6);
    expect(summarizeTruth([at(0, 0), at(1, 43_000), at(2, 43_000)], true).longestOutS).toBe(2);
    expect(summarizeTruth([at(0, 0), at(1, 0)], true).longestOutS).toBe(0);
  });

  it('observe worlds report no lapse count', () => {
    expect(summarizeTruth([sample(0, { lapse: true })], false).lapses).toBeNull();
  });
});
