/**
 * The direct gateway of a satellite or proxied app (issue 20 item 8): every request goes to the
 * Frontend API clerk-js would use (lib/frontend-api.ts), and the production identity is that
 * host's `__client` cookie, not the primary's. The permissions cover that host.
 */
import { describe, expect, it } from 'vitest';
import { makeAppConfig } from '../../../lib/apps';
import { validateStoredApps } from '../../../lib/apps-validate';
import { createDirectGateway } from '../../../lib/engine/fapi-direct';
import type { IdentitySource } from '../../../lib/engine/identity';
import { frontendApiFor } from '../../../lib/frontend-api';
import { originsForApp } from '../../../lib/permissions';
import { publishableKeyFor } from '../../../lib/publishable-key';
import { PROD_HOST } from './builders';

const key = { instanceType: 'production' as const, fapiHost: PROD_HOST };

function gatewayFor(options: { domain?: string; isSatellite?: boolean; proxyUrl?: string }) {
  const urls: URL[] = [];
  const sources: IdentitySource[] = [];
  const g = createDirectGateway({
    ...key,
    syncHost: 'https://app.satellite.dev',
    publishableKey: publishableKeyFor(PROD_HOST, 'production'),
    frontendApi: frontendApiFor(key, options),
    readIdentity: async (source) => {
      sources.push(source);
      return 'client-jwt';
    },
    fetch: (async (input: string) => {
      urls.push(new URL(input));
      return new Response(JSON.stringify({ response: null, client: null }), { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch,
  });
  return { g, urls, sources };
}

describe('satellite and proxied apps', () => {
  it('a production satellite reads clerk.<domain> with that domain’s __client', async () => {
    const { g, urls, sources } = gatewayFor({ domain: 'satellite.dev', isSatellite: true });
    await g.readClient();
    expect(urls[0]?.origin).toBe('https://clerk.satellite.dev');
    expect(urls[0]?.pathname).toBe('/v1/client');
    expect(sources[0]?.cookieUrl).toBe('https://clerk.satellite.dev');
  });

  it('a proxied app: the proxy’s path prefix, and the proxy host’s cookie', async () => {
    const { g, urls, sources } = gatewayFor({ proxyUrl: 'https://app.example.com/__clerk' });
    await g.readClient();
    expect(`${urls[0]?.origin}${urls[0]?.pathname}`).toBe('https://app.example.com/__clerk/v1/client');
    expect(sources[0]?.cookieUrl).toBe('https://app.example.com');
  });

  it('permissions include the satellite’s Frontend API; stored fields are validated', () => {
    const app = makeAppConfig({
      label: 's',
      publishableKey: publishableKeyFor(PROD_HOST, 'production'),
      syncHost: 'https://app.satellite.dev',
      domain: 'satellite.dev',
      isSatellite: true,
    });
    expect(originsForApp(app)).toContain('https://clerk.satellite.dev/*');
    const [kept] = validateStoredApps([{ ...app, id: 'x', proxyUrl: 'http://insecure.example/__clerk' }]);
    expect(kept).toMatchObject({ domain: 'satellite.dev', isSatellite: true });
    expect(kept).not.toHaveProperty('proxyUrl');
    expect(validateStoredApps([{ ...app, id: 'y', domain: 'https://evil/' }])[0]).not.toHaveProperty('domain');
  });
});

describe('a setup the extension cannot serve', () => {
  it('a satellite without a domain: the doctor says so, and the engine reads nothing (never the primary’s client)', async () => {
    const { setup } = await import('./harness');
    const { testApp } = await import('./builders');
    const { runDoctor } = await import('../../../lib/doctor/checks');
    const app = testApp({ isSatellite: true });
    expect(frontendApiFor({ instanceType: 'development', fapiHost: 'x.clerk.accounts.dev' }, app).unsupported).toMatch(
      /satellite/,
    );
    const h = await setup({ apps: [app], clerk: (c) => c.signIn() });
    await h.engine.start();
    expect(h.clerk.counts.readClient).toBe(0);
    expect(h.clerk.counts.mintToken).toBe(0);
    const snapshot = await h.snapshot();
    expect(snapshot?.currentSessionId ?? null).toBeNull();
    expect(snapshot?.error?.message).toMatch(/satellite without its domain/);
    const key = runDoctor({ app, snapshot, permission: 'granted', extensionId: 'x' } as never).find((c) => c.id === 'key');
    expect(key).toMatchObject({ status: 'fail', title: 'Frontend API' });
  });
});
