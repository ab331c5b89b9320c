/**
 * The engine's view of Clerk: the few calls it makes, behind an interface so unit tests can
 * run the engine against a fake, and so two implementations can coexist:
 * - DirectGateway (fapi-direct.ts): plain `fetch` to the Frontend API, one request per call.
 * - SdkGateway (sdk-gateway.ts): the real @clerk/chrome-extension client.
 */
import type { ClientState } from './fapi-parse';

export interface Timed<T> {
  value: T;
  /** Local ms halfway between sending and the answer: the best local time for `serverDateMs`. */
  localMidpoint: number;
  latencyMs: number;
  /** The `Date` header in ms (one-second resolution), if the server sent one. */
  serverDateMs: number | null;
}

export interface OtherSession {
  id: string;
  /** Where Clerk says it is, for the sign-out report. */
  label: string;
}

export interface ClerkGateway {
  /** `GET /v1/client`: no token, no touch. Throws FapiError('no-identity') when the app has no client here. */
  readClient(): Promise<Timed<ClientState>>;
  /** `GET /v1/environment`: whether the instance allows several sessions. */
  readMultiSession(): Promise<boolean | null>;
  /** Mints a session token (this counts as activity). Returns the raw JWT. */
  mintToken(sessionId: string): Promise<Timed<string>>;
  /** Ends every session of this browser's client (`DELETE /v1/client/sessions`). */
  removeAllSessions(): Promise<void>;
  /** The user's active sessions on other clients (`GET /v1/me/sessions/active`). */
  otherDeviceSessions(currentSessionId: string, thisClientSessionIds: string[]): Promise<OtherSession[]>;
  /** `POST /v1/me/sessions/{id}/revoke`. A 403 means Clerk wants the user to re-verify. */
  revokeSession(currentSessionId: string, sessionId: string): Promise<void>;
  dispose(): void;
}
