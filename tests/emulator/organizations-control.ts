/**
 * The control API's organization routes (`/__emulator/organizations…`, JSON): create
 * organizations and memberships, read them with each session's active organization, and switch
 * the instance's session token format between v2 (the default, as Clerk issues since 2025-04-14)
 * and the deprecated v1. The FAPI behaviour is organizations.ts's.
 */

import type { ControlContext } from './control.ts';
import { CONTROL_PREFIX, type OrganizationsSummary } from './control-client.ts';
import { type Body, FapiError, type RouteResult, route } from './http.ts';
import { addMembership, createOrganization, organizationState } from './organizations.ts';

function bad(message: string): FapiError {
  return new FapiError(400, 'control_bad_request', message, message);
}

function text(body: Body, key: string, required: boolean): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw bad(`${key} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value === '') throw bad(`${key} must be a non-empty string`);
  return value;
}

function attempt<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof FapiError) throw error;
    throw bad((error as Error).message);
  }
}

const ok = (body: unknown): RouteResult => ({ body });

function summary(ctx: ControlContext): OrganizationsSummary {
  const state = organizationState(ctx.instance);
  return {
    sessionTokenVersion: state.sessionTokenVersion,
    organizations: [...state.organizations.values()],
    memberships: [...state.memberships.values()],
    activeOrganizations: Object.fromEntries(state.active),
  };
}

export const organizationControlRoutes = [
  route<ControlContext>('GET', `${CONTROL_PREFIX}/organizations`, (ctx) => ok(summary(ctx))),
  route<ControlContext>('POST', `${CONTROL_PREFIX}/organizations`, (ctx) => {
    const now = Date.now() + ctx.instance.settings.clockOffsetMs;
    const name = text(ctx.body, 'name', true) ?? '';
    const plan = text(ctx.body, 'plan', false) ?? null;
    return ok(attempt(() => createOrganization(ctx.instance, { name, slug: text(ctx.body, 'slug', false), plan }, now)));
  }),
  route<ControlContext>('POST', `${CONTROL_PREFIX}/organizations/:id/memberships`, (ctx, [id]) => {
    const now = Date.now() + ctx.instance.settings.clockOffsetMs;
    const userId = text(ctx.body, 'userId', true) ?? '';
    if (!ctx.instance.users.has(userId)) throw bad(`unknown user ${userId}`);
    const permissions = ctx.body.permissions ?? [];
    if (!Array.isArray(permissions) || !permissions.every((p) => typeof p === 'string' && /^(org:)?[^:]+:[^:]+$/.test(p))) {
      throw bad('permissions must be an array of org:<feature>:<permission>');
    }
    const role = text(ctx.body, 'role', false) ?? 'org:member';
    return ok(attempt(() => addMembership(ctx.instance, { organizationId: id ?? '', userId, role, permissions }, now)));
  }),
  route<ControlContext>('PATCH', `${CONTROL_PREFIX}/organization-settings`, (ctx) => {
    const version = ctx.body.sessionTokenVersion;
    if (version !== 1 && version !== 2) throw bad('sessionTokenVersion must be 1 or 2');
    organizationState(ctx.instance).sessionTokenVersion = version;
    return ok(summary(ctx));
  }),
];
