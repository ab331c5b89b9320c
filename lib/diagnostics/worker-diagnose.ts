/**
 * The worker's diagnostics, composed from injected parts (the JWKS fetch, the cookie adapter, the
 * configured apps) so the engine test can run them over fakes. One JWKS cache for the worker's
 * life (jwks.ts): the service worker is stopped ~30 s after its last event, and then the next
 * verdict simply fetches the JWKS again (one bounded GET to a public endpoint).
 */
import type { AppConfig } from '../apps';
import { cookieSuffix } from '../engine/identity';
import { trustedAppKey } from '../host-trust';
import { cookieForensics, type KnownApp, type RawCookie } from './cookies';
import { createJwksCache, type FetchJwks } from './jwks';
import type { Diagnose } from './snapshot-diagnostics';
import { tokenVerdict } from './token-verdict';

export interface DiagnoseDeps {
  now: () => number;
  fetchJwks: FetchJwks;
  readHostCookies: (urls: string[]) => Promise<RawCookie[]>;
  loadApps: () => Promise<AppConfig[]>;
}

async function knownApp(app: AppConfig): Promise<KnownApp | null> {
  if (!trustedAppKey(app).ok) return null;
  return { label: app.label, suffix: await cookieSuffix(app.publishableKey) };
}

export function createDiagnose(deps: DiagnoseDeps): (app: AppConfig) => Diagnose {
  const jwks = createJwksCache(deps.fetchJwks, deps.now);
  return (app) => ({
    async verifyToken(rawToken, snapshot) {
      return tokenVerdict({
        token: rawToken,
        jwks: await jwks.forToken(snapshot.fapiHost, rawToken),
        now: deps.now(),
        clockOffsetMs: snapshot.clockOffsetMs,
        fapiHost: snapshot.fapiHost,
        authorizedParties: app.authorizedParties ?? null,
      });
    },
    async cookies(snapshot) {
      if (!snapshot.syncHost) return null;
      const self = await knownApp(app);
      if (!self) return null;
      const others = (await Promise.all((await deps.loadApps()).filter((a) => a.id !== app.id).map(knownApp))).filter(
        (a): a is KnownApp => a !== null && a.suffix !== self.suffix,
      );
      const urls = [snapshot.syncHost, ...(snapshot.fapiHost ? [`https://${snapshot.fapiHost}`] : [])];
      return cookieForensics(await deps.readHostCookies(urls), self, others, deps.now());
    },
  });
}
