/**
 * Organizations (issue 22; issue 20 item 6): memberships in the user JSON, the active
 * organization set by touch (`active_organization_id`, as clerk-js `setActive({ organization })`
 * sends it) and by a mint's `organization_id` (checked: a non-member is 403
 * `not_a_member_in_organization`), and the tokens: v2 `o`/`fea`/`pla` by default, v1 `org_*` when
 * switched. Tokens are read back with `@clerk/shared`'s own parser, so the encoding is Clerk's.
 */
import { __experimental_JWTPayloadToAuthObjectProperties as parse } from '@clerk/shared/jwtPayloadParser';
import type { JwtPayload } from '@clerk/shared/types';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FapiTestClient } from './fapi-client.ts';
import { encodePermissions } from './organizations.ts';
import { type Emulator, startEmulator } from './server.ts';
import { loadSpecValidator } from './spec-validator.ts';
import { expectClerkError } from './strict-helpers.ts';

let emulator: Emulator;
const PASSWORD = 'correct horse battery';
let acme = '';
let globex = '';
let initech = '';

let spec: ReturnType<typeof loadSpecValidator>;

beforeAll(async () => {
  // Parsing the spec blocks this process (the emulator's too) for seconds: before any request, so
  // no keep-alive socket is cut under a request (ECONNRESET).
  spec = loadSpecValidator();
  emulator = await startEmulator({ logErrors: false });
  // A parse of the whole spec takes seconds, more on a loaded machine.
}, 60_000);
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.control.reset();
  const ada = await emulator.control.createUser({ email: 'ada@example.com', password: PASSWORD });
  const grace = await emulator.control.createUser({ email: 'grace@example.com', password: PASSWORD });
  acme = (await emulator.control.createOrganization({ name: 'Acme', slug: 'acme', plan: 'pro' })).id;
  globex = (await emulator.control.createOrganization({ name: 'Globex' })).id;
  initech = (await emulator.control.createOrganization({ name: 'Initech' })).id;
  await emulator.control.addMembership(acme, {
    userId: ada.id,
    role: 'org:admin',
    permissions: ['org:invoices:read', 'org:invoices:create', 'org:members:read', 'org:sys_memberships:manage'],
  });
  await emulator.control.addMembership(globex, { userId: ada.id, role: 'member', permissions: ['org:invoices:read'] });
  await emulator.control.addMembership(initech, { userId: grace.id, role: 'org:admin' });
});

async function signedIn() {
  const fapi = await new FapiTestClient(emulator, 'development').init();
  return { fapi, sessionId: await fapi.signIn('ada@example.com', PASSWORD) };
}

async function mint(fapi: FapiTestClient, sessionId: string, form?: Record<string, string>) {
  const res = await fapi.post(`/v1/client/sessions/${sessionId}/tokens`, form);
  return { res, claims: res.status === 200 ? decodeJwt(res.body.jwt) : null };
}

describe('organizations in FAPI', () => {
  it('the user JSON lists the memberships (valid per the spec); the environment says organizations are on', async () => {
    const { fapi } = await signedIn();
    const client = (await fapi.client()).body.response;
    const user = client.sessions[0].user;
    expect(user.organization_memberships.map((m: { organization: { slug: string } }) => m.organization.slug).sort()).toEqual([
      'acme',
      'globex',
    ]);
    expect(spec.validateComponent('Client.Client', client)).toEqual([]);
    expect(client.sessions[0].last_active_organization_id).toBeNull();
    expect((await fapi.get('/v1/environment')).body.organization_settings.enabled).toBe(true);
  });

  it('sessions start on the personal account: no o claim, v: 2', async () => {
    const { fapi, sessionId } = await signedIn();
    const { claims } = await mint(fapi, sessionId, { organization_id: '' });
    expect(claims?.v).toBe(2);
    expect(claims?.o).toBeUndefined();
  });

  it('touch with active_organization_id (id or slug) switches; the next token carries o, fea, pla as Clerk encodes them', async () => {
    const { fapi, sessionId } = await signedIn();
    const touch = await fapi.post(`/v1/client/sessions/${sessionId}/touch`, {
      active_organization_id: 'acme',
      intent: 'select_org',
    });
    expect(touch.status).toBe(200);
    expect(touch.body.response.last_active_organization_id).toBe(acme);
    // The touch answers with a token for the new organization (clerk-js serves it from its cache).
    expect(decodeJwt(touch.body.response.last_active_token.jwt).o).toMatchObject({ id: acme });
    const { claims } = await mint(fapi, sessionId, { organization_id: acme });
    expect(claims?.o).toEqual({ id: acme, slg: 'acme', rol: 'admin', per: 'read,create', fpm: '3,1' });
    expect(claims?.fea).toBe('o:invoices,o:members');
    expect(claims?.pla).toBe('o:pro');
    const auth = parse(claims as JwtPayload);
    expect(auth).toMatchObject({ orgId: acme, orgSlug: 'acme', orgRole: 'org:admin' });
    // System permissions are not in session tokens.
    expect(auth.orgPermissions).toEqual(['org:invoices:read', 'org:invoices:create', 'org:members:read']);
  });

  it('a mint without organization_id uses the session’s active organization; empty means the personal account', async () => {
    const { fapi, sessionId } = await signedIn();
    await fapi.post(`/v1/client/sessions/${sessionId}/touch`, { active_organization_id: globex });
    expect((await mint(fapi, sessionId)).claims?.o).toMatchObject({ id: globex, rol: 'member' });
    expect((await mint(fapi, sessionId, { organization_id: '' })).claims?.o).toBeUndefined();
    expect((await fapi.client()).body.response.sessions[0].last_active_organization_id).toBeNull();
    expect((await emulator.control.organizations()).activeOrganizations[sessionId]).toBeNull();
  });

  it('a mint’s organization_id is checked: another user’s organization is 403 not_a_member_in_organization, nothing changes', async () => {
    const { fapi, sessionId } = await signedIn();
    await fapi.post(`/v1/client/sessions/${sessionId}/touch`, { active_organization_id: acme });
    const { res } = await mint(fapi, sessionId, { organization_id: initech });
    expectClerkError(res, 403, 'not_a_member_in_organization');
    expectClerkError(
      await mint(fapi, sessionId, { organization_id: 'org_2nope' }).then((m) => m.res),
      403,
      'not_a_member_in_organization',
    );
    expect((await mint(fapi, sessionId)).claims?.o).toMatchObject({ id: acme });
  });

  it('touch to an organization the user is not in is 403 not_a_member_in_organization and keeps the active one', async () => {
    const { fapi, sessionId } = await signedIn();
    await fapi.post(`/v1/client/sessions/${sessionId}/touch`, { active_organization_id: globex });
    expectClerkError(
      await fapi.post(`/v1/client/sessions/${sessionId}/touch`, { active_organization_id: 'initech' }),
      403,
      'not_a_member_in_organization',
    );
    expect((await fapi.client()).body.response.sessions[0].last_active_organization_id).toBe(globex);
  });

  it('switched to v1: org_id, org_slug, org_role, org_permissions and no v; @clerk/shared reads the same organization', async () => {
    await emulator.control.setSessionTokenVersion(1);
    const { fapi, sessionId } = await signedIn();
    await fapi.post(`/v1/client/sessions/${sessionId}/touch`, { active_organization_id: acme });
    const { claims } = await mint(fapi, sessionId, { organization_id: acme });
    expect(claims?.v).toBeUndefined();
    expect(claims?.o).toBeUndefined();
    expect(claims).toMatchObject({ org_id: acme, org_slug: 'acme', org_role: 'org:admin' });
    expect(parse(claims as JwtPayload).orgPermissions).toEqual(['org:invoices:read', 'org:invoices:create', 'org:members:read']);
    expect((await emulator.control.organizations()).sessionTokenVersion).toBe(1);
    await emulator.control.reset();
    expect((await emulator.control.organizations()).sessionTokenVersion).toBe(2);
  });

  it('the control API refuses bad input', async () => {
    await expect(emulator.control.addMembership(acme, { userId: 'user_nope' })).rejects.toThrow(/400/);
    await expect(emulator.control.createOrganization({ name: 'Acme', slug: 'acme' })).rejects.toThrow(/400.*exists/);
    await expect(emulator.control.setSessionTokenVersion(3 as 2)).rejects.toThrow(/400/);
  });
});

describe('encodePermissions', () => {
  it('one decimal bitmask per feature, bit i = the i-th permission name; @clerk/shared decodes it back', () => {
    const permissions = Array.from({ length: 56 }, (_, i) => `org:f${i % 3}:p${i}`);
    const { features, per, fpm } = encodePermissions(permissions);
    const claims = {
      v: 2,
      sub: 'user_1',
      sid: 'sess_1',
      fea: features.map((f) => `o:${f}`).join(','),
      o: { id: 'org_1', per: per.join(','), fpm: fpm.join(',') },
    } as unknown as JwtPayload;
    expect(new Set(parse(claims).orgPermissions)).toEqual(new Set(permissions));
  });
});
