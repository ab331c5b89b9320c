/**
 * The one SDK instance the engine holds (sdk-gateway.ts: one copy of the SDK serves one app, so
 * a second app's client would hijack the first). It serves the selected app in keep-alive mode
 * only; every other app, and that app in observe mode, gets the direct gateway. The engine
 * disposes it when the selected app, the mode, or the client behind the app's cookie changes.
 */
import type { AppConfig } from '../apps';
import { frontendApiFor } from '../frontend-api';
import type { ParsedPublishableKey } from '../publishable-key';
import { selectedAppIdItem } from '../storage';
import type { ClerkGateway } from './gateway';

export function createSdkHolder(deps: {
  loadApps: () => Promise<AppConfig[]>;
  gatewayFor: (app: AppConfig, key: ParsedPublishableKey, useSdk: boolean) => ClerkGateway;
}) {
  let sdk: { appId: string; gateway: ClerkGateway } | null = null;

  /** The stored selection, else the first app. */
  async function selectedAppId(apps: AppConfig[]): Promise<string | null> {
    const id = await selectedAppIdItem.getValue();
    return apps.find((a) => a.id === id)?.id ?? apps[0]?.id ?? null;
  }

  /** Drops the SDK (of `appId` only, when given). */
  function dispose(appId?: string) {
    if (sdk && (!appId || sdk.appId === appId)) {
      sdk.gateway.dispose();
      sdk = null;
    }
  }

  async function gatewayFor(app: AppConfig, key: ParsedPublishableKey): Promise<ClerkGateway> {
    const apps = await deps.loadApps();
    // The SDK knows only the key's Frontend API: a satellite or proxied app would read the
    // primary's client through it. Those apps use the direct gateway for everything.
    const useSdk = app.mode === 'keep-alive' && (await selectedAppId(apps)) === app.id && !frontendApiFor(key, app).custom;
    if (!useSdk) {
      // Another app took the SDK, or this app left keep-alive: never keep an SDK that mints on its own.
      if (sdk?.appId === app.id) dispose();
      return deps.gatewayFor(app, key, false);
    }
    if (sdk?.appId !== app.id) {
      dispose();
      sdk = { appId: app.id, gateway: deps.gatewayFor(app, key, true) };
    }
    return sdk.gateway;
  }

  return { selectedAppId, dispose, gatewayFor };
}
