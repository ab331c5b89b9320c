/**
 * `GET /v1/client/handshake` (tests/emulator/handshake.ts), checked with Clerk's own backend SDK:
 * the payload @clerk/backend reads from `__clerk_handshake` verifies with the instance's key, and
 * carries the directives for the browser's session, or for a signed-out browser and a new dev
 * browser. A redirect_url that is not the instance's is refused.
 */
import { createClerkClient } from '@clerk/backend';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwkToPem } from '../demo/backend.ts';
import { type Emulator, startEmulator } from './server.ts';

let emulator: Emulator;
const APP = 'http://localhost:4321';

beforeAll(async () => {
  emulator = await startEmulator({ logErrors: false });
  await emulator.control.createUser({ email: 'ada@example.com', password: 'pw-pw-pw-pw' });
});
afterAll(async () => {
  await emulator?.close();
});

async function handshake(query: Record<string, string>) {
  const url = new URL(`https://${emulator.hosts.development}/v1/client/handshake`);
  for (const [k, v] of Object.entries({ __clerk_api_version: '2025-11-10', format: 'nonce', ...query }))
    url.searchParams.set(k, v);
  return emulator.fetch(url, { redirect: 'manual' });
}

function payloadOf(res: { headers: { get(name: string): string | null } }): string[] {
  const location = new URL(res.headers.get('location') ?? '');
  const token = location.searchParams.get('__clerk_handshake') ?? '';
  return (decodeJwt(token) as { handshake: string[] }).handshake;
}

describe('the handshake endpoint', () => {
  it('signs the browser’s session back in: a fresh __session and __client_uat, suffixed when asked', async () => {
    const device = await emulator.control.signInOtherDevice({ email: 'ada@example.com' });
    const res = await handshake({ redirect_url: `${APP}/dashboard`, __clerk_db_jwt: device.identity, suffixed_cookies: 'true' });
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(`${APP}/dashboard`);
    const cookies = payloadOf(res);
    const session = cookies.find((c) => c.startsWith('__session='));
    expect(session).toBeDefined();
    expect((decodeJwt(session?.slice('__session='.length).split(';')[0] ?? '') as { sid?: string }).sid).toBe(device.sessionId);
    expect(cookies.some((c) => /^__session_[\w-]{8}=ey/.test(c))).toBe(true);
    expect(cookies.some((c) => /^__client_uat=[1-9]\d+;/.test(c))).toBe(true);
    expect(cookies.some((c) => c.startsWith(`__clerk_db_jwt=${device.identity};`))).toBe(true);
  });

  it('is what @clerk/backend accepts: authenticateRequest resolves it to signed in, with the clean URL', async () => {
    const device = await emulator.control.signInOtherDevice({ email: 'ada@example.com' });
    const res = await handshake({ redirect_url: `${APP}/`, __clerk_db_jwt: device.identity });
    const back = res.headers.get('location') ?? '';
    const clerk = createClerkClient({
      publishableKey: emulator.publishableKeys.development,
      secretKey: 'sk_test_placeholder-not-a-key',
      apiUrl: 'https://127.0.0.1:9',
      telemetry: { disabled: true },
    });
    const state = await clerk.authenticateRequest(
      new Request(back, { headers: { 'sec-fetch-dest': 'document', accept: 'text/html' } }),
      {
        jwtKey: jwkToPem(emulator.jwks.keys[0] as never),
      },
    );
    expect(state.status).toBe('signed-in');
    expect(state.toAuth()).toMatchObject({ sessionId: device.sessionId });
    expect(state.headers.get('location')).toBe(`${APP}/`);
    expect(state.headers.getSetCookie().some((c) => c.startsWith('__session=ey'))).toBe(true);
  });

  it('without a dev browser: a new one, and a signed-out payload (__client_uat=0, __session cleared)', async () => {
    const cookies = payloadOf(await handshake({ redirect_url: `${APP}/`, __clerk_hs_reason: 'dev-browser-missing' }));
    expect(cookies.some((c) => /^__clerk_db_jwt=dvb_\w+;/.test(c))).toBe(true);
    expect(cookies.some((c) => c.startsWith('__client_uat=0;'))).toBe(true);
    expect(cookies.some((c) => /^__session=; .*Max-Age=0/.test(c))).toBe(true);
  });

  it('refuses a redirect_url that is not an origin of the instance', async () => {
    const res = await handshake({ redirect_url: 'https://evil.example/' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('url_invalid');
  });
});
