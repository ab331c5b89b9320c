/**
 * An in-memory Clerk for the engine's own logic: a ClerkGateway over a mutable server state.
 * Not a model of Clerk's wire format (fapi-direct.test.ts and the emulator cover that); it does
 * follow the session model of FIELD-NOTES section 1:
 *   expire_at = min(created_at + maximum lifetime, last_active_at + inactivity timeout)
 *   abandon_at = last_active_at + 30 days; minting a token is activity.
 * Client reads go through the real parser (parseClientResponse) so the engine sees real records.
 */
import { FapiError } from '../../../lib/engine/fapi-errors';
import { parseClientResponse } from '../../../lib/engine/fapi-parse';
import type { ClerkGateway, OtherSession, Timed } from '../../../lib/engine/gateway';
import type { MintShape } from '../../../lib/engine/mint-request';
import { DAY, MIN, makeJwt } from './builders';

export interface FakeSession {
  id: string;
  status: string;
  userId: string;
  email: string;
  createdAt: number;
  lastActiveAt: number;
  lastToken: string | null;
  /** `last_active_organization_id` (null or absent: the personal account). */
  activeOrganizationId?: string | null;
}

export interface OtherDevice {
  id: string;
  label: string;
  status: 'active' | 'revoked';
}

type Method =
  | 'readClient'
  | 'readEnvironment'
  | 'mintToken'
  | 'removeAllSessions'
  | 'removeSession'
  | 'otherDeviceSessions'
  | 'revokeSession';

export interface Mint {
  sessionId: string;
  /** Server ms. */
  iat: number;
  exp: number;
  by: 'extension' | 'app' | 'read';
}

export class FakeClerk {
  /** Server clock minus local clock. */
  serverOffsetMs = 0;
  inactivityMs: number | null = 30 * MIN;
  maxLifetimeMs = 7 * DAY;
  tokenLifetimeSeconds = 60;
  multiSession = false;
  /** `auth_config.native_settings.api_enabled` (null: the environment does not say). */
  nativeApiEnabled: boolean | null = true;
  /** `auth_config.session_minter`: a mint must then carry the session's previous token (as the emulator checks). */
  sessionMinter: boolean | null = null;
  /** What each mint was sent with (the gateway's `shape`). */
  mintShapes: Array<MintShape | undefined> = [];
  /** Whether responses carry a `Date` header. */
  sendsDate = true;
  /** The cookie that identifies this browser's client is present. */
  hasIdentity = true;
  /** DELETE /v1/client/sessions answers OK but leaves these sessions active (to test the re-read). */
  removeLeavesActive: string[] = [];
  /** Called after DELETE /v1/client/sessions did its work (to break what follows). */
  afterRemove: (() => void) | null = null;
  sessions: FakeSession[] = [];
  currentId: string | null = null;
  otherDevices: OtherDevice[] = [];
  /** Per other-device session id: the error its revoke answers with. */
  revokeErrors = new Map<string, FapiError>();
  /** Other-device revokes that answer OK but leave the session active (to test the re-list). */
  revokeIgnored = new Set<string>();
  /** Undocumented server behaviours (FIELD-NOTES §6): a client read is activity / re-mints each token. */
  readsCountAsActivity = false;
  remintOnRead = false;
  counts: Record<Method, number> = {
    readClient: 0,
    readEnvironment: 0,
    mintToken: 0,
    removeAllSessions: 0,
    removeSession: 0,
    otherDeviceSessions: 0,
    revokeSession: 0,
  };
  mints: Mint[] = [];
  /** The options of every `mintToken` call, in order. */
  gatewaysCreated = 0;
  disposed = 0;
  private failures: Array<{ method: Method | '*'; error: FapiError; times: number }> = [];
  private gates: Array<{ method: Method; opened: Promise<void> }> = [];
  private jti = 0;

  constructor(readonly localNow: () => number) {}

  serverNow(): number {
    return this.localNow() + this.serverOffsetMs;
  }

  expireAt(s: FakeSession): number {
    const byMax = s.createdAt + this.maxLifetimeMs;
    return this.inactivityMs === null ? byMax : Math.min(byMax, s.lastActiveAt + this.inactivityMs);
  }

  /** The app signs a user in: a new session, current, with a token the app minted. */
  signIn(id = 'sess_1', userId = 'user_1', email = 'ada@example.com'): FakeSession {
    const now = this.serverNow();
    const session: FakeSession = { id, status: 'active', userId, email, createdAt: now, lastActiveAt: now, lastToken: null };
    if (!this.multiSession) for (const s of this.sessions) if (s.status === 'active') s.status = 'removed';
    this.sessions.push(session);
    this.currentId = id;
    this.mint(id, 'app');
    return session;
  }

  /** The app's own tab refreshes its token (activity). */
  appActivity(id = this.currentId ?? ''): string {
    return this.mint(id, 'app');
  }

  /** Every call of `method` (or '*': every call) fails with `error`, `times` times (Infinity until heal()). */
  fail(method: Method | '*', error: FapiError, times = 1): void {
    this.failures.push({ method, error, times });
  }

  heal(): void {
    this.failures = [];
  }

  /** The next call of `method` waits until the returned function is called. */
  hold(method: Method): () => void {
    let open = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    this.gates.push({ method, opened });
    return open;
  }

  session(id: string): FakeSession | undefined {
    return this.sessions.find((s) => s.id === id);
  }

  private refreshStatuses() {
    const now = this.serverNow();
    for (const s of this.sessions) if (s.status === 'active' && now >= this.expireAt(s)) s.status = 'expired';
    if (this.currentId && this.session(this.currentId)?.status !== 'active') this.currentId = null;
  }

  private mint(sessionId: string, by: Mint['by']): string {
    const session = this.session(sessionId);
    if (session?.status !== 'active') throw new FapiError('unauthorized', 'session not active', 401);
    const now = this.serverNow();
    const iat = Math.floor(now / 1000);
    const exp = iat + this.tokenLifetimeSeconds;
    this.jti += 1;
    const jwt = makeJwt({ iat, exp, nbf: iat - 10, sid: sessionId, sub: session.userId, jti: `jti_${this.jti}`, v: 2 });
    // A re-mint on read is not activity (unless reads count as activity, set by the reader).
    if (by !== 'read') session.lastActiveAt = now;
    session.lastToken = jwt;
    this.mints.push({ sessionId, iat: iat * 1000, exp: exp * 1000, by });
    return jwt;
  }

  private async enter(method: Method): Promise<void> {
    this.counts[method] += 1;
    const gate = this.gates.findIndex((g) => g.method === method);
    if (gate >= 0) {
      const [held] = this.gates.splice(gate, 1);
      await held?.opened;
    }
    const failure = this.failures.find((f) => f.method === method || f.method === '*');
    if (failure) {
      failure.times -= 1;
      if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      throw failure.error;
    }
    if (!this.hasIdentity && method !== 'readEnvironment') throw new FapiError('no-identity', 'No Clerk client for this app.');
  }

  private timed<T>(value: T): Timed<T> {
    const server = this.serverNow();
    return {
      value,
      localMidpoint: this.localNow(),
      latencyMs: 0,
      serverDateMs: this.sendsDate ? Math.floor(server / 1000) * 1000 : null,
    };
  }

  /** The JSON `GET /v1/client` would answer. */
  clientJson() {
    this.refreshStatuses();
    return {
      response: {
        object: 'client',
        id: 'client_1',
        last_active_session_id: this.currentId,
        sessions: this.sessions.map((s) => ({
          object: 'session',
          id: s.id,
          status: s.status,
          created_at: s.createdAt,
          updated_at: s.lastActiveAt,
          last_active_at: s.lastActiveAt,
          expire_at: this.expireAt(s),
          abandon_at: s.lastActiveAt + 30 * DAY,
          last_active_token: s.lastToken ? { object: 'token', jwt: s.lastToken } : null,
          last_active_organization_id: s.activeOrganizationId ?? null,
          user: {
            id: s.userId,
            first_name: 'Ada',
            email_addresses: [{ id: 'e1', email_address: s.email }],
            primary_email_address_id: 'e1',
          },
        })),
      },
    };
  }

  gateway(): ClerkGateway {
    this.gatewaysCreated += 1;
    return {
      readClient: async () => {
        await this.enter('readClient');
        this.refreshStatuses();
        for (const s of this.sessions.filter((x) => x.status === 'active')) {
          if (this.remintOnRead) this.mint(s.id, 'read');
          if (this.readsCountAsActivity) s.lastActiveAt = this.serverNow();
        }
        return this.timed(parseClientResponse(this.clientJson()));
      },
      readEnvironment: async () => {
        await this.enter('readEnvironment');
        return this.timed({
          multiSession: this.multiSession,
          nativeApiEnabled: this.nativeApiEnabled,
          sessionMinter: this.sessionMinter,
        });
      },
      mintToken: async (sessionId, shape) => {
        await this.enter('mintToken');
        this.mintShapes.push(shape);
        this.refreshStatuses();
        // Clerk makes a mint's organization the session's active one (clerk-js always sends it).
        const minting = this.sessions.find((s) => s.id === sessionId);
        if (minting && shape?.organizationId !== undefined) minting.activeOrganizationId = shape.organizationId;
        const previous = this.sessions.find((s) => s.id === sessionId)?.lastToken;
        if (this.sessionMinter && previous && shape?.previousToken !== previous) {
          throw new FapiError('http', 'Clerk answered 422: token must be included.', 422, undefined, 'form_param_missing');
        }
        return this.timed(this.mint(sessionId, 'extension'));
      },
      removeAllSessions: async () => {
        await this.enter('removeAllSessions');
        for (const s of this.sessions) if (s.status === 'active' && !this.removeLeavesActive.includes(s.id)) s.status = 'removed';
        this.refreshStatuses();
        this.afterRemove?.();
      },
      removeSession: async (sessionId) => {
        await this.enter('removeSession');
        const session = this.sessions.find((s) => s.id === sessionId);
        if (session?.status === 'active') session.status = 'removed';
        this.refreshStatuses();
      },
      otherDeviceSessions: async (_current, thisClient): Promise<OtherSession[]> => {
        await this.enter('otherDeviceSessions');
        return this.otherDevices
          .filter((d) => d.status === 'active' && !thisClient.includes(d.id))
          .map(({ id, label }) => ({ id, label }));
      },
      revokeSession: async (_current, sessionId) => {
        await this.enter('revokeSession');
        const error = this.revokeErrors.get(sessionId);
        if (error) throw error;
        const device = this.otherDevices.find((d) => d.id === sessionId);
        if (device && !this.revokeIgnored.has(sessionId)) device.status = 'revoked';
      },
      dispose: () => {
        this.disposed += 1;
      },
    };
  }
}
