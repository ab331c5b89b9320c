/**
 * The typed Node client for the control API (`/__emulator/…`) and the JSON shapes it speaks. The
 * routes that answer it are in control.ts; this half imports no server code, so tests, the demo
 * and the bench can use it against any running emulator.
 */
import type { InstanceRules } from './rules.ts';
import type { SessionSettings, SessionStatus } from './session-model.ts';
import type { InstanceType } from './state.ts';
import type { Fault, FaultSpec, RequestLogEntry } from './traffic.ts';

export const CONTROL_PREFIX = '/__emulator';

export interface EmulatorInfo {
  port: number;
  controlUrl: string;
  hosts: Record<InstanceType, string>;
  publishableKeys: Record<InstanceType, string>;
}

/**
 * Settings as the control API reads and writes them, per instance: the session lifetimes
 * (session-model.ts; ms, `null` = off, never both off) and the rules (rules.ts). `PATCH` takes any
 * subset; unknown fields are a 400.
 */
export type ControlSettings = SessionSettings & InstanceRules;

export interface CreateUserInput {
  email: string;
  password: string;
  firstName?: string | null;
  lastName?: string | null;
  username?: string | null;
  imageUrl?: string;
  customClaims?: Record<string, unknown>;
  publicMetadata?: Record<string, unknown>;
}

export interface UserSummary {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  customClaims: Record<string, unknown>;
}

export interface SessionSummary {
  id: string;
  clientId: string;
  userId: string;
  status: SessionStatus;
  createdAt: number;
  updatedAt: number;
  lastActiveAt: number;
  expireAt: number;
  abandonAt: number;
  /** `iat` (ms) of the last minted session token, or null. */
  lastTokenIat: number | null;
  /** When the first factor was last verified (sign-in or reverification), server ms. */
  firstFactorVerifiedAt: number;
}

export interface ClientSummary {
  id: string;
  label: string;
  lastActiveSessionId: string | null;
  createdAt: number;
  sessions: SessionSummary[];
}

export interface OtherDeviceSignIn {
  clientId: string;
  sessionId: string;
  userId: string;
  /** The device's identity: a dev browser token (development) or a client JWT (production). */
  identity: string;
}

export interface OrganizationsSummary {
  /** Session token format the instance issues: 2 (default) or the deprecated 1. */
  sessionTokenVersion: 1 | 2;
  organizations: Array<{ id: string; name: string; slug: string; plan: string | null; createdAt: number; updatedAt: number }>;
  memberships: Array<{
    id: string;
    organizationId: string;
    userId: string;
    role: string;
    permissions: string[];
    createdAt: number;
    updatedAt: number;
  }>;
  /** Session id → its active organization id (null: the personal account). */
  activeOrganizations: Record<string, string | null>;
}

export interface TemplateInput {
  name: string;
  lifetimeMs?: number;
  claims?: Record<string, unknown>;
}

export interface RequestFilter {
  since?: number;
  instance?: InstanceType;
  path?: string;
  method?: string;
  source?: 'extension' | 'page' | 'node';
}

type FetchLike = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<{
  status: number;
  json(): Promise<unknown>;
}>;

/** Typed Node client for the control API. `instance` defaults to development on every call. */
export class ControlClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: FetchLike,
  ) {}

  async #call<T>(method: string, path: string, body?: unknown, query: Record<string, string | undefined> = {}): Promise<T> {
    const url = new URL(`${CONTROL_PREFIX}${path}`, this.baseUrl);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const res = await this.fetchImpl(url.toString(), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return undefined as T;
    const json = await res.json();
    if (res.status >= 400) throw new Error(`control ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  }

  info(): Promise<EmulatorInfo> {
    return this.#call('GET', '/info');
  }
  /**
   * Forgets users, clients, sessions, templates, faults and the request log; every setting goes
   * back to its default (the strict rules on, the token faults and undocumented behaviours off).
   */
  reset(): Promise<{ reset: true }> {
    return this.#call('POST', '/reset');
  }
  getSettings(instance: InstanceType = 'development'): Promise<ControlSettings> {
    return this.#call('GET', '/settings', undefined, { instance });
  }
  setSettings(settings: Partial<ControlSettings>, instance: InstanceType = 'development'): Promise<ControlSettings> {
    return this.#call('PATCH', '/settings', settings, { instance });
  }
  /**
   * Clerk's Backend API `PATCH /v1/instance` (what `clerkClient.instances.update()` sends): the
   * set-up step of a fresh instance. `allowed_origins` replaces the whole list; `http(s)` entries
   * are a 422 `form_invalid_origin`.
   */
  updateInstance(body: { allowed_origins?: string[] }, instance: InstanceType = 'development'): Promise<void> {
    return this.#call('PATCH', '/v1/instance', body, { instance });
  }
  createUser(input: CreateUserInput, instance: InstanceType = 'development'): Promise<UserSummary> {
    return this.#call('POST', '/users', input, { instance });
  }
  listUsers(instance: InstanceType = 'development'): Promise<UserSummary[]> {
    return this.#call('GET', '/users', undefined, { instance });
  }
  updateUser(
    id: string,
    patch: { customClaims?: Record<string, unknown>; password?: string },
    instance: InstanceType = 'development',
  ): Promise<UserSummary> {
    return this.#call('PATCH', `/users/${encodeURIComponent(id)}`, patch, { instance });
  }
  /** Signs a user in on a new client ("another device"). */
  signInOtherDevice(
    user: { email: string } | { userId: string },
    instance: InstanceType = 'development',
  ): Promise<OtherDeviceSignIn> {
    return this.#call('POST', '/sign-in', user, { instance });
  }
  listClients(instance: InstanceType = 'development'): Promise<ClientSummary[]> {
    return this.#call('GET', '/clients', undefined, { instance });
  }
  listSessions(instance: InstanceType = 'development'): Promise<SessionSummary[]> {
    return this.#call('GET', '/sessions', undefined, { instance });
  }
  getSession(id: string): Promise<SessionSummary> {
    return this.#call('GET', `/sessions/${encodeURIComponent(id)}`);
  }
  expireSession(id: string): Promise<SessionSummary> {
    return this.#call('POST', `/sessions/${encodeURIComponent(id)}/expire`);
  }
  revokeSession(id: string): Promise<SessionSummary> {
    return this.#call('POST', `/sessions/${encodeURIComponent(id)}/revoke`);
  }
  /**
   * Makes the session's first-factor verification `minutes` old (server clock), as if that much
   * time had passed since the sign-in or the last reverification. A revoke needs it under 10.
   */
  setVerificationAge(id: string, minutes: number): Promise<SessionSummary> {
    return this.#call('POST', `/sessions/${encodeURIComponent(id)}/verification-age`, { minutes });
  }
  setTemplate(template: TemplateInput, instance: InstanceType = 'development'): Promise<Required<TemplateInput>> {
    return this.#call('POST', '/templates', template, { instance });
  }
  /** An organization (`plan`: its billing plan, `pla: o:<plan>` in v2 tokens). */
  createOrganization(
    input: { name: string; slug?: string; plan?: string },
    instance: InstanceType = 'development',
  ): Promise<OrganizationsSummary['organizations'][number]> {
    return this.#call('POST', '/organizations', input, { instance });
  }
  /** A membership: `role` `org:<role>`, `permissions` `org:<feature>:<permission>`. */
  addMembership(
    organizationId: string,
    input: { userId: string; role?: string; permissions?: string[] },
    instance: InstanceType = 'development',
  ): Promise<OrganizationsSummary['memberships'][number]> {
    return this.#call('POST', `/organizations/${encodeURIComponent(organizationId)}/memberships`, input, { instance });
  }
  organizations(instance: InstanceType = 'development'): Promise<OrganizationsSummary> {
    return this.#call('GET', '/organizations', undefined, { instance });
  }
  /** Session token format: 2 (Clerk's since 2025-04-14, the default) or the deprecated 1. */
  setSessionTokenVersion(version: 1 | 2, instance: InstanceType = 'development'): Promise<OrganizationsSummary> {
    return this.#call('PATCH', '/organization-settings', { sessionTokenVersion: version }, { instance });
  }
  addFault(spec: FaultSpec): Promise<Fault> {
    return this.#call('POST', '/faults', spec);
  }
  listFaults(): Promise<Fault[]> {
    return this.#call('GET', '/faults');
  }
  removeFault(id: string): Promise<unknown> {
    return this.#call('DELETE', `/faults/${encodeURIComponent(id)}`);
  }
  clearFaults(): Promise<unknown> {
    return this.#call('DELETE', '/faults');
  }
  requests(filter: RequestFilter = {}): Promise<RequestLogEntry[]> {
    const { since, ...rest } = filter;
    return this.#call('GET', '/requests', undefined, { ...rest, since: since === undefined ? undefined : String(since) });
  }
  clearRequests(): Promise<unknown> {
    return this.#call('DELETE', '/requests');
  }
}
