/**
 * `GET /v1/client/handshake`: where Clerk's backend SDK (@clerk/backend `authenticateRequest`)
 * sends a page navigation it cannot decide (`buildRedirectToHandshake` in
 * packages/backend/src/tokens/handshake.ts). The browser arrives with `redirect_url`,
 * `__clerk_hs_reason`, `suffixed_cookies`, `format`, and the app's `__session` and
 * `__clerk_db_jwt` in the query; Clerk answers with a redirect back to `redirect_url` carrying the
 * handshake payload: the Set-Cookie directives the app's backend replays (`__clerk_db_jwt`,
 * `__client_uat`, `__session`, and their suffixed copies when asked), as a JWT signed with the
 * instance's key in `__clerk_handshake` (`verifyHandshakeToken`: `{ handshake: string[] }`,
 * header `typ: JWT`, RS256, no non-session `cat`).
 *
 * Development instances only (the token travels in the URL there; production puts it in a
 * cookie on the root domain, not emulated). The emulator always answers in the token form:
 * `format=nonce` asks for `__clerk_handshake_nonce`, whose payload the backend fetches from the
 * Backend API with a secret key, which the emulator does not serve (a documented deviation; the
 * backend accepts either). A `redirect_url` that is not a page origin the instance serves is a
 * 400 `url_invalid` (Clerk checks redirect URLs against the instance's origins).
 */
import { getCookieSuffix } from '@clerk/shared/keys';
import { FapiError } from './http.ts';
import { mintSessionToken } from './minting.ts';
import { isServedPageOrigin } from './rules.ts';
import { LIVE_STATUSES, recordActivity } from './session-model.ts';
import type { InstanceState, Session } from './state.ts';
import type { Signer } from './tokens.ts';

export interface HandshakeRequest {
  instance: InstanceState;
  signer: Signer;
  publishableKey: string;
  query: URLSearchParams;
  /** Server ms. */
  now: number;
}

export interface HandshakeAnswer {
  status: 307;
  location: string;
  /** The session the payload signed in, for the request log and tests. */
  sessionId: string | null;
}

const YEAR_S = 365 * 24 * 60 * 60;

function liveSessionOf(instance: InstanceState, clientId: string | null): Session | null {
  const client = clientId ? instance.clients.get(clientId) : undefined;
  const id = client?.lastActiveSessionId;
  const session = id ? instance.sessions.get(id) : undefined;
  return session && LIVE_STATUSES.has(session.status) ? session : null;
}

/** One cookie directive, and its suffixed copy when the backend reads suffixed cookies. */
function directives(name: string, value: string, attributes: string, suffix: string | null): string[] {
  const plain = `${name}=${value}; ${attributes}`;
  return suffix ? [plain, `${name}_${suffix}=${value}; ${attributes}`] : [plain];
}

export async function handshakeRedirect(req: HandshakeRequest): Promise<HandshakeAnswer> {
  const { instance, signer, query, now } = req;
  if (instance.type !== 'development') {
    throw new FapiError(
      400,
      'request_invalid',
      'Not supported',
      'The emulator serves the handshake of development instances only.',
    );
  }
  const redirectUrl = query.get('redirect_url') ?? '';
  let back: URL;
  try {
    back = new URL(redirectUrl);
  } catch {
    throw new FapiError(400, 'url_invalid', 'redirect_url is invalid', 'redirect_url must be an absolute URL.', {
      param_name: 'redirect_url',
    });
  }
  if (!isServedPageOrigin(instance, back.origin)) {
    throw new FapiError(400, 'url_invalid', 'redirect_url is invalid', `${back.origin} is not an origin of this instance.`, {
      param_name: 'redirect_url',
    });
  }

  // The browser's dev browser: the one the app's backend forwarded, else a new one (what the
  // `dev-browser-missing` handshake exists for).
  const forwarded = query.get('__clerk_db_jwt');
  let devBrowser = forwarded && instance.devBrowsers.has(forwarded) ? forwarded : null;
  if (!devBrowser) {
    devBrowser = `dvb_${crypto.randomUUID().replace(/-/g, '')}`;
    instance.devBrowsers.set(devBrowser, null);
  }
  const session = liveSessionOf(instance, instance.devBrowsers.get(devBrowser) ?? null);
  const suffix = query.get('suffixed_cookies') === 'true' ? await getCookieSuffix(req.publishableKey) : null;
  const attrs = 'Path=/; SameSite=Lax';
  const cookies: string[] = [...directives('__clerk_db_jwt', devBrowser, `${attrs}; Max-Age=${YEAR_S}`, suffix)];
  if (session) {
    // A fresh token is a mint: activity, like any token creation (session-model.ts).
    recordActivity(session, now);
    const jwt = await mintSessionToken(instance, signer, session, now, back.origin);
    const client = instance.clients.get(session.clientId);
    const uat = Math.floor((client?.updatedAt ?? now) / 1000);
    cookies.push(...directives('__client_uat', String(uat), `${attrs}; Max-Age=${YEAR_S}`, suffix));
    cookies.push(...directives('__session', jwt, attrs, suffix));
  } else {
    cookies.push(...directives('__client_uat', '0', `${attrs}; Max-Age=${YEAR_S}`, suffix));
    cookies.push(...directives('__session', '', `${attrs}; Max-Age=0`, suffix));
  }
  const iat = Math.floor(now / 1000);
  const token = await signer.signSessionToken({ handshake: cookies, iat, exp: iat + 60 });
  back.searchParams.set('__clerk_handshake', token);
  return { status: 307, location: back.href, sessionId: session?.id ?? null };
}
