/**
 * The whole product for a real-browser scenario: the Clerk FAPI emulator, the demo web app (the
 * sync host, real clerk-js), and Chromium with a preconfigured build of the extension. The
 * browser resolves only the emulated hosts (to loopback) and localhost.
 *
 * Fresh or set up: a world starts as a fresh Clerk instance does, with no allowed origins, so the
 * extension's reads work and its POSTs (mints, sign-out, revoke) are refused with `origin_invalid`.
 * A test that needs the instance set up says so with `setUp: true` (startWorld / startSignedInWorld),
 * which runs `setUpInstance(world)`: the developer's one set-up step, Backend API
 * `PATCH /v1/instance` with `allowed_origins: ["chrome-extension://<id>"]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { SessionSnapshot } from '../../lib/snapshot';
import { startDemoServer } from '../demo/demo-server';
import type { ClerkPage } from '../emulator/clerk-page.ts';
import { type Emulator, startEmulator } from '../emulator/server';
import { buildVariant, type VariantEnv } from './builds';
import { type ExtensionBrowser, launchWithExtension } from './harness';

export const DEMO_USER = { email: 'ada@example.com', password: 'correct horse battery', firstName: 'Ada', lastName: 'Lovelace' };

export interface World {
  emulator: Emulator;
  demo: ClerkPage;
  browser: ExtensionBrowser;
  /** The emulated instance the app uses. */
  instance: 'development' | 'production';
  appId: string;
  openDemo(): Promise<Page>;
  signInOnDemo(page: Page, user?: { email: string; password: string }): Promise<string>;
  snapshot(): Promise<SessionSnapshot | null>;
  /** The snapshot of any app (one added at run time has a generated id). */
  snapshotOf(appId: string): Promise<SessionSnapshot | null>;
  waitForSnapshot(check: (s: SessionSnapshot) => boolean, timeoutMs?: number): Promise<SessionSnapshot>;
  close(): Promise<void>;
}

export interface WorldOptions {
  mode?: 'keep-alive' | 'observe';
  syncPeriodSeconds?: number;
  minAlarmSeconds?: number;
  /** Keep-alive's re-check of the server's read behaviours (default: 10 sync periods). */
  measureEverySeconds?: number;
  /** Build folder name under .output/ (the build bakes the demo's origin in). */
  variant?: string;
  /**
   * Which emulated instance the app uses. Production serves the demo app over HTTPS on
   * app.<name>.test, next to the FAPI host clerk.<name>.test, so its `__client` cookie is first-party.
   */
  instance?: 'development' | 'production';
  /**
   * true: the instance is set up before the test starts (`setUpInstance`: the extension's origin in
   * `allowed_origins`, as a developer adds it). Default false: a fresh instance, which refuses the
   * extension's POSTs with `origin_invalid` until the test sets it up.
   */
  setUp?: boolean;
  /** false: a build with no app configured (the zero-configuration flow); default true. */
  preconfigured?: boolean;
  /** See LaunchOptions.extensionDebugging (tests/e2e/harness.ts). */
  extensionDebugging?: boolean;
  /**
   * Another emulator's hosts for the browser to resolve, and host permissions the build's manifest
   * grants (as for a second preconfigured app): a second Clerk app next to the demo.
   */
  extra?: { hosts: Record<string, number>; hostPermissions: string[] };
  /**
   * Give the demo app a server side with Clerk's backend SDK (tests/demo/backend.ts). Its
   * publishable key and trusted JWKS default to the app's own instance; `jwks` is asked on every
   * request (null: the app's own), so another emulator's JWKS can make the "keys of two
   * instances in app and backend" mistake at run time.
   */
  backend?: { jwks?: () => Emulator['jwks'] | null; publishableKey?: string };
}

/**
 * The set-up step a developer runs once on a fresh Clerk instance, as the emulator's equivalent of
 * Backend API `PATCH /v1/instance`: this browser's extension origin becomes the instance's
 * `allowed_origins` (the whole list, as the Backend API replaces it). After it the extension's
 * mints, sign-outs and revokes pass the origin check.
 */
export async function setUpInstance(world: Pick<World, 'emulator' | 'browser' | 'instance'>): Promise<void> {
  await world.emulator.control.updateInstance(
    { allowed_origins: [`chrome-extension://${world.browser.extensionId}`] },
    world.instance,
  );
}

/**
 * A world with the demo user signed in and the demo page closed again, so only the extension
 * talks to Clerk from here on (the page would mint its own tokens). Shared by the scenario files
 * that switch emulator rules at run time. `settings` apply before the sign-in. It waits for the
 * extension's own mint, so it needs `setUp: true` in `options`.
 */
export async function startSignedInWorld(
  settings: Parameters<Emulator['control']['setSettings']>[0],
  options: WorldOptions & { setUp: true },
): Promise<{ world: World; sessionId: string }> {
  const world = await startWorld(options);
  await world.emulator.control.setSettings(settings);
  const page = await world.openDemo();
  const sessionId = await world.signInOnDemo(page);
  // Generous: on a loaded machine the first mint after sign-in can take tens of seconds.
  await world.waitForSnapshot((s) => s.currentSessionId === sessionId && s.token?.mintedBy === 'extension', 60_000);
  await page.close();
  return { world, sessionId };
}

/** Adds host permissions to a built variant's manifest (the variant is this world's own build). */
function grantInManifest(extensionDir: string, hostPermissions: string[]): void {
  const path = join(extensionDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...hostPermissions];
  writeFileSync(path, JSON.stringify(manifest));
}

/** The id build-time defaults give the preconfigured app (lib/apps-store.ts). */
const DEFAULT_APP_ID = 'app-default';

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const instance = options.instance ?? 'development';
  const emulator = await startEmulator({ logErrors: true });
  await emulator.control.createUser(DEMO_USER, instance);
  const secureHost = instance === 'production' ? emulator.hosts.production.replace(/^clerk\./, 'app.') : undefined;
  const backend = options.backend && {
    publishableKey: options.backend.publishableKey ?? emulator.publishableKeys[instance],
    jwks: () => options.backend?.jwks?.() ?? emulator.jwks,
  };
  const demo = await startDemoServer({ publishableKey: emulator.publishableKeys[instance], secureHost, backend });
  const preconfigured = options.preconfigured ?? true;
  const env: VariantEnv = {
    ...(preconfigured
      ? {
          WXT_CLERK_PUBLISHABLE_KEY: emulator.publishableKeys[instance],
          WXT_CLERK_SYNC_HOST: demo.origin,
          WXT_CLERK_APP_LABEL: 'Demo app',
        }
      : {}),
    WXT_CLERK_MODE: options.mode ?? 'keep-alive',
    WXT_MIN_ALARM_SECONDS: String(options.minAlarmSeconds ?? 1),
    WXT_SYNC_PERIOD_SECONDS: String(options.syncPeriodSeconds ?? 3),
    ...(options.measureEverySeconds ? { WXT_MEASURE_EVERY_SECONDS: String(options.measureEverySeconds) } : {}),
  };
  const extensionDir = buildVariant(options.variant ?? `e2e-${instance}-${env.WXT_CLERK_MODE}`, env);
  if (options.extra) grantInManifest(extensionDir, options.extra.hostPermissions);
  const hosts = {
    ...emulator.resolverHosts(),
    ...(secureHost ? { [secureHost]: demo.port } : {}),
    ...(options.extra?.hosts ?? {}),
  };
  const browser = await launchWithExtension({ extensionDir, hosts, extensionDebugging: options.extensionDebugging });

  // Storage is read from an extension page, not the worker: the worker may be stopped (by Chrome
  // or by a test), the page stays.
  let probe: Page | null = null;
  const snapshotOf = async (appId: string) => {
    if (!probe) {
      probe = await browser.context.newPage();
      await probe.goto(`chrome-extension://${browser.extensionId}/options.html`);
    }
    return probe.evaluate(
      async (key) => ((await chrome.storage.session.get(key))[key] ?? null) as SessionSnapshot | null,
      `snapshot:${appId}`,
    );
  };
  const snapshot = () => snapshotOf(DEFAULT_APP_ID);

  if (options.setUp) await setUpInstance({ emulator, browser, instance });
  return {
    emulator,
    demo,
    browser,
    instance,
    appId: DEFAULT_APP_ID,
    async openDemo() {
      const page = await browser.context.newPage();
      await page.goto(demo.origin);
      await page.waitForFunction(() => window.demo !== undefined, undefined, { timeout: 45_000 });
      return page;
    },
    async signInOnDemo(page, user = DEMO_USER) {
      return page.evaluate(({ email, password }) => window.demo.signIn(email, password), user);
    },
    snapshot,
    snapshotOf,
    async waitForSnapshot(check, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      let last: SessionSnapshot | null = null;
      while (Date.now() < deadline) {
        last = await snapshot();
        if (last && check(last)) return last;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`snapshot condition not met in ${timeoutMs} ms; last: ${JSON.stringify(last)?.slice(0, 1500)}`);
    },
    async close() {
      await browser.close();
      await demo.close();
      await emulator.close();
    },
  };
}
