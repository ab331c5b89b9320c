/**
 * A tiny FAPI client for Node tests that speaks the wire protocol as clerk-js does (form bodies,
 * `POST ?_method=`, `__clerk_api_version`, dev browser or `_is_native` + Bearer identity) and keeps
 * the identity the server hands back. Not an SDK: it returns raw statuses and JSON so tests can
 * check shapes.
 */

import { CLERK_API_VERSION } from '../../lib/engine/api-version.ts';
import type { Emulator } from './server.ts';
import type { InstanceType } from './state.ts';

export interface FapiResponse {
  status: number;
  headers: Headers;
  json: unknown;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading nested JSON
  body: any;
}

export class FapiTestClient {
  /** Dev browser token (development) or client JWT (production). */
  identity: string | null;

  constructor(
    readonly emulator: Emulator,
    readonly instance: InstanceType,
    identity: string | null = null,
    readonly origin?: string,
  ) {
    this.identity = identity;
  }

  /** Development: `POST /v1/dev_browser` as clerk-js does on first load. */
  async init(): Promise<this> {
    if (this.instance === 'development' && !this.identity) {
      const res = await this.request('POST', '/v1/dev_browser');
      this.identity = res.body.id;
    }
    return this;
  }

  async request(
    method: string,
    path: string,
    form?: Record<string, string>,
    extraQuery: Record<string, string> = {},
  ): Promise<FapiResponse> {
    const url = new URL(path, this.emulator.fapiUrls[this.instance]);
    url.searchParams.set('__clerk_api_version', CLERK_API_VERSION);
    url.searchParams.set('_clerk_js_version', '6.40.0');
    for (const [k, v] of Object.entries(extraQuery)) url.searchParams.set(k, v);
    const wire = method === 'GET' || method === 'POST' ? method : 'POST';
    if (wire !== method) url.searchParams.set('_method', method);
    const headers: Record<string, string> = {};
    if (this.origin) headers.origin = this.origin;
    if (this.instance === 'development') {
      if (this.identity) url.searchParams.set('__clerk_db_jwt', this.identity);
    } else {
      url.searchParams.set('_is_native', '1');
      if (this.identity) headers.authorization = `Bearer ${this.identity}`;
    }
    let body: string | undefined;
    if (wire === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form ?? {}).toString();
    }
    const res = await this.emulator.fetch(url, { method: wire, headers, body });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { unparsable: text };
    }
    if (this.instance === 'development') {
      const db = res.headers.get('clerk-db-jwt');
      if (db) this.identity = db;
    } else {
      const auth = res.headers.get('authorization');
      if (auth) this.identity = auth.replace(/^Bearer\s+/, '');
    }
    return { status: res.status, headers: res.headers as unknown as Headers, json, body: json };
  }

  get(path: string, query?: Record<string, string>) {
    return this.request('GET', path, undefined, query);
  }
  post(path: string, form?: Record<string, string>, query?: Record<string, string>) {
    return this.request('POST', path, form, query);
  }

  /** Password sign-in in one call; returns the created session id. */
  async signIn(identifier: string, password: string): Promise<string> {
    const res = await this.post('/v1/client/sign_ins', { identifier, password, strategy: 'password' });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.json)}`);
    return res.body.response.created_session_id;
  }

  async token(sessionId: string): Promise<FapiResponse> {
    return this.post(`/v1/client/sessions/${sessionId}/tokens`);
  }

  async client(): Promise<FapiResponse> {
    return this.get('/v1/client');
  }
}
