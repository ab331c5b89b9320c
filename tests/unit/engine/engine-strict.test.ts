/**
 * The engine against the refusals real Clerk makes (FIELD-NOTES §6) and the behaviours it does
 * not document: a refused mint never hides a good read, keep-alive goes on while reads fail,
 * the Native API is checked before any native request, undocumented behaviours are measured.
 */
import { describe, expect, it } from 'vitest';
import { FapiError } from '../../../lib/engine/fapi-errors';
import { publishableKeyFor } from '../../../lib/publishable-key';
import { MIN, PROD_HOST, SEC, testApp } from './builders';
import { setup } from './harness';

const originInvalid = () =>
  new FapiError('http', 'Clerk refused the request (400): The request origin is not allowed.', 400, undefined, 'origin_invalid');

describe('a refused mint never hides a good read', () => {
  it('origin_invalid on every mint: the session, its numbers and the list still show; the mint is a finding with its own backoff', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    h.clerk.fail('mintToken', originInvalid(), Infinity);
    await h.engine.start();
    const first = await h.snapshot();
    expect(first).toMatchObject({ stale: false, error: null, currentSessionId: 'sess_1' });
    expect(first?.sessions.map((s) => s.id)).toEqual(['sess_1']);
    expect(first?.token?.mintedBy).toBe('app');
    expect(first?.setup.read).toMatchObject({ ok: true });
    expect(first?.setup.mint).toMatchObject({ ok: false, error: { code: 'origin_invalid', httpStatus: 400 } });
    expect((await h.state()).mintFailures).toBe(1);

    // Reads stay at one per sync alarm; mints back off on their own (5 s, 10 s, …).
    const reads = h.clerk.counts.readClient;
    const mints = h.clerk.counts.mintToken;
    await h.runAlarmsUntil(h.clock.now + 5 * MIN);
    expect(h.clerk.counts.readClient - reads).toBe(10);
    expect(h.clerk.counts.mintToken - mints).toBeLessThanOrEqual(6);
    expect((await h.snapshot())?.stale).toBe(false);

    // Allowed now: the next due mint succeeds, nothing was lost.
    h.clerk.heal();
    await h.runAlarmsUntil(h.clock.now + 6 * MIN);
    expect(await h.snapshot()).toMatchObject({ setup: { mint: { ok: true } }, token: { mintedBy: 'extension' } });
    expect(await h.state()).toMatchObject({ mintFailures: 0, mintNotBefore: null });
  });

  it('keeps minting on schedule while client reads fail (the token endpoint still answers)', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    h.clerk.inactivityMs = 3 * MIN;
    await h.engine.start();
    h.clerk.fail('readClient', new FapiError('http', 'Clerk answered with a server error (503).', 503), Infinity);
    h.clerk.fail('readEnvironment', new FapiError('http', 'Clerk answered with a server error (503).', 503), Infinity);
    const mints = h.clerk.counts.mintToken;
    await h.runAlarmsUntil(h.clock.now + 10 * MIN);
    // ~one mint per 55 s for 10 minutes, though every read failed: the session is still alive.
    expect(h.clerk.counts.mintToken - mints).toBeGreaterThanOrEqual(9);
    expect(h.clerk.session('sess_1')?.status).toBe('active');
    const s = await h.snapshot();
    expect(s).toMatchObject({ stale: true, error: { httpStatus: 503 }, token: { mintedBy: 'extension' } });
    expect(s?.token?.expiresAt).toBeGreaterThan(h.clerk.serverNow());
  });
});

describe('the Native API (production keys)', () => {
  it('read from the environment before any native request: none is sent while it is off; it recovers when turned on', async () => {
    const app = testApp({ publishableKey: publishableKeyFor(PROD_HOST, 'production'), syncHost: 'https://app.example.com' });
    const h = await setup({ apps: [app], clerk: (c) => c.signIn() });
    h.clerk.nativeApiEnabled = false;
    await h.engine.start();
    expect(h.clerk.counts.readClient).toBe(0);
    expect(h.clerk.counts.mintToken).toBe(0);
    expect(await h.snapshot()).toMatchObject({
      stale: true,
      error: { code: 'native_api_disabled' },
      setup: { environment: { ok: true, nativeApiEnabled: false } },
    });
    h.clerk.nativeApiEnabled = true;
    await h.engine.refresh(app.id, 'manual');
    expect(await h.snapshot()).toMatchObject({ stale: false, currentSessionId: 'sess_1', error: null });
  });
});

describe('measured, not assumed: undocumented server behaviours', () => {
  it('reads that count as activity are detected after two reads in observe mode, and never by an app tab', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })], clerk: (c) => c.signIn() });
    await h.engine.start();
    h.advance(20 * SEC);
    h.clerk.appActivity();
    h.advance(10 * SEC);
    await h.engine.refresh('app-dev', 'alarm');
    expect((await h.snapshot())?.serverBehaviour.readsCountAsActivity.verdict).toBe('no');

    h.clerk.readsCountAsActivity = true;
    for (let i = 0; i < 2; i++) {
      h.advance(30 * SEC);
      await h.engine.refresh('app-dev', 'alarm');
    }
    expect((await h.snapshot())?.serverBehaviour).toMatchObject({
      readsCountAsActivity: { verdict: 'yes' },
      remintOnRead: { verdict: 'no' },
    });
  });

  it('re-mint on read is detected, and the token is then attributed to Clerk’s read, not the app', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })], clerk: (c) => c.signIn() });
    h.clerk.remintOnRead = true;
    await h.engine.start();
    for (let i = 0; i < 2; i++) {
      h.advance(30 * SEC);
      await h.engine.refresh('app-dev', 'alarm');
    }
    const s = await h.snapshot();
    expect(s?.serverBehaviour).toMatchObject({ remintOnRead: { verdict: 'yes' }, readsCountAsActivity: { verdict: 'no' } });
    expect(s?.token?.mintedBy).toBe('read');
  });
});

describe('keep-alive knows the inactivity window within seconds of sign-in', () => {
  it('the first sync mints once and reads around it: the timeout is inferred at once', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    h.clerk.inactivityMs = 15 * MIN;
    h.advance(3 * SEC);
    await h.engine.start();
    expect(h.clerk.counts.mintToken).toBe(1);
    expect((await h.snapshot())?.inactivityTimeout).toEqual({ seconds: 15 * 60, source: 'inferred' });
  });
});
