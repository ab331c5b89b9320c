import { describe, expect, it } from 'vitest';
import { decodeJwt } from '../../../lib/jwt';
import { MIN, SEC, testApp } from './builders';
import { setup } from './harness';

describe('single-flight refresh', () => {
  it('two concurrent refreshes make one read and share the result', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })], clerk: (c) => c.signIn() });
    const release = h.clerk.hold('readClient');
    const a = h.engine.refresh('app-dev', 'alarm');
    const b = h.engine.refresh('app-dev', 'manual');
    release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(h.clerk.counts.readClient).toBe(1);
    expect(ra).toBe(rb);
    // Once settled, the next refresh is a new flight.
    await h.engine.refresh('app-dev', 'manual');
    expect(h.clerk.counts.readClient).toBe(2);
  });

  it('"refresh now" (always) during an alarm refresh joins it: no second read, no extra mint', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    const reads = h.clerk.counts.readClient;
    const mints = h.clerk.counts.mintToken;
    h.advance(30 * SEC);
    const release = h.clerk.hold('readClient');
    const alarm = h.engine.onAlarm('sync:app-dev');
    const now = h.engine.refresh('app-dev', 'manual', 'always');
    release();
    await Promise.all([alarm, now]);
    expect(h.clerk.counts.readClient).toBe(reads + 1);
    expect(h.clerk.counts.mintToken).toBe(mints);
    // On its own, "refresh now" does mint.
    await h.engine.refresh('app-dev', 'manual', 'always');
    expect(h.clerk.counts.mintToken).toBe(mints + 1);
  });

  it('different apps refresh independently', async () => {
    const h = await setup({
      apps: [testApp({ mode: 'observe' }), testApp({ id: 'app-stg', mode: 'observe' })],
      clerk: (c) => c.signIn(),
    });
    const release = h.clerk.hold('readClient');
    const a = h.engine.refresh('app-dev', 'alarm');
    await h.engine.refresh('app-stg', 'alarm');
    expect(h.clerk.counts.readClient).toBe(2);
    release();
    await a;
  });
});

describe('keep-alive mode', () => {
  it('the first sync mints once; alarms before the token is due do not; the mint alarm does', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    expect(h.clerk.counts.mintToken).toBe(1);
    const first = await h.snapshot();
    expect(first?.token).toMatchObject({ mintedBy: 'extension' });
    expect(first?.token?.mintLatencyMs).toBe(0);
    expect(first?.lastRefresh).toMatchObject({ minted: true, outcome: 'ok', mode: 'keep-alive' });
    expect(h.gatewayRequests.at(-1)).toEqual({ appId: 'app-dev', useSdk: true });

    // The sync alarm at +30 s: the token has 30 s left, no mint.
    const fired = await h.runAlarmsUntil(h.clock.now + 30 * SEC);
    expect(fired).toEqual(['sync:app-dev']);
    expect(h.clerk.counts.mintToken).toBe(1);
    expect((await h.snapshot())?.lastRefresh?.minted).toBe(false);
    expect((await h.snapshot())?.token?.mintedBy).toBe('extension');

    // The mint alarm at exp − 5 s mints.
    const mintAt = (await h.alarm('mint:app-dev'))?.scheduledTime ?? 0;
    expect(await h.runAlarmsUntil(mintAt)).toEqual(['mint:app-dev']);
    expect(h.clerk.counts.mintToken).toBe(2);
    const after = await h.snapshot();
    expect(after?.lastRefresh).toMatchObject({ minted: true, trigger: 'alarm' });
    expect(after?.token?.claims.jti).not.toBe(first?.token?.claims.jti);
  });

  it('10 minutes of alarms with 60 s tokens: ≤ 1.5 mints per token lifetime and the token never lapses', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    const start = h.clock.now;
    const end = start + 10 * MIN;
    let worstLapseMs = Number.NEGATIVE_INFINITY;
    await h.runAlarmsUntil(end, () => {
      // Before each alarm: how long has the newest token been expired?
      const last = h.clerk.mints.at(-1);
      if (last) worstLapseMs = Math.max(worstLapseMs, h.clerk.serverNow() - last.exp);
    });
    const ours = h.clerk.mints.filter((m) => m.by === 'extension');
    const lifetimes = (10 * MIN) / (h.clerk.tokenLifetimeSeconds * 1000);
    expect(ours.length / lifetimes).toBeLessThanOrEqual(1.5);
    expect(ours.length).toBeGreaterThanOrEqual(lifetimes); // it did keep minting
    // No jitter in this simulation: every token is replaced before it expires (Chrome adds ~1 s).
    expect(worstLapseMs).toBeLessThan(0);
    for (let i = 1; i < ours.length; i++) {
      expect((ours[i]?.iat ?? 0) - (ours[i - 1]?.exp ?? 0)).toBeLessThan(0);
    }
    // And it kept the session alive: the inactivity window is (almost) full.
    const snap = await h.snapshot();
    const session = snap?.sessions.find((s) => s.id === snap.currentSessionId);
    expect((session?.expireAt ?? 0) - h.clerk.serverNow()).toBeGreaterThan(29 * MIN);
  });

  it('the same with a 30 s floor and a server clock 2 minutes ahead', async () => {
    const h = await setup({
      clerk: (c) => {
        c.serverOffsetMs = 2 * MIN;
        c.signIn();
      },
    });
    await h.engine.start();
    let worstLapseMs = Number.NEGATIVE_INFINITY;
    await h.runAlarmsUntil(h.clock.now + 10 * MIN, () => {
      const last = h.clerk.mints.at(-1);
      if (last) worstLapseMs = Math.max(worstLapseMs, h.clerk.serverNow() - last.exp);
    });
    const ours = h.clerk.mints.filter((m) => m.by === 'extension').length;
    expect(ours).toBeLessThanOrEqual(15);
    expect(ours).toBeGreaterThanOrEqual(10);
    expect(worstLapseMs).toBeLessThan(0);
  });

  it('a token minted by the app in between is shown as the app’s and not re-minted early', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    h.advance(20 * SEC);
    h.clerk.appActivity();
    await h.engine.refresh('app-dev', 'alarm');
    const snap = await h.snapshot();
    expect(snap?.token?.mintedBy).toBe('app');
    expect(h.clerk.counts.mintToken).toBe(1);
  });

  it('an account switch in the app while a mint is due shows the new session’s token', async () => {
    const h = await setup({
      clerk: (c) => {
        c.multiSession = true;
        c.signIn('sess_1', 'user_1', 'ada@example.com');
      },
    });
    await h.engine.start();
    // The token is due, and the app switched to another account meanwhile (sess_1 stays active).
    h.advance(56 * SEC);
    h.clerk.signIn('sess_2', 'user_2', 'grace@example.com');
    await h.engine.onSyncCookieChanged('app-dev');
    const snap = await h.snapshot();
    expect(snap?.currentSessionId).toBe('sess_2');
    expect(snap?.token?.claims.sid).toBe('sess_2');
    expect(snap?.token?.claims.sub).toBe('user_2');
  });
});

describe('observe mode', () => {
  it('10 minutes of alarms: zero mints, the token shown is the app’s own', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })], clerk: (c) => c.signIn() });
    const appToken = h.clerk.session('sess_1')?.lastToken ?? '';
    await h.engine.start();
    await h.runAlarmsUntil(h.clock.now + 10 * MIN);
    expect(h.clerk.counts.mintToken).toBe(0);
    expect(h.clerk.mints.filter((m) => m.by === 'extension')).toHaveLength(0);
    expect(h.clerk.counts.readClient).toBeGreaterThanOrEqual(20);
    expect(h.gatewayRequests.every((g) => !g.useSdk)).toBe(true);
    const snap = await h.snapshot();
    expect(snap?.mode).toBe('observe');
    expect(snap?.token).toMatchObject({ mintedBy: 'app', mintLatencyMs: null });
    expect(snap?.token?.claims.jti).toBe(decodeJwt(appToken)?.claims.jti);
    expect(snap?.lastRefresh).toMatchObject({ minted: false, mode: 'observe' });
    // The inactivity window drained as if the app were closed.
    const session = snap?.sessions[0];
    expect((session?.expireAt ?? 0) - h.clerk.serverNow()).toBe(20 * MIN);
  });

  it('"refresh now" in observe mode does not mint either', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })], clerk: (c) => c.signIn() });
    await h.engine.refresh('app-dev', 'manual', 'always');
    expect(h.clerk.counts.mintToken).toBe(0);
  });

  it('switching to observe disposes the SDK gateway (it would mint on its own)', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    expect(h.clerk.disposed).toBe(0);
    await h.engine.setMode('app-dev', 'observe');
    expect(h.clerk.disposed).toBe(1);
    const mints = h.clerk.counts.mintToken;
    await h.runAlarmsUntil(h.clock.now + 5 * MIN);
    expect(h.clerk.counts.mintToken).toBe(mints);
  });

  it('only the selected app gets the SDK; others are read directly even in keep-alive', async () => {
    const h = await setup({ apps: [testApp(), testApp({ id: 'app-stg' })], clerk: (c) => c.signIn() });
    await h.engine.start();
    expect(h.gatewayRequests.filter((g) => g.useSdk).map((g) => g.appId)).toEqual(['app-dev']);
    expect(h.gatewayRequests.some((g) => g.appId === 'app-stg' && !g.useSdk)).toBe(true);
  });
});

describe('inference of the inactivity timeout through the engine', () => {
  it('two syncs where app activity moved expire_at → inferred on, 30 min', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })], clerk: (c) => c.signIn() });
    await h.engine.refresh('app-dev', 'alarm');
    expect((await h.snapshot())?.inactivityTimeout).toEqual({ seconds: null, source: 'unknown' });
    h.advance(2 * MIN);
    h.clerk.appActivity();
    await h.engine.refresh('app-dev', 'alarm');
    expect((await h.snapshot())?.inactivityTimeout).toEqual({ seconds: 1800, source: 'inferred' });
    // Kept on later syncs without activity.
    h.advance(MIN);
    await h.engine.refresh('app-dev', 'alarm');
    expect((await h.snapshot())?.inactivityTimeout).toEqual({ seconds: 1800, source: 'inferred' });
  });

  it('inactivity timeout off: expire_at stays → maximum lifetime inferred, inactivity off', async () => {
    const h = await setup({
      apps: [testApp({ mode: 'observe' })],
      clerk: (c) => {
        c.inactivityMs = null;
        c.signIn();
      },
    });
    await h.engine.refresh('app-dev', 'alarm');
    h.advance(2 * MIN);
    h.clerk.appActivity();
    await h.engine.refresh('app-dev', 'alarm');
    const snap = await h.snapshot();
    expect(snap?.maximumLifetime).toEqual({ seconds: 7 * 24 * 3600, source: 'inferred' });
    expect(snap?.inactivityTimeout).toEqual({ seconds: 0, source: 'inferred' });
  });

  it('keep-alive infers from its own mints', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    await h.runAlarmsUntil(h.clock.now + 2 * MIN);
    expect((await h.snapshot())?.inactivityTimeout).toEqual({ seconds: 1800, source: 'inferred' });
  });

  it('keep-alive knows the inactivity timeout from its first sync, 300 ms after the sign-in (item 28)', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    h.advance(300);
    await h.engine.start();
    expect((await h.snapshot())?.inactivityTimeout).toEqual({ seconds: 1800, source: 'inferred' });
    expect(h.clerk.counts.mintToken).toBe(1);
  });

  it('declared settings win over inference', async () => {
    const app = testApp({ mode: 'observe', declared: { inactivityTimeoutSeconds: 900, maximumLifetimeSeconds: 86_400 } });
    const h = await setup({ apps: [app], clerk: (c) => c.signIn() });
    await h.engine.refresh('app-dev', 'alarm');
    h.advance(2 * MIN);
    h.clerk.appActivity();
    await h.engine.refresh('app-dev', 'alarm');
    const snap = await h.snapshot();
    expect(snap?.inactivityTimeout).toEqual({ seconds: 900, source: 'declared' });
    expect(snap?.maximumLifetime).toEqual({ seconds: 86_400, source: 'declared' });
  });

  it('an inference carries over to the next session', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })], clerk: (c) => c.signIn() });
    await h.engine.refresh('app-dev', 'alarm');
    h.advance(2 * MIN);
    h.clerk.appActivity();
    await h.engine.refresh('app-dev', 'alarm');
    h.clerk.signIn('sess_2', 'user_2');
    await h.engine.refresh('app-dev', 'sync-cookie');
    const snap = await h.snapshot();
    expect(snap?.currentSessionId).toBe('sess_2');
    expect(snap?.inactivityTimeout).toEqual({ seconds: 1800, source: 'inferred' });
  });
});

describe('notification before the session ends', () => {
  it('once per deadline, only when within the configured minutes', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe', notifyBeforeSeconds: 5 * 60 })], clerk: (c) => c.signIn() });
    await h.engine.refresh('app-dev', 'alarm');
    expect(h.notifications).toHaveLength(0);
    h.advance(26 * MIN); // 4 min of the 30 min inactivity window left
    await h.engine.refresh('app-dev', 'alarm');
    expect(h.notifications).toEqual([
      { id: 'session-end:app-dev', title: 'dev: session ends soon', message: expect.stringContaining('ends in 4 min') },
    ]);
    h.advance(MIN);
    await h.engine.refresh('app-dev', 'alarm');
    expect(h.notifications).toHaveLength(1);
    // Activity moved the deadline; when it comes close again, that is a new notification.
    h.clerk.appActivity();
    h.advance(27 * MIN);
    await h.engine.refresh('app-dev', 'alarm');
    expect(h.notifications).toHaveLength(2);
  });
});

describe('copy token', () => {
  it('returns the raw token from memory, and after a worker restart re-reads it without minting', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    const raw = h.clerk.session('sess_1')?.lastToken;
    expect(await h.engine.copyToken('app-dev')).toEqual({ token: raw, expiredAgoMs: null });
    h.restart();
    const mints = h.clerk.counts.mintToken;
    expect(await h.engine.copyToken('app-dev')).toEqual({ token: raw, expiredAgoMs: null });
    expect(h.clerk.counts.mintToken).toBe(mints);
  });
});
