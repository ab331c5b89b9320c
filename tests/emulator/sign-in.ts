/**
 * Completing a password sign-in: the single-session rule, the new session record and its first
 * token. Shared by the FAPI sign-in routes (fapi.ts) and the control API's "another device"
 * (control.ts), so both obey the same rules.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { errors } from './http.ts';
import { mintSessionToken } from './minting.ts';
import { type ActivityInfo, type Client, type InstanceState, liveSessions, newId, type Session, type User } from './state.ts';
import type { Signer } from './tokens.ts';

/** `latest_activity` from the request's User-Agent (what `/v1/me/sessions/active` shows). */
export function activityFrom(headers: IncomingHttpHeaders): ActivityInfo {
  const ua = String(headers['user-agent'] ?? '');
  const chrome = /(?:HeadlessChrome|Chrome|Chromium)\/([\d.]+)/.exec(ua);
  const node = /node|undici/i.test(ua) || ua === '';
  return {
    id: newId('sess_activity'),
    browserName: chrome ? 'Chrome' : node ? 'Node' : 'Unknown',
    browserVersion: chrome?.[1] ?? '',
    deviceType: /Mobile/.test(ua) ? 'Mobile' : 'Desktop',
    isMobile: /Mobile/.test(ua),
    ipAddress: '127.0.0.1',
    city: 'Loopback',
    country: 'ZZ',
  };
}

/**
 * Single-session mode (Clerk's default): a sign-in that would complete on a client that already
 * has a live session is a 400 `session_exists` (FIELD-NOTES §6); nothing is replaced. Callers
 * check this before the password, as the refusal does not depend on it.
 */
export function assertMaySignIn(instance: InstanceState, client: Client): void {
  if (instance.settings.singleSessionMode && liveSessions(instance, client).length > 0) throw errors.sessionExists();
}

/**
 * Multi-session mode: the user is already signed in on this client → 400
 * `identifier_already_signed_in` with that session in `meta` (catalogue `AlreadySignedIn`; @clerk/ui
 * `SignInStart` switches to it). Single-session mode has its own rule (`assertMaySignIn`).
 */
export function assertNotSignedInHere(instance: InstanceState, client: Client, user: User): void {
  if (instance.settings.singleSessionMode) return;
  const existing = liveSessions(instance, client).find((s) => s.userId === user.id);
  if (existing) throw errors.identifierAlreadySignedIn(existing.id);
}

/** Creates the session on the client and mints its first token (sign-in is its first activity). */
export async function createSessionOnClient(
  instance: InstanceState,
  signer: Signer,
  client: Client,
  user: User,
  now: number,
  activity: ActivityInfo,
  origin?: string,
): Promise<Session> {
  assertMaySignIn(instance, client);
  const session: Session = {
    id: newId('sess'),
    clientId: client.id,
    userId: user.id,
    status: 'active',
    createdAt: now,
    updatedAt: now,
    lastActiveAt: now,
    signedInAt: now,
    firstFactorVerifiedAt: now,
    reverification: null,
    lastActiveToken: null,
    activity,
  };
  instance.sessions.set(session.id, session);
  client.sessionIds.push(session.id);
  client.lastActiveSessionId = session.id;
  client.lastAuthenticationStrategy = 'password';
  client.updatedAt = now;
  user.lastSignInAt = now;
  user.lastActiveAt = now;
  await mintSessionToken(instance, signer, session, now, origin);
  return session;
}
