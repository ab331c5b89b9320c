/**
 * The Frontend API routes the emulator serves: what clerk-js needs to load, sign in with a
 * password, refresh tokens, and sign out (FIELD-NOTES §3 for the shapes). Each handler gets a
 * request context whose client identity server.ts already resolved; handlers never touch sockets.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type Body, errors, FapiError, type RouteResult, requiredString, route, stringField } from './http.ts';
import { checkExpiredTokenRequirement, mintSessionToken, mintTemplateToken } from './minting.ts';
import { applyOrganizationParam } from './organizations.ts';
import { activeSessionJson, clientJson, environmentJson, sessionJson, signInJson, userJson } from './resources.ts';
import { assertRecentVerification, parseLevel, reverificationJson, reverificationMissing } from './reverification.ts';
import { checkMinterBody } from './session-minter.ts';
import { evaluateExpiry, LIVE_STATUSES, recordActivity, terminate } from './session-model.ts';
import { activityFrom, assertMaySignIn, assertNotSignedInHere, createSessionOnClient } from './sign-in.ts';
import {
  type Client,
  createClient,
  findUserByIdentifier,
  type InstanceState,
  liveSessions,
  newId,
  refreshLastActiveSession,
  type Session,
  type SignIn,
  type User,
} from './state.ts';
import type { Signer } from './tokens.ts';

export interface FapiContext {
  instance: InstanceState;
  signer: Signer;
  method: string;
  path: string;
  query: URLSearchParams;
  body: Body;
  headers: IncomingHttpHeaders;
  /** Server time of this request (ms). */
  now: number;
  /** The client this request's identity points at (null: none yet or unknown). */
  clientId: string | null;
  /** Binds the request's identity (dev browser, client JWT, cookie) to a client. */
  bindClient(clientId: string | null): void;
  /** Development only: creates a dev browser and makes it this request's identity. */
  createDevBrowser(): string;
  /** Production: the client's next client JWT is a new one (Clerk rotates `__client` on sign-in). */
  rotateClientToken(clientId: string): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function currentClient(ctx: FapiContext): Client | null {
  return ctx.clientId ? (ctx.instance.clients.get(ctx.clientId) ?? null) : null;
}

function ensureClient(ctx: FapiContext): Client {
  const existing = currentClient(ctx);
  if (existing) return existing;
  const client = createClient(ctx.instance, ctx.instance.type === 'development' ? 'dev browser' : 'client jwt');
  ctx.bindClient(client.id);
  return client;
}

function requireClient(ctx: FapiContext): Client {
  const client = currentClient(ctx);
  if (!client) throw errors.signedOut();
  return client;
}

function clientOf(ctx: FapiContext): Record<string, unknown> | null {
  return ctx.clientId ? clientJson(ctx.instance, ctx.clientId, ctx.now) : null;
}

/** `{ response, client }`: the mutation envelope clerk-js expects. */
function wrapped(ctx: FapiContext, response: unknown): RouteResult {
  return { body: { response, client: clientOf(ctx) } };
}

function clientSession(ctx: FapiContext, sessionId: string): { client: Client; session: Session } {
  const client = requireClient(ctx);
  const session = ctx.instance.sessions.get(sessionId);
  if (!session || session.clientId !== client.id) throw errors.notFound('Session');
  return { client, session };
}

function requireLive(session: Session): void {
  if (!LIVE_STATUSES.has(session.status)) {
    throw new FapiError(401, 'signed_out', 'Signed out', `This session is ${session.status}. Sign in again.`, {
      session_id: session.id,
    });
  }
}

function userOf(ctx: FapiContext, session: Session): User {
  const user = ctx.instance.users.get(session.userId);
  if (!user) throw errors.notFound('User');
  return user;
}

/**
 * `azp` is the request's `Origin`, whatever its scheme: a page's origin, or
 * `chrome-extension://<id>` for a mint from an extension (which is why a backend that an
 * extension calls lists that origin in `authorizedParties`). No Origin (a server): tokens.ts uses
 * the Frontend API URL.
 */
function azp(ctx: FapiContext): string | undefined {
  return ctx.headers.origin || undefined;
}

async function completeSignIn(ctx: FapiContext, client: Client, signIn: SignIn, user: User): Promise<void> {
  const session = await createSessionOnClient(
    ctx.instance,
    ctx.signer,
    client,
    user,
    ctx.now,
    activityFrom(ctx.headers),
    azp(ctx),
  );
  ctx.rotateClientToken(client.id);
  signIn.status = 'complete';
  signIn.firstFactorVerified = true;
  signIn.createdSessionId = session.id;
  client.signInId = null;
}

function checkPassword(ctx: FapiContext, user: User): void {
  const password = stringField(ctx.body, 'password');
  if (password === undefined || password === '') throw errors.paramMissing('password');
  if (password !== user.password) throw errors.passwordIncorrect();
}

/** The session `/v1/me` acts for: `_clerk_session_id` if live on this client, else the last active one. */
function currentSession(ctx: FapiContext): { client: Client; session: Session; user: User } {
  const client = requireClient(ctx);
  const wanted = ctx.query.get('_clerk_session_id') ?? client.lastActiveSessionId;
  const session = wanted ? ctx.instance.sessions.get(wanted) : undefined;
  if (!session || session.clientId !== client.id || !LIVE_STATUSES.has(session.status)) throw errors.signedOut();
  return { client, session, user: userOf(ctx, session) };
}

/**
 * Ends every session of a client (sign-out of the client, or the client itself deleted). The
 * records stay on the client; which statuses `client.sessions` lists is resources.ts's call.
 */
function terminateAllSessions(ctx: FapiContext, client: Client, status: 'ended' | 'removed'): void {
  for (const id of client.sessionIds) {
    const session = ctx.instance.sessions.get(id);
    if (session) terminate(session, status, ctx.instance.settings, ctx.now);
  }
  client.signInId = null;
  client.lastActiveSessionId = null;
  client.updatedAt = ctx.now;
}

/**
 * The two undocumented read behaviours (rules.ts), both off by default: a client read as
 * activity for each live session, and a fresh `last_active_token` per live session on every read.
 */
async function applyReadBehaviours(ctx: FapiContext, client: Client): Promise<void> {
  const live = liveSessions(ctx.instance, client);
  if (ctx.instance.rules.readsCountAsActivity) for (const session of live) recordActivity(session, ctx.now);
  if (ctx.instance.rules.remintOnRead) {
    for (const session of live) await mintSessionToken(ctx.instance, ctx.signer, session, ctx.now, azp(ctx));
  }
}

export const fapiRoutes = [
  route<FapiContext>('GET', '/.well-known/jwks.json', (ctx) => ({ body: ctx.signer.jwks })),
  route<FapiContext>('GET', '/v1/jwks', (ctx) => ({ body: ctx.signer.jwks })),
  route<FapiContext>('GET', '/v1/environment', (ctx) => ({ body: environmentJson(ctx.instance) })),
  // clerk-js development instances PATCH the environment with the page origin on load.
  route<FapiContext>('PATCH', '/v1/environment', (ctx) => ({ body: environmentJson(ctx.instance) })),

  route<FapiContext>('POST', '/v1/dev_browser', (ctx) => {
    if (ctx.instance.type !== 'development') {
      throw new FapiError(400, 'host_invalid', 'The hostname is invalid.', 'Dev browsers exist only on development instances.');
    }
    const id = ctx.createDevBrowser();
    return { body: { object: 'dev_browser', id } };
  }),

  route<FapiContext>('GET', '/v1/client', async (ctx) => {
    const client = currentClient(ctx);
    if (client) await applyReadBehaviours(ctx, client);
    return { body: { response: clientOf(ctx), client: null } };
  }),
  route<FapiContext>('PUT', '/v1/client', (ctx) => {
    ensureClient(ctx);
    return { body: { response: clientOf(ctx), client: null } };
  }),
  route<FapiContext>('POST', '/v1/client', (ctx) => {
    ensureClient(ctx);
    return { body: { response: clientOf(ctx), client: null } };
  }),
  route<FapiContext>('DELETE', '/v1/client', (ctx) => {
    const client = currentClient(ctx);
    if (!client) throw errors.notFound('Client');
    terminateAllSessions(ctx, client, 'ended');
    const body = { response: clientJson(ctx.instance, client.id, ctx.now), client: null };
    ctx.instance.clients.delete(client.id);
    ctx.bindClient(null);
    return { body };
  }),

  // clerk.signOut(): removes every session of this client.
  route<FapiContext>('DELETE', '/v1/client/sessions', (ctx) => {
    const client = requireClient(ctx);
    terminateAllSessions(ctx, client, 'removed');
    return { body: { response: clientOf(ctx), client: null } };
  }),

  route<FapiContext>('POST', '/v1/client/sign_ins', async (ctx) => {
    const identifier = requiredString(ctx.body, 'identifier');
    const strategy = stringField(ctx.body, 'strategy');
    if (strategy !== undefined && strategy !== 'password') {
      throw errors.paramInvalid('strategy', `The emulator supports only the password strategy, not ${strategy}.`);
    }
    const existing = currentClient(ctx);
    if (strategy === 'password' && existing) assertMaySignIn(ctx.instance, existing);
    const user = findUserByIdentifier(ctx.instance, identifier);
    if (!user) throw errors.identifierNotFound();
    if (existing) assertNotSignedInHere(ctx.instance, existing, user);
    if (strategy === 'password') checkPassword(ctx, user);
    const client = ensureClient(ctx);
    const signIn: SignIn = {
      id: newId('sia'),
      userId: user.id,
      identifier,
      status: 'needs_first_factor',
      createdSessionId: null,
      firstFactorVerified: false,
      createdAt: ctx.now,
      abandonAt: ctx.now + DAY_MS,
    };
    ctx.instance.signIns.set(signIn.id, signIn);
    client.signInId = signIn.id;
    client.updatedAt = ctx.now;
    if (strategy === 'password') await completeSignIn(ctx, client, signIn, user);
    return wrapped(ctx, signInJson(ctx.instance, signIn));
  }),
  route<FapiContext>('GET', '/v1/client/sign_ins/:id', (ctx, [id]) => {
    const client = requireClient(ctx);
    const signIn = ctx.instance.signIns.get(id ?? '');
    if (!signIn || (client.signInId !== signIn.id && !client.sessionIds.includes(signIn.createdSessionId ?? ''))) {
      throw errors.notFound('Sign in');
    }
    return wrapped(ctx, signInJson(ctx.instance, signIn));
  }),
  route<FapiContext>('POST', '/v1/client/sign_ins/:id/attempt_first_factor', async (ctx, [id]) => {
    const client = requireClient(ctx);
    const signIn = ctx.instance.signIns.get(id ?? '');
    if (!signIn || client.signInId !== signIn.id) throw errors.notFound('Sign in');
    const strategy = requiredString(ctx.body, 'strategy');
    if (strategy !== 'password')
      throw errors.paramInvalid('strategy', `The emulator supports only the password strategy, not ${strategy}.`);
    const user = ctx.instance.users.get(signIn.userId);
    if (!user) throw errors.notFound('User');
    assertMaySignIn(ctx.instance, client);
    assertNotSignedInHere(ctx.instance, client, user);
    checkPassword(ctx, user);
    await completeSignIn(ctx, client, signIn, user);
    return wrapped(ctx, signInJson(ctx.instance, signIn));
  }),

  route<FapiContext>('GET', '/v1/client/sessions/:id', (ctx, [id]) => {
    const { session } = clientSession(ctx, id ?? '');
    return wrapped(ctx, sessionJson(ctx.instance, session, ctx.now));
  }),
  route<FapiContext>('POST', '/v1/client/sessions/:id/touch', async (ctx, [id]) => {
    const { client, session } = clientSession(ctx, id ?? '');
    requireLive(session);
    // clerk-js setActive({ organization }): `active_organization_id`; a switch answers with a
    // token for the new organization (organizations.ts).
    const switched = applyOrganizationParam(ctx.instance, session, ctx.body, 'active_organization_id');
    recordActivity(session, ctx.now);
    if (switched) await mintSessionToken(ctx.instance, ctx.signer, session, ctx.now, azp(ctx));
    client.lastActiveSessionId = session.id;
    client.updatedAt = ctx.now;
    return wrapped(ctx, sessionJson(ctx.instance, session, ctx.now));
  }),
  // clerk-js sends `organization_id` (maybe empty: the personal account; checked and applied in
  // organizations.ts), `tab_state`, and with a session minter also `token` and `force_origin`. On a
  // minter instance the previous token in the body is checked (session-minter.ts), and it meets
  // `missing_expired_token`.
  route<FapiContext>('POST', '/v1/client/sessions/:id/tokens', async (ctx, [id]) => {
    const { session } = clientSession(ctx, id ?? '');
    requireLive(session);
    const previousInBody = await checkMinterBody(ctx.instance, ctx.signer, session, ctx.body);
    if (!previousInBody) await checkExpiredTokenRequirement(ctx.instance, ctx.signer, session, ctx.query);
    applyOrganizationParam(ctx.instance, session, ctx.body, 'organization_id');
    recordActivity(session, ctx.now);
    const jwt = await mintSessionToken(ctx.instance, ctx.signer, session, ctx.now, azp(ctx));
    return { body: { object: 'token', jwt } };
  }),
  route<FapiContext>('POST', '/v1/client/sessions/:id/tokens/:template', async (ctx, [id, name]) => {
    const { session } = clientSession(ctx, id ?? '');
    const template = ctx.instance.templates.get(name ?? '');
    if (!template) throw new FapiError(404, 'resource_not_found', 'not found', `JWT template ${name} not found`);
    requireLive(session);
    await checkExpiredTokenRequirement(ctx.instance, ctx.signer, session, ctx.query);
    recordActivity(session, ctx.now);
    return {
      body: { object: 'token', jwt: await mintTemplateToken(ctx.instance, ctx.signer, template, session, ctx.now, azp(ctx)) },
    };
  }),
  route<FapiContext>('POST', '/v1/client/sessions/:id/end', (ctx, [id]) => {
    const { client, session } = clientSession(ctx, id ?? '');
    terminate(session, 'ended', ctx.instance.settings, ctx.now);
    refreshLastActiveSession(ctx.instance, client);
    client.updatedAt = ctx.now;
    return wrapped(ctx, sessionJson(ctx.instance, session, ctx.now));
  }),
  route<FapiContext>('POST', '/v1/client/sessions/:id/remove', (ctx, [id]) => {
    const { client, session } = clientSession(ctx, id ?? '');
    terminate(session, 'removed', ctx.instance.settings, ctx.now);
    refreshLastActiveSession(ctx.instance, client);
    client.updatedAt = ctx.now;
    return wrapped(ctx, sessionJson(ctx.instance, session, ctx.now));
  }),

  // Reverification (reverification.ts): clerk-js `session.startVerification({ level })`, then
  // `session.attemptFirstFactorVerification({ strategy: 'password', password })`.
  route<FapiContext>('POST', '/v1/client/sessions/:id/verify', (ctx, [id]) => {
    const { session } = clientSession(ctx, id ?? '');
    requireLive(session);
    session.reverification = { level: parseLevel(ctx.body.level), status: 'needs_first_factor' };
    return wrapped(ctx, reverificationJson(session.reverification, sessionJson(ctx.instance, session, ctx.now)));
  }),
  route<FapiContext>('POST', '/v1/client/sessions/:id/verify/attempt_first_factor', (ctx, [id]) => {
    const { session } = clientSession(ctx, id ?? '');
    requireLive(session);
    const reverification = session.reverification;
    if (!reverification) throw reverificationMissing();
    const strategy = requiredString(ctx.body, 'strategy');
    if (strategy !== 'password')
      throw errors.paramInvalid('strategy', `The emulator supports only the password strategy, not ${strategy}.`);
    checkPassword(ctx, userOf(ctx, session));
    reverification.status = 'complete';
    session.firstFactorVerifiedAt = ctx.now;
    session.updatedAt = ctx.now;
    return wrapped(ctx, reverificationJson(reverification, sessionJson(ctx.instance, session, ctx.now)));
  }),

  route<FapiContext>('GET', '/v1/me', (ctx) => {
    const { user } = currentSession(ctx);
    return wrapped(ctx, userJson(user, ctx.instance));
  }),
  // Live sessions of the signed-in user on every client ("devices"), with latest_activity.
  route<FapiContext>('GET', '/v1/me/sessions/active', (ctx) => {
    const { user } = currentSession(ctx);
    const sessions = [...ctx.instance.sessions.values()].filter((s) => s.userId === user.id && LIVE_STATUSES.has(s.status));
    return { body: sessions.map((s) => activeSessionJson(ctx.instance, s)) };
  }),
  route<FapiContext>('POST', '/v1/me/sessions/:id/revoke', (ctx, [id]) => {
    const { session: current, user } = currentSession(ctx);
    const target = ctx.instance.sessions.get(id ?? '');
    if (!target || target.userId !== user.id) throw errors.notFound('Session');
    if (ctx.instance.rules.requireReverificationForRevoke) assertRecentVerification(current, ctx.now);
    if (target.id === current.id) throw errors.revokeCurrentSession();
    evaluateExpiry(target, ctx.instance.settings, ctx.now);
    terminate(target, 'revoked', ctx.instance.settings, ctx.now);
    const owner = ctx.instance.clients.get(target.clientId);
    if (owner) {
      refreshLastActiveSession(ctx.instance, owner);
      owner.updatedAt = ctx.now;
    }
    return wrapped(ctx, sessionJson(ctx.instance, target, ctx.now));
  }),
];
