/**
 * The demo app's server side: every page request goes through Clerk's own backend SDK
 * (`@clerk/backend` `authenticateRequest`), as `clerkMiddleware` does in a Next.js or Express
 * app, so the handshakes the e2e records are real Clerk code. Its answer is replayed as Clerk's
 * middlewares do: a redirect (`Location`: the handshake, or the clean URL after one) with its
 * Set-Cookie directives, else the page with the `x-clerk-auth-status`, `-reason` and `-message`
 * headers Clerk adds (`withDebugHeaders`). A protected path answered signed out redirects to
 * `/sign-in?redirect_url=…`, as `auth.protect()` does.
 *
 * Networkless verification: the backend gets the instance's public key as `jwtKey` (a PEM from
 * the emulator's JWKS), so it never calls the Backend API. `authenticateRequest` insists on a
 * secret key string; it gets a placeholder that is no key of any instance and is never sent, and
 * `apiUrl` points at a closed loopback port and telemetry is off, so even a call nobody expects cannot leave this
 * machine. Test infrastructure only.
 */
import { createPublicKey } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createClerkClient } from '@clerk/backend';
import type { JWK } from 'jose';

export interface DemoBackendOptions {
  /** The publishable key the backend is configured with (normally the app's own). */
  publishableKey: string;
  /**
   * The JWKS whose first key the backend trusts (normally the app's instance's), asked on every
   * request: a test switches it to another instance's to make the "keys of two instances" mistake.
   */
  jwks: () => { keys: JWK[] };
  /** Paths that need a signed-in user; default `/dashboard`. */
  protectedPaths?: string[];
}

export interface BackendAnswer {
  /** A redirect to send instead of the page, or null to serve the page. */
  redirect: string | null;
  headers: Array<[string, string]>;
}

/** Not a key: `authenticateRequest` asserts that some secret key string is configured. */
const PLACEHOLDER_SECRET = 'sk_test_demo-backend-placeholder-not-a-key';
/** Port 9 (discard) on loopback: nothing listens, nothing leaves the machine. */
const NO_BACKEND_API = 'https://127.0.0.1:9';

export function jwkToPem(jwk: JWK): string {
  return createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

export function demoBackend(options: DemoBackendOptions): (req: IncomingMessage, origin: string) => Promise<BackendAnswer> {
  const clerk = createClerkClient({
    publishableKey: options.publishableKey,
    secretKey: PLACEHOLDER_SECRET,
    apiUrl: NO_BACKEND_API,
    // The SDK's telemetry would post events to Clerk's collector: never from a test or the demo.
    telemetry: { disabled: true },
  });
  const jwtKey = () => {
    const [key] = options.jwks().keys;
    if (!key) throw new Error('demoBackend: the JWKS has no key');
    return jwkToPem(key);
  };
  const protectedPaths = new Set(options.protectedPaths ?? ['/dashboard']);
  return async (req, origin) => {
    const url = new URL(req.url ?? '/', origin);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    const state = await clerk.authenticateRequest(new Request(url, { method: req.method ?? 'GET', headers }), {
      jwtKey: jwtKey(),
    });
    const out: Array<[string, string]> = [];
    for (const [name, value] of state.headers) if (name.toLowerCase() !== 'set-cookie') out.push([name, value]);
    for (const cookie of state.headers.getSetCookie()) out.push(['Set-Cookie', cookie]);
    // Clerk decorates signed-out and handshake answers only (withDebugHeaders); the demo says
    // signed-in too, so a trace shows every verdict of the backend.
    if (!state.headers.has('x-clerk-auth-status')) out.push(['x-clerk-auth-status', state.status]);
    const location = state.headers.get('location');
    if (location) return { redirect: location, headers: out.filter(([n]) => n.toLowerCase() !== 'location') };
    if (protectedPaths.has(url.pathname) && state.status !== 'signed-in') {
      const signIn = new URL('/sign-in', origin);
      signIn.searchParams.set('redirect_url', url.pathname);
      return { redirect: signIn.href, headers: out };
    }
    return { redirect: null, headers: out };
  };
}
