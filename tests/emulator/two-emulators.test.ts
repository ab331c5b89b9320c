/**
 * "Two apps on localhost": a second emulator started with its own name is a fully independent
 * Clerk (own hosts, own publishable keys, own signing key and kid, own state) that runs beside the
 * default one on another port, and each refuses the other's dev browser with a 401.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FapiTestClient } from './fapi-client.ts';
import { type Emulator, startEmulator } from './server.ts';
import { expectClerkError, raw } from './strict-helpers.ts';

const PASSWORD = 'correct horse battery';
let one: Emulator;
let other: Emulator;

beforeAll(async () => {
  [one, other] = await Promise.all([startEmulator({ logErrors: false }), startEmulator({ name: 'other-emu', logErrors: false })]);
  for (const emulator of [one, other]) await emulator.control.createUser({ email: 'ada@example.com', password: PASSWORD });
});
afterAll(async () => {
  await Promise.all([one?.close(), other?.close()]);
});

describe('two development instances side by side', () => {
  it('have their own ports, hosts, publishable keys and signing keys', () => {
    expect(other.port).not.toBe(one.port);
    expect(one.hosts.development).toBe('inspector-emu.clerk.accounts.dev');
    expect(other.hosts.development).toBe('other-emu.clerk.accounts.dev');
    expect(other.publishableKeys.development).not.toBe(one.publishableKeys.development);
    expect(other.publishableKeys.development.startsWith('pk_test_')).toBe(true);
    const kids = [one, other].map((e) => e.jwks.keys.map((k) => k.kid));
    expect(kids[0]).toHaveLength(1);
    expect(kids[1]).toHaveLength(1);
    expect(kids[0]?.[0]).not.toBe(kids[1]?.[0]);
    expect(one.jwks.keys[0]?.n).not.toBe(other.jwks.keys[0]?.n);
  });

  it("each refuses the other's dev browser with 401 dev_browser_unauthenticated, and accepts its own", async () => {
    const a = await new FapiTestClient(one, 'development').init();
    const b = await new FapiTestClient(other, 'development').init();
    const asA = { query: { __clerk_db_jwt: a.identity as string } };
    const asB = { query: { __clerk_db_jwt: b.identity as string } };
    expect((await raw(one, 'development', '/v1/client', asA)).status).toBe(200);
    expect((await raw(other, 'development', '/v1/client', asB)).status).toBe(200);
    expectClerkError(await raw(other, 'development', '/v1/client', asA), 401, 'dev_browser_unauthenticated');
    expectClerkError(await raw(one, 'development', '/v1/client', asB), 401, 'dev_browser_unauthenticated');
  });

  it("keep separate state, and one's tokens do not verify against the other's JWKS", async () => {
    const a = await new FapiTestClient(one, 'development').init();
    const sessionId = await a.signIn('ada@example.com', PASSWORD);
    expect((await one.control.listSessions()).map((s) => s.id)).toContain(sessionId);
    expect((await other.control.listSessions()).map((s) => s.id)).not.toContain(sessionId);
    await other.control.setSettings({ singleSessionMode: false, nativeApiEnabled: false });
    expect((await one.control.getSettings()).nativeApiEnabled).toBe(true);

    const jwt = (await a.token(sessionId)).body.jwt;
    expect(decodeProtectedHeader(jwt).kid).toBe(one.jwks.keys[0]?.kid);
    await expect(jwtVerify(jwt, createLocalJWKSet(one.jwks as never))).resolves.toBeTruthy();
    await expect(jwtVerify(jwt, createLocalJWKSet(other.jwks as never))).rejects.toThrow();
  });
});
