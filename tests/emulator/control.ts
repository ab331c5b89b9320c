/**
 * The control API (`/__emulator/…`, JSON in and out, on any emulated host or the loopback URL):
 * what tests and the demo use to arrange state the Frontend API cannot — users, other devices,
 * lifetimes, rules, clock skew, faults — and to read the request log. Never served to clerk-js.
 * The routes here and the typed `ControlClient` (control-client.ts) are the two halves of one
 * protocol; this module re-exports the client half.
 */
import {
  type ClientSummary,
  CONTROL_PREFIX,
  type EmulatorInfo,
  type OtherDeviceSignIn,
  type SessionSummary,
  type UserSummary,
} from './control-client.ts';
import { type Body, errors, FapiError, type RouteResult, route } from './http.ts';
import { updateInstance } from './instance-api.ts';
import { resetOrganizations } from './organizations.ts';
import { organizationControlRoutes } from './organizations-control.ts';
import { abandonAt, expireAt, forceExpire, terminate } from './session-model.ts';
import { applySettings, settingsOf } from './settings.ts';
import { createSessionOnClient } from './sign-in.ts';
import {
  createClient,
  type InstanceState,
  type InstanceType,
  newId,
  refreshLastActiveSession,
  resetInstanceState,
  type User,
} from './state.ts';
import type { Signer } from './tokens.ts';
import type { FaultSpec, FaultTable, RequestLog } from './traffic.ts';

export * from './control-client.ts';

export interface ControlContext {
  instances: Record<InstanceType, InstanceState>;
  /** The instance a request addresses: `?instance=`, else the Host, else development. */
  instance: InstanceState;
  signer: Signer;
  faults: FaultTable;
  log: RequestLog;
  body: Body;
  query: URLSearchParams;
  /** Binds a new dev browser token to a client (development "other device"). */
  issueDevBrowser(instance: InstanceState, clientId: string): string;
  /** Signs a production client JWT for a client (production "other device"). */
  issueClientJwt(instance: InstanceState, clientId: string): Promise<string>;
  info(): EmulatorInfo;
}

function summarizeSession(instance: InstanceState, id: string): SessionSummary | null {
  const s = instance.sessions.get(id);
  if (!s) return null;
  return {
    id: s.id,
    clientId: s.clientId,
    userId: s.userId,
    status: s.status,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    lastActiveAt: s.lastActiveAt,
    expireAt: expireAt(s, instance.settings),
    abandonAt: abandonAt(s),
    lastTokenIat: s.lastActiveToken?.iatMs ?? null,
    firstFactorVerifiedAt: s.firstFactorVerifiedAt,
  };
}

function summarizeUser(user: User): UserSummary {
  return { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName, customClaims: user.customClaims };
}

function bad(message: string): FapiError {
  return new FapiError(400, 'control_bad_request', message, message);
}

function numberOr(body: Body, key: string, check: (n: number) => boolean): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) throw bad(`${key} must be a valid number`);
  return value;
}

function objectOr(body: Body, key: string): Record<string, unknown> | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad(`${key} must be an object`);
  return value as Record<string, unknown>;
}

function stringOr(body: Body, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw bad(`${key} must be a string`);
  return value;
}

function findSession(ctx: ControlContext, id: string) {
  for (const instance of Object.values(ctx.instances)) {
    const session = instance.sessions.get(id);
    if (session) return { instance, session };
  }
  throw errors.notFound('Session');
}

const ok = (body: unknown): RouteResult => ({ body });

export const controlRoutes = [
  route<ControlContext>('GET', `${CONTROL_PREFIX}/info`, (ctx) => ok(ctx.info())),

  route<ControlContext>('POST', `${CONTROL_PREFIX}/reset`, (ctx) => {
    for (const instance of Object.values(ctx.instances)) {
      resetInstanceState(instance);
      resetOrganizations(instance);
    }
    ctx.faults.clear();
    ctx.log.clear();
    return ok({ reset: true });
  }),

  route<ControlContext>('GET', `${CONTROL_PREFIX}/settings`, (ctx) => ok(settingsOf(ctx.instance))),
  route<ControlContext>('PATCH', `${CONTROL_PREFIX}/settings`, (ctx) => {
    applySettings(ctx.instance, ctx.body);
    return ok(settingsOf(ctx.instance));
  }),

  // Clerk's Backend API `PATCH /v1/instance` (instance-api.ts): how a developer sets up an instance.
  route<ControlContext>('PATCH', `${CONTROL_PREFIX}/v1/instance`, (ctx) => {
    updateInstance(ctx.instance, ctx.body);
    return { status: 204, body: null };
  }),

  route<ControlContext>('GET', `${CONTROL_PREFIX}/users`, (ctx) => ok([...ctx.instance.users.values()].map(summarizeUser))),
  route<ControlContext>('POST', `${CONTROL_PREFIX}/users`, (ctx) => {
    const email = stringOr(ctx.body, 'email');
    const password = stringOr(ctx.body, 'password');
    if (!email?.includes('@')) throw bad('email is required');
    if (!password) throw bad('password is required');
    for (const u of ctx.instance.users.values()) if (u.email.toLowerCase() === email.toLowerCase()) throw bad(`${email} exists`);
    const t = Date.now() + ctx.instance.settings.clockOffsetMs;
    const imageUrl = stringOr(ctx.body, 'imageUrl');
    const user: User = {
      id: newId('user'),
      emailId: newId('idn'),
      email,
      password,
      firstName: stringOr(ctx.body, 'firstName') ?? null,
      lastName: stringOr(ctx.body, 'lastName') ?? null,
      username: stringOr(ctx.body, 'username') ?? null,
      imageUrl: imageUrl ?? 'https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9',
      hasImage: imageUrl !== undefined,
      customClaims: objectOr(ctx.body, 'customClaims') ?? {},
      publicMetadata: objectOr(ctx.body, 'publicMetadata') ?? {},
      createdAt: t,
      updatedAt: t,
      lastSignInAt: null,
      lastActiveAt: null,
    };
    ctx.instance.users.set(user.id, user);
    return ok(summarizeUser(user));
  }),
  route<ControlContext>('PATCH', `${CONTROL_PREFIX}/users/:id`, (ctx, [id]) => {
    const user = ctx.instance.users.get(id ?? '');
    if (!user) throw errors.notFound('User');
    const claims = objectOr(ctx.body, 'customClaims');
    if (claims) user.customClaims = claims;
    const password = stringOr(ctx.body, 'password');
    if (password) user.password = password;
    return ok(summarizeUser(user));
  }),

  // "Another device": a new client with a signed-in session for the user.
  route<ControlContext>('POST', `${CONTROL_PREFIX}/sign-in`, async (ctx) => {
    const instance = ctx.instance;
    const userId = stringOr(ctx.body, 'userId');
    const email = stringOr(ctx.body, 'email');
    const user = userId
      ? instance.users.get(userId)
      : [...instance.users.values()].find((u) => u.email.toLowerCase() === email?.toLowerCase());
    if (!user) throw errors.notFound('User');
    const t = Date.now() + instance.settings.clockOffsetMs;
    const client = createClient(instance, 'other device (control API)');
    const session = await createSessionOnClient(instance, ctx.signer, client, user, t, {
      id: newId('sess_activity'),
      browserName: stringOr(ctx.body, 'browserName') ?? 'Firefox',
      browserVersion: '140.0',
      deviceType: 'Desktop',
      isMobile: false,
      ipAddress: '127.0.0.2',
      city: 'Elsewhere',
      country: 'ZZ',
    });
    const identity =
      instance.type === 'development' ? ctx.issueDevBrowser(instance, client.id) : await ctx.issueClientJwt(instance, client.id);
    const result: OtherDeviceSignIn = { clientId: client.id, sessionId: session.id, userId: user.id, identity };
    return ok(result);
  }),

  route<ControlContext>('GET', `${CONTROL_PREFIX}/clients`, (ctx) => {
    const instance = ctx.instance;
    const clients: ClientSummary[] = [...instance.clients.values()].map((c) => ({
      id: c.id,
      label: c.label,
      lastActiveSessionId: c.lastActiveSessionId,
      createdAt: c.createdAt,
      sessions: [...instance.sessions.values()]
        .filter((s) => s.clientId === c.id)
        .map((s) => summarizeSession(instance, s.id))
        .filter((s): s is SessionSummary => s !== null),
    }));
    return ok(clients);
  }),
  route<ControlContext>('GET', `${CONTROL_PREFIX}/sessions`, (ctx) =>
    ok([...ctx.instance.sessions.keys()].map((id) => summarizeSession(ctx.instance, id))),
  ),
  route<ControlContext>('GET', `${CONTROL_PREFIX}/sessions/:id`, (ctx, [id]) => {
    const { instance } = findSession(ctx, id ?? '');
    return ok(summarizeSession(instance, id ?? ''));
  }),
  route<ControlContext>('POST', `${CONTROL_PREFIX}/sessions/:id/expire`, (ctx, [id]) => {
    const { instance, session } = findSession(ctx, id ?? '');
    forceExpire(session, Date.now() + instance.settings.clockOffsetMs);
    const client = instance.clients.get(session.clientId);
    if (client) refreshLastActiveSession(instance, client);
    return ok(summarizeSession(instance, session.id));
  }),
  route<ControlContext>('POST', `${CONTROL_PREFIX}/sessions/:id/revoke`, (ctx, [id]) => {
    const { instance, session } = findSession(ctx, id ?? '');
    terminate(session, 'revoked', instance.settings, Date.now() + instance.settings.clockOffsetMs);
    const client = instance.clients.get(session.clientId);
    if (client) refreshLastActiveSession(instance, client);
    return ok(summarizeSession(instance, session.id));
  }),

  // Ages the session's first-factor verification (reverification.ts) instead of waiting for it.
  route<ControlContext>('POST', `${CONTROL_PREFIX}/sessions/:id/verification-age`, (ctx, [id]) => {
    const { instance, session } = findSession(ctx, id ?? '');
    const minutes = numberOr(ctx.body, 'minutes', (n) => n >= 0);
    if (minutes === undefined) throw bad('minutes is required');
    session.firstFactorVerifiedAt = Date.now() + instance.settings.clockOffsetMs - minutes * 60_000;
    return ok(summarizeSession(instance, session.id));
  }),

  route<ControlContext>('POST', `${CONTROL_PREFIX}/templates`, (ctx) => {
    const name = stringOr(ctx.body, 'name');
    if (!name || !/^[A-Za-z0-9_-]+$/.test(name)) throw bad('name is required (letters, digits, - and _)');
    const lifetimeMs = numberOr(ctx.body, 'lifetimeMs', (n) => n >= 1000) ?? 60_000;
    const template = { name, lifetimeMs, claims: objectOr(ctx.body, 'claims') ?? {} };
    ctx.instance.templates.set(name, template);
    return ok(template);
  }),

  route<ControlContext>('GET', `${CONTROL_PREFIX}/faults`, (ctx) => ok(ctx.faults.list())),
  route<ControlContext>('POST', `${CONTROL_PREFIX}/faults`, (ctx) => {
    const b = ctx.body;
    const path = stringOr(b, 'path');
    if (!path) throw bad('path is required');
    const spec: FaultSpec = { path };
    const method = stringOr(b, 'method');
    if (method) spec.method = method.toUpperCase();
    const instance = stringOr(b, 'instance');
    if (instance) {
      if (instance !== 'development' && instance !== 'production') throw bad('instance must be development or production');
      spec.instance = instance;
    }
    const status = numberOr(b, 'status', (n) => Number.isInteger(n) && n >= 100 && n <= 599);
    if (status !== undefined) spec.status = status;
    const retryAfter = numberOr(b, 'retryAfter', (n) => n >= 0);
    if (retryAfter !== undefined) spec.retryAfter = retryAfter;
    const latencyMs = numberOr(b, 'latencyMs', (n) => n >= 0 && n <= 120_000);
    if (latencyMs !== undefined) spec.latencyMs = latencyMs;
    const times = numberOr(b, 'times', (n) => Number.isInteger(n) && n > 0);
    if (times !== undefined) spec.times = times;
    if (b.drop !== undefined) spec.drop = b.drop === true;
    if (b.malformed !== undefined) spec.malformed = b.malformed === true;
    try {
      return ok(ctx.faults.add(spec));
    } catch (e) {
      throw bad(`path is not a valid pattern: ${(e as Error).message}`);
    }
  }),
  route<ControlContext>('DELETE', `${CONTROL_PREFIX}/faults`, (ctx) => {
    ctx.faults.clear();
    return ok({ cleared: true });
  }),
  route<ControlContext>('DELETE', `${CONTROL_PREFIX}/faults/:id`, (ctx, [id]) => {
    if (!ctx.faults.remove(id ?? '')) throw errors.notFound('Fault');
    return ok({ removed: id });
  }),

  route<ControlContext>('GET', `${CONTROL_PREFIX}/requests`, (ctx) => {
    const q = ctx.query;
    const since = q.get('since');
    return ok(
      ctx.log.list({
        sinceSeq: since ? Number(since) : undefined,
        instance: q.get('instance') ?? undefined,
        path: q.get('path') ?? undefined,
        method: q.get('method') ?? undefined,
        source: q.get('source') ?? undefined,
      }),
    );
  }),
  route<ControlContext>('DELETE', `${CONTROL_PREFIX}/requests`, (ctx) => {
    ctx.log.clear();
    return ok({ cleared: true });
  }),
  ...organizationControlRoutes,
];
