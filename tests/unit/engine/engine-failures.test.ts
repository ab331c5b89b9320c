import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AppConfig } from '../../../lib/apps';
import { FapiError } from '../../../lib/engine/fapi-errors';
import type { ErrorKind } from '../../../lib/snapshot';
import { appsItem } from '../../../lib/storage';
import { MIN, SEC, testApp } from './builders';
import type { Harness } from './harness';
import { setup } from './harness';

const observe = () => [testApp({ mode: 'observe' })];

async function setKey(publishableKey: string) {
  const apps = await appsItem.getValue();
  await appsItem.setValue(apps.map((a): AppConfig => ({ ...a, publishableKey })));
}

const GOOD_KEY = testApp().publishableKey;

const cases: Array<[string, ErrorKind, (h: Harness) => void | Promise<void>]> = [
  ['network down', 'network', (h) => h.clerk.fail('*', new FapiError('network', 'Failed to fetch'), Infinity)],
  ['a timeout', 'timeout', (h) => h.clerk.fail('*', new FapiError('timeout', 'Clerk did not answer in time.'), Infinity)],
  ['a 503', 'http', (h) => h.clerk.fail('*', new FapiError('http', 'server error (503)', 503), Infinity)],
  ['a 401', 'unauthorized', (h) => h.clerk.fail('*', new FapiError('unauthorized', 'not accepted (401)', 401), Infinity)],
  ['malformed JSON', 'malformed', (h) => h.clerk.fail('*', new FapiError('malformed', 'not JSON'), Infinity)],
  ['an unexpected exception in the gateway', 'unknown', (h) => h.clerk.fail('*', new Error('boom') as FapiError, Infinity)],
  [
    'a denied host permission',
    'permission',
    (h) => {
      h.permission.granted = false;
    },
  ],
  ['a broken publishable key in the config', 'config', () => setKey('pk_test_bm90LWEtaG9zdA')],
];

describe.each(cases)('failure: %s', (_, kind, inject) => {
  it('keeps the last good sessions, marks them stale with the error, and recovers by itself', async () => {
    const h = await setup({ apps: observe(), clerk: (c) => c.signIn() });
    await h.engine.start();
    const good = await h.snapshot();
    expect(good?.stale).toBe(false);

    await inject(h);
    h.advance(30 * SEC);
    await h.engine.onAlarm('sync:app-dev');
    const failed = await h.snapshot();
    expect(failed).toMatchObject({ stale: true, currentSessionId: 'sess_1', error: { kind, at: h.clock.now } });
    expect(failed?.sessions).toEqual(good?.sessions);
    expect(failed?.token).toEqual(good?.token);
    expect(failed?.lastRefresh).toEqual(good?.lastRefresh);
    expect(failed?.error?.retryAt).toBe(h.clock.now + 5 * SEC);
    expect(await h.state()).toMatchObject({ consecutiveFailures: 1, notBefore: h.clock.now + 5 * SEC });
    expect((await h.history()).at(-1)).toMatchObject({ outcome: 'error', trigger: 'alarm' });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');

    // The cause goes away; the next alarm (after the backoff) recovers with a single read.
    h.clerk.heal();
    h.permission.granted = true;
    await setKey(GOOD_KEY);
    const reads = h.clerk.counts.readClient;
    h.advance(30 * SEC);
    await h.engine.onAlarm('sync:app-dev');
    const recovered = await h.snapshot();
    expect(recovered).toMatchObject({ stale: false, error: null, currentSessionId: 'sess_1' });
    expect(h.clerk.counts.readClient - reads).toBe(1);
    expect(await h.state()).toMatchObject({ consecutiveFailures: 0, notBefore: null });
    expect(await fakeBrowser.action.getBadgeText({})).not.toBe('!');
  });
});

describe('backoff', () => {
  it('429 with retry-after: alarms before notBefore make no request; the first one after does', async () => {
    const h = await setup({ apps: observe(), clerk: (c) => c.signIn() });
    await h.engine.start();
    h.clerk.fail('readClient', new FapiError('rate-limited', 'slow down (429)', 429, 75 * SEC));
    h.advance(30 * SEC);
    await h.engine.onAlarm('sync:app-dev');
    const failedAt = h.clock.now;
    expect((await h.snapshot())?.error).toMatchObject({ kind: 'rate-limited', httpStatus: 429, retryAt: failedAt + 75 * SEC });
    expect((await h.state()).notBefore).toBe(failedAt + 75 * SEC);
    expect((await h.snapshot())?.nextRefreshAt).toBe(failedAt + 75 * SEC);

    const reads = h.clerk.counts.readClient;
    for (const at of [30 * SEC, 60 * SEC, 75 * SEC - 1]) {
      h.clock.now = failedAt + at;
      await h.engine.onAlarm('sync:app-dev');
      await h.engine.onSyncCookieChanged('app-dev');
    }
    expect(h.clerk.counts.readClient).toBe(reads);
    expect((await h.snapshot())?.stale).toBe(true);

    h.clock.now = failedAt + 75 * SEC;
    await h.engine.onAlarm('sync:app-dev');
    expect(h.clerk.counts.readClient).toBe(reads + 1);
    expect((await h.snapshot())?.stale).toBe(false);
  });

  it('a retry-after of a year (31536000 s) waits at most the backoff maximum, then refreshes again', async () => {
    const h = await setup({ apps: observe(), clerk: (c) => c.signIn() });
    await h.engine.start();
    h.clerk.fail('readClient', new FapiError('rate-limited', 'slow down (429)', 429, 31_536_000 * SEC));
    h.advance(30 * SEC);
    await h.engine.onAlarm('sync:app-dev');
    const failedAt = h.clock.now;
    expect((await h.state()).notBefore).toBe(failedAt + 5 * MIN);
    expect((await h.snapshot())?.error?.retryAt).toBe(failedAt + 5 * MIN);
    const reads = h.clerk.counts.readClient;
    await h.runAlarmsUntil(failedAt + 6 * MIN);
    expect(h.clerk.counts.readClient).toBeGreaterThan(reads);
    expect((await h.snapshot())?.stale).toBe(false);
  });

  it('a manual refresh is not held back by the backoff', async () => {
    const h = await setup({ apps: observe(), clerk: (c) => c.signIn() });
    await h.engine.start();
    h.clerk.fail('readClient', new FapiError('rate-limited', '429', 429, 10 * MIN));
    await h.engine.onAlarm('sync:app-dev');
    await h.engine.refresh('app-dev', 'manual', 'always');
    expect((await h.snapshot())?.stale).toBe(false);
  });

  it('grows exponentially while the failure lasts, and the sync alarms make no burst', async () => {
    const h = await setup({ apps: observe(), clerk: (c) => c.signIn() });
    await h.engine.start();
    h.clerk.fail('*', new FapiError('network', 'offline'), Infinity);
    const start = h.clock.now;
    const requests = () => h.clerk.counts.readClient + h.clerk.counts.readEnvironment;
    const reads = requests();
    const failures: number[] = [];
    await h.runAlarmsUntil(start + 10 * MIN, async () => {
      failures.push((await h.state()).consecutiveFailures);
    });
    // 20 sync alarms in 10 minutes, but one request only after each backoff ran out (after a
    // failure the environment is read first, and unreachable there means no client read):
    // backoff 5, 10, 20, 40, 80, 160, 300 s → fails at +30, +60, +90, +120, +180, +270, +450 s.
    expect(failures).toHaveLength(20);
    expect(requests() - reads).toBe(7);
    expect((await h.state()).consecutiveFailures).toBe(7);
    expect((await h.state()).notBefore).toBe(start + 450 * SEC + 300 * SEC);

    h.clerk.heal();
    const before = h.clerk.counts.readClient;
    await h.runAlarmsUntil(start + 13 * MIN);
    // Backoff ends at +12.5 min: the alarms at +12.5 and +13 min read, one request each.
    expect(h.clerk.counts.readClient - before).toBe(2);
    expect(await h.state()).toMatchObject({ consecutiveFailures: 0, notBefore: null });
  });

  it('the first sync ever can fail too: an empty stale snapshot with the error', async () => {
    const h = await setup({ apps: observe(), clerk: (c) => c.signIn() });
    h.clerk.fail('*', new FapiError('network', 'offline'), Infinity);
    await h.engine.start();
    expect(await h.snapshot()).toMatchObject({ stale: true, sessions: [], currentSessionId: null, error: { kind: 'network' } });
    expect(await h.alarmNames()).toEqual(['sync:app-dev']);
  });
});

describe('keep-alive recovery', () => {
  it('after a short outage a still-valid token is not re-minted (no burst on recovery)', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    expect(h.clerk.counts.mintToken).toBe(1);
    h.clerk.fail('readClient', new FapiError('network', 'offline'));
    h.advance(20 * SEC);
    await h.engine.onAlarm('sync:app-dev');
    expect((await h.snapshot())?.stale).toBe(true);
    // Reads failing do not stop keep-alive: the mint alarm for the token (30 s left) stays.
    expect(await h.alarmNames()).toEqual(['mint:app-dev', 'sync:app-dev']);
    const reads = h.clerk.counts.readClient;
    h.advance(10 * SEC);
    await h.engine.onAlarm('sync:app-dev');
    expect((await h.snapshot())?.stale).toBe(false);
    expect(h.clerk.counts.mintToken).toBe(1);
    expect(h.clerk.counts.readClient - reads).toBe(1);
    expect(await h.alarmNames()).toEqual(['mint:app-dev', 'sync:app-dev']);
  });

  it('after a long outage the expired token is minted once on recovery', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    h.clerk.fail('*', new FapiError('network', 'offline'), Infinity);
    await h.runAlarmsUntil(h.clock.now + 3 * MIN);
    h.clerk.heal();
    const mints = h.clerk.counts.mintToken;
    await h.engine.refresh('app-dev', 'manual');
    expect(h.clerk.counts.mintToken - mints).toBe(1);
    expect((await h.snapshot())?.token?.expiresAt).toBeGreaterThan(h.clerk.serverNow());
  });
});

describe('a missing sync cookie', () => {
  it.each(['observe', 'keep-alive'] as const)(
    '%s: a signed-out snapshot, not an error; back when the cookie is',
    async (mode) => {
      const h = await setup({ apps: [testApp({ mode })], clerk: (c) => c.signIn() });
      await h.engine.start();
      // The developer cleared the app's cookies; the token is due for a mint by now.
      h.clerk.hasIdentity = false;
      h.advance(58 * SEC);
      await h.engine.onSyncCookieChanged('app-dev');
      const out = await h.snapshot();
      expect(out).toMatchObject({ stale: false, error: null, currentSessionId: null, sessions: [], token: null });
      expect(out?.lastRefresh?.outcome).toBe('signed-out');
      expect(await h.alarmNames()).toEqual(['sync:app-dev']);
      expect(await fakeBrowser.action.getBadgeText({})).toBe('');
      expect((await h.state()).consecutiveFailures).toBe(0);

      h.clerk.hasIdentity = true;
      h.advance(SEC);
      await h.engine.onSyncCookieChanged('app-dev');
      expect(await h.snapshot()).toMatchObject({ stale: false, currentSessionId: 'sess_1' });
    },
  );

  it('a session that ended on the server shows as signed out (keep-alive does not keep failing)', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    const session = h.clerk.session('sess_1');
    if (session) session.status = 'revoked';
    h.advance(58 * SEC);
    await h.engine.onAlarm('mint:app-dev');
    expect(await h.snapshot()).toMatchObject({ stale: false, error: null, currentSessionId: null });
    expect(await h.alarmNames()).toEqual(['sync:app-dev']);
  });
});
