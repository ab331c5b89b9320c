/**
 * The engine's view of Clerk: the few calls it makes, behind an interface so unit tests can
 * run the engine against a fake, and so two implementations can coexist:
 * - DirectGateway (fapi-direct.ts): plain `fetch` to the Frontend API, one request per call.
 * - SdkGateway (sdk-gateway.ts): the real @clerk/chrome-extension client, for keep-alive mints.
 * Every error a gateway throws is a FapiError whose message has had identities and tokens
 * stripped (fapi-errors.ts), so nothing secret can reach a snapshot, the history or the screen.
 */
import type { ClientState } from './fapi-parse';
import type { MintShape } from './mint-request';

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

/** What `GET /v1/environment` says about the instance (null = not in the answer). */
export interface EnvironmentFacts {
  /** `!auth_config.single_session_mode`. */
  multiSession: boolean | null;
  /** `auth_config.native_settings.api_enabled`: production extensions need it on. */
  nativeApiEnabled: boolean | null;
  /** `auth_config.session_minter`: clerk-js then sends the previous token with each mint. */
  sessionMinter: boolean | null;
}

export interface ClerkGateway {
  /** `GET /v1/client`: no token, no touch. Throws FapiError('no-identity') when the app has no client here. */
  readClient(): Promise<Timed<ClientState>>;
  /** `GET /v1/environment`, sent without any identity (and without `_is_native`): it works even when native requests are refused. */
  readEnvironment(): Promise<Timed<EnvironmentFacts>>;
  /**
   * Mints a session token (this counts as activity). Returns the raw JWT. `shape` is what the
   * request carries besides the session (mint-request.ts): the Session Minter's previous token,
   * and the session's active organization from the latest read (`last_active_organization_id`;
   * null = the personal account). clerk-js sends `organization_id` with every mint, from its own
   * memory, and Clerk makes a mint's organization the active one; the SDK in the worker loaded
   * before the app's last `setActive({ organization })`, so it is told, or it would switch the
   * user back.
   */
  mintToken(sessionId: string, shape?: MintShape): Promise<Timed<string>>;
  /** Ends every session of this browser's client (`DELETE /v1/client/sessions`). */
  removeAllSessions(): Promise<void>;
  /** Ends one session of this browser's client (`POST /v1/client/sessions/{id}/remove`, clerk-js `signOut({ sessionId })`). */
  removeSession(sessionId: string): Promise<void>;
  /** The user's active sessions on other clients (`GET /v1/me/sessions/active`). */
  otherDeviceSessions(currentSessionId: string, thisClientSessionIds: string[]): Promise<OtherSession[]>;
  /** `POST /v1/me/sessions/{id}/revoke`. A 403 means Clerk wants the user to re-verify. */
  revokeSession(currentSessionId: string, sessionId: string): Promise<void>;
  dispose(): void;
}
