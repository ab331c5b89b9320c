import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FapiError } from '../../../lib/engine/fapi-errors';
import { testApp } from './builders';
import { setup } from './harness';

async function signedInTwice() {
  const h = await setup({
    clerk: (c) => {
      c.multiSession = true;
      c.signIn('sess_1', 'user_1', 'ada@example.com');
      c.signIn('sess_2', 'user_2', 'grace@example.com');
    },
  });
  await h.engine.start();
  return h;
}

describe('sign out of all sessions', () => {
  it('this browser only: every session of this client ends; no other device is touched', async () => {
    const h = await signedInTwice();
    h.clerk.otherDevices = [{ id: 'sess_phone', label: 'Safari, iPhone', status: 'active' }];
    const report = await h.engine.signOutAll('app-dev', 'this-browser');
    expect(report.scope).toBe('this-browser');
    expect(report.ended).toEqual([
      { sessionId: 'sess_1', userLabel: 'ada@example.com', where: 'this-browser' },
      { sessionId: 'sess_2', userLabel: 'grace@example.com', where: 'this-browser' },
    ]);
    expect(report.failed).toEqual([]);
    expect(report.needsReverification).toEqual([]);
    expect(h.clerk.counts.removeAllSessions).toBe(1);
    expect(h.clerk.counts.otherDeviceSessions).toBe(0);
    expect(h.clerk.otherDevices[0]?.status).toBe('active');
    // The snapshot follows at once, and the SDK instance (which would keep a stale session) is gone.
    expect(await h.snapshot()).toMatchObject({ currentSessionId: null, stale: false, token: null });
    expect((await h.history()).at(-1)).toMatchObject({ trigger: 'sign-out', outcome: 'signed-out', minted: false });
    expect(h.clerk.disposed).toBeGreaterThanOrEqual(1);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await h.alarmNames()).toEqual(['sync:app-dev']);
  });

  it('all devices: one revoke OK, one 403 (reverification), one 500 (failed); then it waits, keeping this browser signed in', async () => {
    const h = await signedInTwice();
    h.clerk.otherDevices = [
      { id: 'sess_phone', label: 'Safari, iPhone', status: 'active' },
      { id: 'sess_laptop', label: 'Firefox, Linux', status: 'active' },
      { id: 'sess_tablet', label: 'Chrome, iPad', status: 'active' },
    ];
    h.clerk.revokeErrors.set(
      'sess_laptop',
      new FapiError('http', 'Clerk refused the request (403).', 403, undefined, 'session_reverification_required'),
    );
    h.clerk.revokeErrors.set('sess_tablet', new FapiError('http', 'Clerk answered with a server error (500).', 500));
    const order: string[] = [];
    const remove = h.clerk.afterRemove;
    h.clerk.afterRemove = () => {
      order.push(`remove after ${h.clerk.counts.revokeSession} revokes`);
      remove?.();
    };

    const report = await h.engine.signOutAll('app-dev', 'all-devices');
    // The re-verification happens in this browser's session: it is not signed out yet.
    expect(report.status).toBe('awaiting-reverification');
    expect(order).toEqual([]);
    expect(report.ended).toEqual([
      { sessionId: 'sess_phone', userLabel: 'grace@example.com (Safari, iPhone)', where: 'other-device' },
    ]);
    expect(report.needsReverification).toEqual([
      { sessionId: 'sess_laptop', userLabel: 'grace@example.com (Firefox, Linux)', where: 'other-device' },
    ]);
    expect(report.failed).toEqual([
      {
        sessionId: 'sess_tablet',
        userLabel: 'grace@example.com (Chrome, iPad)',
        where: 'other-device',
        reason: 'Clerk answered with a server error (500).',
      },
    ]);
    expect(h.clerk.otherDevices.map((d) => d.status)).toEqual(['revoked', 'active', 'active']);

    // The user re-verified in the app: the retry resumes the sign-out and finishes it.
    h.clerk.revokeErrors.clear();
    const resumed = await h.engine.signOutAll('app-dev', 'all-devices');
    expect(resumed).toMatchObject({ status: 'done', resumedFrom: report.at, needsReverification: [], failed: [] });
    expect(resumed.ended.map((i) => i.sessionId)).toEqual(['sess_laptop', 'sess_tablet', 'sess_1', 'sess_2']);
    expect(order).toEqual(['remove after 5 revokes']);
    expect(h.clerk.otherDevices.map((d) => d.status)).toEqual(['revoked', 'revoked', 'revoked']);
  });

  it('a failed DELETE /v1/client/sessions: the sessions Clerk still lists are reported failed with the reason', async () => {
    const h = await signedInTwice();
    h.clerk.fail('removeAllSessions', new FapiError('http', 'Clerk answered with a server error (502).', 502));
    const report = await h.engine.signOutAll('app-dev', 'this-browser');
    expect(report.ended).toEqual([]);
    expect(report.failed.map((f) => [f.sessionId, f.reason])).toEqual([
      ['sess_1', 'Clerk answered with a server error (502).'],
      ['sess_2', 'Clerk answered with a server error (502).'],
    ]);
    // Nothing was ended: the snapshot still shows the signed-in client.
    expect((await h.snapshot())?.currentSessionId).toBe('sess_2');
  });

  it('the report follows the re-read, not the call: a session still listed as active failed', async () => {
    const h = await signedInTwice();
    h.clerk.removeLeavesActive = ['sess_1'];
    const report = await h.engine.signOutAll('app-dev', 'this-browser');
    expect(report.ended.map((e) => e.sessionId)).toEqual(['sess_2']);
    expect(report.failed).toEqual([
      {
        sessionId: 'sess_1',
        userLabel: 'ada@example.com',
        where: 'this-browser',
        reason: 'Clerk still lists this session as active.',
      },
    ]);
  });

  it('a re-read that fails: nothing is claimed as ended', async () => {
    const h = await signedInTwice();
    h.clerk.afterRemove = () => h.clerk.fail('readClient', new FapiError('network', 'offline'));
    const report = await h.engine.signOutAll('app-dev', 'this-browser');
    expect(report.ended).toEqual([]);
    expect(report.failed.map((f) => f.reason)).toEqual(['Could not confirm with Clerk.', 'Could not confirm with Clerk.']);
  });

  it('listing other devices fails: said so, and this browser is still signed out', async () => {
    const h = await signedInTwice();
    h.clerk.fail('otherDeviceSessions', new FapiError('network', 'offline'));
    const report = await h.engine.signOutAll('app-dev', 'all-devices');
    expect(report.failed).toEqual([
      expect.objectContaining({
        sessionId: '*',
        where: 'other-device',
        reason: expect.stringContaining('Could not list other devices'),
      }),
    ]);
    expect(report.ended.map((e) => e.sessionId)).toEqual(['sess_1', 'sess_2']);
  });

  it('signed out already, this browser: an empty report is the truth (nothing of this browser is active)', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })] });
    await h.engine.start();
    const report = await h.engine.signOutAll('app-dev', 'this-browser');
    expect(report).toMatchObject({ status: 'done', ended: [], failed: [], needsReverification: [] });
  });

  it('signed out already, all devices: never an empty done; other devices are said to be out of reach', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })] });
    await h.engine.start();
    const report = await h.engine.signOutAll('app-dev', 'all-devices');
    expect(report.ended).toEqual([]);
    expect(report.failed).toEqual([
      expect.objectContaining({ sessionId: '*', where: 'other-device', reason: expect.stringMatching(/no signed-in session/) }),
    ]);
    expect(h.clerk.counts.otherDeviceSessions).toBe(0);
  });

  it('issue 19 item 9: "all devices" queued behind "this browser" says what happened to every session', async () => {
    const h = await signedInTwice();
    h.clerk.otherDevices = [{ id: 'sess_phone', label: 'Safari, iPhone', status: 'active' }];
    const [first, second] = await Promise.all([
      h.engine.signOutAll('app-dev', 'this-browser'),
      h.engine.signOutAll('app-dev', 'all-devices'),
    ]);
    expect(first.ended.map((i) => i.sessionId)).toEqual(['sess_1', 'sess_2']);
    // The phone's session is still active: the second report must not be an empty "done".
    expect(h.clerk.otherDevices[0]?.status).toBe('active');
    expect(second.status).toBe('done');
    expect(second.failed).toEqual([
      expect.objectContaining({ sessionId: '*', where: 'other-device', reason: expect.stringMatching(/sign in .*again/i) }),
    ]);
    // Every session Clerk listed on this client is accounted for: already ended by the first sign-out.
    expect(second.ended).toEqual([
      expect.objectContaining({ sessionId: 'sess_1', where: 'this-browser', userLabel: expect.stringMatching(/already ended/) }),
      expect.objectContaining({ sessionId: 'sess_2', where: 'this-browser', userLabel: expect.stringMatching(/already ended/) }),
    ]);
  });

  it('an app that is not configured is refused', async () => {
    const h = await signedInTwice();
    await expect(h.engine.signOutAll('app-gone', 'this-browser')).rejects.toThrow('This app is not configured.');
  });

  it('waits for a running refresh instead of racing it', async () => {
    const h = await signedInTwice();
    const release = h.clerk.hold('readClient');
    const refresh = h.engine.refresh('app-dev', 'alarm');
    const signOut = h.engine.signOutAll('app-dev', 'this-browser');
    await new Promise((r) => setTimeout(r, 0));
    expect(h.clerk.counts.removeAllSessions).toBe(0);
    release();
    await refresh;
    const report = await signOut;
    expect(report.ended).toHaveLength(2);
    expect((await h.snapshot())?.currentSessionId).toBeNull();
  });
});
