/**
 * The `sessionMinter` switch (session-minter.ts): the environment says so, a non-template mint
 * must carry the session's previous token in the body (clerk-js 6.40's shape), a foreign token is
 * refused, and that body meets the `missing_expired_token` requirement without the
 * `?expired_token=` retry. Off (the default), a mint without `token` passes as before.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FapiTestClient } from './fapi-client.ts';
import { type Emulator, startEmulator } from './server.ts';
import { expectClerkError } from './strict-helpers.ts';

let emulator: Emulator;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  emulator = await startEmulator({ logErrors: false });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.control.reset();
  for (const email of ['ada@example.com', 'grace@example.com']) await emulator.control.createUser({ email, password: PASSWORD });
});

async function signedIn(email = 'ada@example.com') {
  const fapi = await new FapiTestClient(emulator, 'development').init();
  const sessionId = await fapi.signIn(email, PASSWORD);
  const previous = (await fapi.client()).body.response.sessions.find((s: { id: string }) => s.id === sessionId).last_active_token
    .jwt as string;
  return { fapi, sessionId, previous };
}

describe('session minter (auth_config.session_minter)', () => {
  it('off by default: the environment does not name it (clerk-js takes false) and a mint without token passes', async () => {
    const { fapi, sessionId } = await signedIn();
    expect((await fapi.get('/v1/environment')).body.auth_config).not.toHaveProperty('session_minter');
    expect((await fapi.post(`/v1/client/sessions/${sessionId}/tokens`, { organization_id: '' })).status).toBe(200);
  });

  it('on: the environment says so; a mint without the previous token is refused, with it (and force_origin) it passes', async () => {
    await emulator.control.setSettings({ sessionMinter: true });
    const { fapi, sessionId, previous } = await signedIn();
    expect((await fapi.get('/v1/environment')).body.auth_config.session_minter).toBe(true);
    const before = await emulator.control.getSession(sessionId);
    const refused = await fapi.post(`/v1/client/sessions/${sessionId}/tokens`, { organization_id: '' });
    await expectClerkError(refused, 422, 'form_param_missing');
    expect(refused.body.errors[0].meta).toEqual({ param_name: 'token' });
    // A refused mint is no activity and mints nothing.
    expect(await emulator.control.getSession(sessionId)).toMatchObject({ lastTokenIat: before.lastTokenIat });

    const ok = await fapi.post(
      `/v1/client/sessions/${sessionId}/tokens`,
      { organization_id: '', token: previous, force_origin: 'true' },
      { debug: 'skip_cache' },
    );
    expect(ok.status).toBe(200);
    expect(decodeJwt(ok.body.jwt).sid).toBe(sessionId);
    // Templates carry no previous token (clerk-js sends an empty body for them).
    await emulator.control.setTemplate({ name: 'api', lifetimeMs: 60_000, claims: {} });
    expect((await fapi.post(`/v1/client/sessions/${sessionId}/tokens/api`)).status).toBe(200);
  });

  it('on: another session’s token, or garbage, in the body is a 422 form_param_value_invalid', async () => {
    await emulator.control.setSettings({ sessionMinter: true, singleSessionMode: false });
    const ada = await signedIn('ada@example.com');
    const grace = await signedIn('grace@example.com');
    for (const token of [grace.previous, 'not-a-jwt']) {
      const res = await ada.fapi.post(`/v1/client/sessions/${ada.sessionId}/tokens`, { organization_id: '', token });
      await expectClerkError(res, 422, 'form_param_value_invalid');
    }
  });

  it('on: the previous token in the body meets missing_expired_token (clerk-js sends no expired_token retry then)', async () => {
    await emulator.control.setSettings({ sessionMinter: true, requireExpiredTokenOnMint: 2 });
    const { fapi, sessionId, previous } = await signedIn();
    const ok = await fapi.post(`/v1/client/sessions/${sessionId}/tokens`, {
      organization_id: '',
      token: previous,
      force_origin: 'true',
    });
    expect(ok.status).toBe(200);
    // The requirement was met by the body, not counted down.
    expect((await emulator.control.getSettings()).requireExpiredTokenOnMint).toBe(2);
    // Off again: the same body without a minter is the old world, where the 422 applies.
    await emulator.control.setSettings({ sessionMinter: false });
    await expectClerkError(
      await fapi.post(`/v1/client/sessions/${sessionId}/tokens`, { organization_id: '' }),
      422,
      'missing_expired_token',
    );
  });
});
