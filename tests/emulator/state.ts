/**
 * In-memory state of one emulated Clerk instance: users, clients (browser/device identities),
 * sessions, sign-in attempts, dev browsers and JWT templates. Plain data and small lookups; the
 * lifetime rules live in session-model.ts, the JSON shapes in resources.ts.
 */
import { randomBytes } from 'node:crypto';
import { defaultRules, type InstanceRules } from './rules.ts';
import { DEFAULT_SESSION_SETTINGS, evaluateExpiry, type SessionSettings, type SessionTimes, serverNow } from './session-model.ts';

export type InstanceType = 'development' | 'production';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Clerk-style ids: a prefix and 27 base62 characters (`sess_2x…`). */
export function newId(prefix: string): string {
  const bytes = randomBytes(27);
  let out = '2';
  for (let i = 1; i < 27; i++) out += ID_ALPHABET[(bytes[i] ?? 0) % 62];
  return `${prefix}_${out}`;
}

export interface User {
  id: string;
  emailId: string;
  email: string;
  password: string;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  imageUrl: string;
  hasImage: boolean;
  /** Extra claims merged into every session token of this user. */
  customClaims: Record<string, unknown>;
  publicMetadata: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  lastSignInAt: number | null;
  lastActiveAt: number | null;
}

/** Where a session was signed in from, shown as `latest_activity` in /v1/me/sessions/active. */
export interface ActivityInfo {
  id: string;
  browserName: string;
  browserVersion: string;
  deviceType: string;
  isMobile: boolean;
  ipAddress: string;
  city: string;
  country: string;
}

export interface Session extends SessionTimes {
  id: string;
  clientId: string;
  userId: string;
  signedInAt: number;
  /** When the first factor was last verified: sign-in, a reverification, or the control API's aging. */
  firstFactorVerifiedAt: number;
  /** An open reverification (reverification.ts), or null. */
  reverification: import('./reverification.ts').Reverification | null;
  /** The most recently minted session token (JWT) and its `iat` (ms); see resources.ts. */
  lastActiveToken: { jwt: string; iatMs: number } | null;
  activity: ActivityInfo;
}

export interface SignIn {
  id: string;
  userId: string;
  identifier: string;
  status: 'needs_first_factor' | 'complete';
  createdSessionId: string | null;
  firstFactorVerified: boolean;
  createdAt: number;
  abandonAt: number;
}

export interface Client {
  id: string;
  /** Session ids in creation order. */
  sessionIds: string[];
  signInId: string | null;
  lastActiveSessionId: string | null;
  lastAuthenticationStrategy: string | null;
  createdAt: number;
  updatedAt: number;
  /** Which identity carries this client: a dev browser (development) or a client JWT (production). */
  label: string;
}

export interface JwtTemplate {
  name: string;
  lifetimeMs: number;
  claims: Record<string, unknown>;
}

export interface InstanceState {
  type: InstanceType;
  host: string;
  settings: SessionSettings;
  /** Strict-like-Clerk rules, undocumented behaviours and token faults (rules.ts). */
  rules: InstanceRules;
  users: Map<string, User>;
  clients: Map<string, Client>;
  sessions: Map<string, Session>;
  signIns: Map<string, SignIn>;
  /** Development only: dev browser token → client id (null until a client exists). */
  devBrowsers: Map<string, string | null>;
  templates: Map<string, JwtTemplate>;
}

export function createInstanceState(type: InstanceType, host: string): InstanceState {
  return {
    type,
    host,
    settings: { ...DEFAULT_SESSION_SETTINGS },
    rules: defaultRules(),
    users: new Map(),
    clients: new Map(),
    sessions: new Map(),
    signIns: new Map(),
    devBrowsers: new Map(),
    templates: new Map(),
  };
}

/** Forget everything; settings and rules back to their (strict) defaults (control API reset). */
export function resetInstanceState(state: InstanceState): void {
  state.settings = { ...DEFAULT_SESSION_SETTINGS };
  state.rules = defaultRules();
  state.users.clear();
  state.clients.clear();
  state.sessions.clear();
  state.signIns.clear();
  state.devBrowsers.clear();
  state.templates.clear();
}

export function now(state: InstanceState): number {
  return serverNow(state.settings);
}

/** Applies expiry to every live session (called at the start of every request). */
export function evaluateAllSessions(state: InstanceState, at: number = now(state)): void {
  for (const session of state.sessions.values()) evaluateExpiry(session, state.settings, at);
}

export function createClient(state: InstanceState, label: string): Client {
  const t = now(state);
  const client: Client = {
    id: newId('client'),
    sessionIds: [],
    signInId: null,
    lastActiveSessionId: null,
    lastAuthenticationStrategy: null,
    createdAt: t,
    updatedAt: t,
    label,
  };
  state.clients.set(client.id, client);
  return client;
}

export function findUserByIdentifier(state: InstanceState, identifier: string): User | undefined {
  const wanted = identifier.trim().toLowerCase();
  for (const user of state.users.values()) {
    if (user.email.toLowerCase() === wanted || (user.username && user.username.toLowerCase() === wanted)) return user;
  }
  return undefined;
}

export function clientSessions(state: InstanceState, client: Client): Session[] {
  return client.sessionIds.map((id) => state.sessions.get(id)).filter((s): s is Session => s !== undefined);
}

/** The client's live (`active` or `pending`) sessions, oldest first. */
export function liveSessions(state: InstanceState, client: Client): Session[] {
  return clientSessions(state, client).filter((s) => s.status === 'active' || s.status === 'pending');
}

/** After a session left the live set: point `last_active_session_id` at the newest live session. */
export function refreshLastActiveSession(state: InstanceState, client: Client): void {
  const current = client.lastActiveSessionId ? state.sessions.get(client.lastActiveSessionId) : undefined;
  if (current && (current.status === 'active' || current.status === 'pending')) return;
  client.lastActiveSessionId = liveSessions(state, client).at(-1)?.id ?? null;
}
