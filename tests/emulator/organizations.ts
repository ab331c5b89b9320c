/**
 * Organizations of an emulated instance: organizations, memberships (role and permissions), each
 * session's active organization, and what they put into session tokens, v2 (`o`, `fea`, `pla`)
 * or v1 (`org_*`). The FAPI side of Clerk's rules lives here too, so fapi.ts only calls in:
 *
 * - `POST /v1/client/sessions/{id}/touch` with `active_organization_id` (an id or a slug; empty =
 *   the personal account) makes it the session's active organization; clerk-js
 *   `setActive({ organization })` sends it with `intent=select_org`. A touch that switches answers
 *   with a `last_active_token` minted for the new organization: clerk-js caches that token under
 *   the new organization and its `getToken()` right after serves it without a mint (seen with
 *   clerk-js 6.40 in tests/e2e/organizations.e2e.ts: with the old token, the app's `__session`
 *   keeps the previous organization). An organization
 *   the user is not a member of is a 403 `not_a_member_in_organization` (the code Clerk's iOS and
 *   Android SDK tests expect for a refused `setActive`; the message is the emulator's own), and
 *   nothing changes.
 * - `POST …/tokens` with `organization_id` (FAPI spec, createSessionToken): "The user must be a
 *   member of the organization. If present but empty, the personal account will be set as
 *   active. If absent, the previous active organization for the session will be used." clerk-js
 *   6.40 always sends it (empty when no organization is active). A non-member is the same 403.
 *   The emulator reads "set as active" as: the mint's organization becomes the session's active
 *   one (what the next token and `last_active_organization_id` show).
 *
 * State is kept beside the instance (a WeakMap), so the instance's own shape stays as it was;
 * `resetOrganizations` is called by the control API's reset. System permissions
 * (`org:sys_*`) are not in tokens (Clerk's roles-and-permissions docs).
 */
import { type Body, FapiError } from './http.ts';
import { type InstanceState, newId, type Session } from './state.ts';

export interface Organization {
  id: string;
  name: string;
  slug: string;
  /** Billing plan of the organization, as `pla: o:<plan>` in v2 tokens; null = none. */
  plan: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Membership {
  id: string;
  organizationId: string;
  userId: string;
  /** `org:<role>`, as Clerk names roles. */
  role: string;
  /** `org:<feature>:<permission>` entries. */
  permissions: string[];
  createdAt: number;
  updatedAt: number;
}

interface OrganizationState {
  organizations: Map<string, Organization>;
  memberships: Map<string, Membership>;
  /** Session token format: 2 (Clerk's default since 2025-04-14) or the deprecated 1. */
  sessionTokenVersion: 1 | 2;
  /** Each session's active organization (null = personal account; sessions start there). */
  active: Map<string, string | null>;
}

const STATES = new WeakMap<InstanceState, OrganizationState>();

export function organizationState(instance: InstanceState): OrganizationState {
  let state = STATES.get(instance);
  if (!state) {
    state = { organizations: new Map(), memberships: new Map(), sessionTokenVersion: 2, active: new Map() };
    STATES.set(instance, state);
  }
  return state;
}

export function resetOrganizations(instance: InstanceState): void {
  STATES.delete(instance);
}

export function hasOrganizations(instance: InstanceState): boolean {
  return (STATES.get(instance)?.organizations.size ?? 0) > 0;
}

export function activeOrganizationId(instance: InstanceState, session: Session): string | null {
  return STATES.get(instance)?.active.get(session.id) ?? null;
}

export function notAMember(): FapiError {
  return new FapiError(
    403,
    'not_a_member_in_organization',
    'not a member of the organization',
    'The signed-in user is not a member of this organization, so it cannot be made active.',
  );
}

export function createOrganization(
  instance: InstanceState,
  input: { name: string; slug?: string; plan?: string | null },
  now: number,
): Organization {
  const slug = input.slug ?? input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const state = organizationState(instance);
  for (const org of state.organizations.values()) if (org.slug === slug) throw new Error(`slug ${slug} exists`);
  const org: Organization = {
    id: newId('org'),
    name: input.name,
    slug,
    plan: input.plan ?? null,
    createdAt: now,
    updatedAt: now,
  };
  state.organizations.set(org.id, org);
  return org;
}

export function addMembership(
  instance: InstanceState,
  input: { organizationId: string; userId: string; role: string; permissions: string[] },
  now: number,
): Membership {
  const state = organizationState(instance);
  if (!state.organizations.has(input.organizationId)) throw new Error('unknown organization');
  for (const m of state.memberships.values()) {
    if (m.organizationId === input.organizationId && m.userId === input.userId) throw new Error('already a member');
  }
  const membership: Membership = {
    id: newId('orgmem'),
    organizationId: input.organizationId,
    userId: input.userId,
    role: input.role.replace(/^(org:)*/, 'org:'),
    permissions: input.permissions.map((p) => p.replace(/^(org:)*/, 'org:')),
    createdAt: now,
    updatedAt: now,
  };
  state.memberships.set(membership.id, membership);
  return membership;
}

function membershipsOf(instance: InstanceState, userId: string): Membership[] {
  return [...(STATES.get(instance)?.memberships.values() ?? [])].filter((m) => m.userId === userId);
}

/** The user's membership in the organization named by id or slug, else null. */
function membershipFor(instance: InstanceState, userId: string, idOrSlug: string): Membership | null {
  const orgs = STATES.get(instance)?.organizations;
  for (const m of membershipsOf(instance, userId)) {
    const org = orgs?.get(m.organizationId);
    if (org && (org.id === idOrSlug || org.slug === idOrSlug)) return m;
  }
  return null;
}

/**
 * A request's organization parameter (`active_organization_id` on touch, `organization_id` on a
 * mint): absent = unchanged; empty = personal account; else it must be one of the user's
 * organizations (403 otherwise, nothing changed). Applied to the session's active organization;
 * true when that changed.
 */
export function applyOrganizationParam(instance: InstanceState, session: Session, body: Body, param: string): boolean {
  if (!(param in body)) return false;
  const before = activeOrganizationId(instance, session);
  const value = body[param];
  let next: string | null = null;
  if (value !== null && value !== '') {
    if (typeof value !== 'string')
      throw new FapiError(422, 'form_param_format_invalid', 'is invalid', `${param} must be a string.`);
    const membership = membershipFor(instance, session.userId, value);
    if (!membership) throw notAMember();
    next = membership.organizationId;
  }
  organizationState(instance).active.set(session.id, next);
  return next !== before;
}

/**
 * v2 `o.per` and `o.fpm`: the distinct permission names, and per feature a decimal bitmask
 * (bit i = the i-th permission name), the encoding `@clerk/shared`'s JWT payload parser reads.
 */
export function encodePermissions(permissions: string[]): { features: string[]; per: string[]; fpm: string[] } {
  const features: string[] = [];
  const per: string[] = [];
  const pairs: Array<[string, string]> = [];
  for (const permission of permissions) {
    const match = /^org:([^:]+):([^:]+)$/.exec(permission);
    if (!match?.[1] || !match[2] || match[1].startsWith('sys_')) continue;
    if (!features.includes(match[1])) features.push(match[1]);
    if (!per.includes(match[2])) per.push(match[2]);
    pairs.push([match[1], match[2]]);
  }
  const fpm = features.map((feature) =>
    pairs
      .filter(([f]) => f === feature)
      .reduce((mask, [, p]) => mask | (1n << BigInt(per.indexOf(p))), 0n)
      .toString(),
  );
  return { features, per, fpm };
}

/**
 * Adds the active organization to a session token's claims, in the instance's token format:
 * v2 `o: { id, slg, rol, per, fpm }` with `fea` (the organization's features, `o:` scope) and
 * `pla`; v1 `org_id`, `org_slug`, `org_role`, `org_permissions` and no `v`.
 */
export function addOrganizationClaims(instance: InstanceState, session: Session, claims: Record<string, unknown>): void {
  const state = STATES.get(instance);
  if (state?.sessionTokenVersion === 1) delete claims.v;
  const orgId = state?.active.get(session.id);
  const org = orgId ? state?.organizations.get(orgId) : undefined;
  const membership = org ? membershipFor(instance, session.userId, org.id) : null;
  if (!state || !org || !membership) return;
  const systemFree = membership.permissions.filter((p) => !p.startsWith('org:sys_'));
  if (state.sessionTokenVersion === 1) {
    Object.assign(claims, { org_id: org.id, org_slug: org.slug, org_role: membership.role, org_permissions: systemFree });
    return;
  }
  const { features, per, fpm } = encodePermissions(systemFree);
  claims.o = {
    id: org.id,
    slg: org.slug,
    rol: membership.role.replace(/^org:/, ''),
    ...(per.length ? { per: per.join(','), fpm: fpm.join(',') } : {}),
  };
  if (features.length) claims.fea = features.map((f) => `o:${f}`).join(',');
  if (org.plan) claims.pla = `o:${org.plan}`;
}

/** `organization_memberships` of a user JSON (Client.OrganizationMembership in Clerk's spec). */
export function membershipsJson(instance: InstanceState, userId: string): Record<string, unknown>[] {
  const state = STATES.get(instance);
  if (!state) return [];
  return membershipsOf(instance, userId).flatMap((m) => {
    const org = state.organizations.get(m.organizationId);
    if (!org) return [];
    const members = [...state.memberships.values()].filter((x) => x.organizationId === org.id).length;
    return [
      {
        id: m.id,
        object: 'organization_membership',
        public_metadata: {},
        role: m.role,
        role_name: m.role.replace(/^org:/, '').replace(/^./, (c) => c.toUpperCase()),
        permissions: m.permissions,
        created_at: m.createdAt,
        updated_at: m.updatedAt,
        organization: {
          id: org.id,
          object: 'organization',
          name: org.name,
          slug: org.slug,
          image_url: 'https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9',
          has_image: false,
          members_count: members,
          pending_invitations_count: 0,
          max_allowed_memberships: 5,
          admin_delete_enabled: true,
          public_metadata: {},
          created_at: org.createdAt,
          updated_at: org.updatedAt,
        },
      },
    ];
  });
}
