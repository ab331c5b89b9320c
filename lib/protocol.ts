/**
 * The messaging protocol between the extension's pages and the service worker: one entry per
 * message, request and response types side by side, so both ends are type-checked.
 */
import type { Mode } from './apps';
import type { SessionSnapshot } from './snapshot';
import { isTrafficFinding } from './traffic/finding-message';
import type { TrafficFinding } from './traffic/findings';

export type SignOutScope = 'this-browser' | 'all-devices';

export interface SignOutItem {
  sessionId: string;
  userLabel: string;
  where: 'this-browser' | 'other-device';
}

export interface SignOutReport {
  appId: string;
  scope: SignOutScope;
  /** Local ms. */
  at: number;
  /**
   * `running` while it goes on (persisted step by step); `interrupted` when the worker stopped in
   * the middle and the next one re-read what Clerk ended; `done` when it finished;
   * `awaiting-reverification` when Clerk refused to revoke other devices until the user
   * re-verifies (403 `session_reverification_required`): this browser is then left signed in,
   * because the re-verification happens in its session and the retry revokes with it.
   */
  status: 'running' | 'done' | 'interrupted' | 'awaiting-reverification';
  /** Set on a sign-out that resumed one awaiting reverification: the `at` of that one. */
  resumedFrom?: number;
  ended: SignOutItem[];
  failed: Array<SignOutItem & { reason: string }>;
  /** Sessions Clerk refused to revoke until the user re-verifies in the app (403). */
  needsReverification: SignOutItem[];
}

export interface ProtocolMap {
  /** The latest snapshot for an app (the popup normally reads storage directly). */
  getState: { request: { appId: string }; response: SessionSnapshot | null };
  /** Refresh now; joins a refresh already running for that app. */
  refreshNow: { request: { appId: string }; response: SessionSnapshot | null };
  setMode: { request: { appId: string; mode: Mode }; response: SessionSnapshot | null };
  selectApp: { request: { appId: string }; response: null };
  signOutAll: { request: { appId: string; scope: SignOutScope }; response: SignOutReport };
  /** Signs one session of this browser's client out (its row in the session list); answers the re-read snapshot. */
  removeSession: { request: { appId: string; sessionId: string }; response: SessionSnapshot | null };
  openSyncHost: { request: { appId: string }; response: null };
  /**
   * The raw current token, for the popup's explicit copy action only. Never stored.
   * `expiredAgoMs` > 0 when the only token there is has already expired (server clock).
   */
  copyToken: { request: { appId: string }; response: { token: string | null; expiredAgoMs: number | null } };
  /** Re-read the app list after the options page changed it (new permissions, new apps). */
  appsChanged: { request: Record<string, never>; response: null };
  /**
   * The DevTools panel's newest traffic finding (null: none any more), kept by the worker in
   * `storage.session` for the popup, the side panel and the doctor. Names and reasons only.
   */
  trafficFinding: { request: { finding: TrafficFinding | null }; response: null };
}

export type MessageType = keyof ProtocolMap;

export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  payload: ProtocolMap[K]['request'];
}

export type Reply<K extends MessageType> = { ok: true; value: ProtocolMap[K]['response'] } | { ok: false; error: string };

export type Handlers = { [K in MessageType]: (payload: ProtocolMap[K]['request']) => Promise<ProtocolMap[K]['response']> };

export const MESSAGE_TYPES: readonly MessageType[] = [
  'getState',
  'refreshNow',
  'setMode',
  'selectApp',
  'signOutAll',
  'removeSession',
  'openSyncHost',
  'copyToken',
  'appsChanged',
  'trafficFinding',
];

export function isEnvelope(value: unknown): value is Envelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    MESSAGE_TYPES.includes((value as Envelope).type) &&
    typeof (value as Envelope).payload === 'object'
  );
}

const MODES: readonly string[] = ['keep-alive', 'observe'] satisfies Mode[];
const SCOPES: readonly string[] = ['this-browser', 'all-devices'] satisfies SignOutScope[];

/** The app a message is about; null for a message that names none (appsChanged, trafficFinding). */
export function payloadAppId(envelope: Envelope): string | null {
  return envelope.type === 'appsChanged' || envelope.type === 'trafficFinding'
    ? null
    : (envelope.payload as { appId: string }).appId;
}

/**
 * What is wrong with a payload, or null. Checked at the boundary, before any handler: the
 * engine stores some of these fields (`setMode` wrote any string as the mode).
 */
export function payloadProblem(envelope: Envelope): string | null {
  const payload = envelope.payload as Record<string, unknown> | null;
  if (payload === null || Array.isArray(payload)) return 'The message has no payload.';
  if (envelope.type === 'appsChanged') return null;
  if (envelope.type === 'trafficFinding')
    return payload.finding === null || isTrafficFinding(payload.finding) ? null : 'Not a traffic finding.';
  const { appId } = payload;
  if (typeof appId !== 'string' || appId === '' || appId.length > 100) return 'The message names no app.';
  if (envelope.type === 'setMode' && !MODES.includes(payload.mode as string)) return 'Unknown mode.';
  if (envelope.type === 'signOutAll' && !SCOPES.includes(payload.scope as string)) return 'Unknown sign-out scope.';
  if (envelope.type === 'removeSession' && (typeof payload.sessionId !== 'string' || !/^sess_\w{1,100}$/.test(payload.sessionId)))
    return 'The message names no session.';
  return null;
}
