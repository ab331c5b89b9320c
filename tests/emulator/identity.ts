/**
 * A FAPI request's client identity, as Clerk carries it: a dev browser (`?__clerk_db_jwt=`,
 * development), a client JWT (`Authorization` with `_is_native`, production native), or the
 * `__client` cookie (production browsers). Resolves it from the request, lets routes rebind it,
 * and writes it back on the response (`Clerk-Db-Jwt`, `Authorization`, `Set-Cookie`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isNativeRequest, rootDomain } from './rules.ts';
import { LIVE_STATUSES } from './session-model.ts';
import { type InstanceState, newId } from './state.ts';
import type { Signer } from './tokens.ts';

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export class RequestIdentity {
  /** The request's dev browser token when the instance knows it (development). */
  devBrowser: string | null = null;
  /** The client the identity points at (null: none yet, or unknown). */
  clientId: string | null = null;
  /** A route bound the identity to another client (or none). */
  touched = false;
  /** The request was refused by the guard: no client identity goes back (a dev browser does). */
  refused = false;
  readonly native: boolean;

  private constructor(
    private readonly instance: InstanceState,
    query: URLSearchParams,
  ) {
    this.native = instance.type === 'production' && isNativeRequest(query);
  }

  /** Looks the identity up; never throws (the server decides when a missing one is an error). */
  static async resolve(
    instance: InstanceState,
    signer: Signer,
    query: URLSearchParams,
    headers: IncomingHttpHeaders,
  ): Promise<RequestIdentity> {
    const identity = new RequestIdentity(instance, query);
    if (instance.type === 'development') {
      const token = query.get('__clerk_db_jwt') ?? query.get('__dev_session');
      if (token && instance.devBrowsers.has(token)) {
        identity.devBrowser = token;
        identity.clientId = instance.devBrowsers.get(token) ?? null;
      }
    } else {
      const auth = headers.authorization;
      const jwt = identity.native
        ? auth?.startsWith('Bearer ')
          ? auth.slice(7).trim()
          : auth?.trim()
        : parseCookies(headers.cookie).__client;
      const id = jwt ? await signer.verifyClientJwt(jwt) : null;
      identity.clientId = id;
    }
    if (identity.clientId && !instance.clients.has(identity.clientId)) identity.clientId = null;
    return identity;
  }

  bind(clientId: string | null): void {
    this.clientId = clientId;
    this.touched = true;
    if (this.devBrowser) this.instance.devBrowsers.set(this.devBrowser, clientId);
  }

  createDevBrowser(): string {
    this.devBrowser = newId('dvb');
    this.instance.devBrowsers.set(this.devBrowser, null);
    return this.devBrowser;
  }

  /**
   * `__client_uat` as FAPI sets it for production browsers: on the root domain (so the app's own
   * backend sees it), not HttpOnly, the seconds of the latest sign-in of a live session, `0` when
   * signed out. Which instant Clerk writes exactly is not documented; this one moves with each
   * sign-in and sign-out, which is what backends compare it against.
   */
  private clientUat(clientId: string | null): string {
    const client = clientId ? this.instance.clients.get(clientId) : undefined;
    let latest = 0;
    for (const id of client?.sessionIds ?? []) {
      const session = this.instance.sessions.get(id);
      if (session && LIVE_STATUSES.has(session.status)) latest = Math.max(latest, session.signedInAt);
    }
    const value = Math.floor(latest / 1000);
    return `__client_uat=${value}; Domain=${rootDomain(this.instance.host)}; Path=/; Max-Age=31536000; Secure; SameSite=Lax`;
  }

  /**
   * Adds the identity headers to a response (`clientJwtFor` signs or reuses a client JWT). The
   * `__client` cookie is HttpOnly and `SameSite=Lax` on the FAPI host, as Clerk sets it; its value
   * rotates on each sign-in (fapi.ts asks server.ts for a new client JWT; older ones still verify).
   */
  async writeHeaders(
    headers: Record<string, string | string[]>,
    clientJwtFor: (clientId: string) => Promise<string>,
  ): Promise<void> {
    if (this.instance.type === 'development') {
      if (this.devBrowser) headers['Clerk-Db-Jwt'] = this.devBrowser;
      return;
    }
    if (this.refused) return;
    if (this.clientId) {
      const jwt = await clientJwtFor(this.clientId);
      if (this.native) headers.Authorization = jwt;
      else
        headers['Set-Cookie'] = [
          `__client=${jwt}; Path=/; Max-Age=31536000; Secure; HttpOnly; SameSite=Lax`,
          this.clientUat(this.clientId),
        ];
    } else if (this.touched && !this.native) {
      headers['Set-Cookie'] = ['__client=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax', this.clientUat(null)];
    }
  }
}
