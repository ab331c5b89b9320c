/**
 * Real-browser harness: finds a Chromium, loads the built unpacked extension, and hands out the
 * service worker and extension pages. Every browser it starts resolves only the hosts a test maps
 * to loopback; everything else resolves nowhere (no test reaches beyond this machine).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');
/** Pinned by the manifest `key` (see wxt.config.ts). */
export const EXTENSION_ID = 'ncdmolkcfabcdhgnpbmjeaimankepeja';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} does not exist.`);
    return fromEnv;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROME_PATH to a Chromium or Chrome binary.',
    );
  }
  return found;
}

/** `MAP host 127.0.0.1:port` for each emulated host, then everything else to nowhere. */
export function hostResolverRules(hosts: Record<string, number>): string {
  const maps = Object.entries(hosts).map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`);
  return `--host-resolver-rules=${[...maps, 'MAP * ~NOTFOUND', 'EXCLUDE localhost', 'EXCLUDE 127.0.0.1'].join(', ')}`;
}

/**
 * Flags for every browser a test or the demo starts: no background traffic (this machine's
 * network is closed, and tests must not reach beyond it), the emulator's self-signed certificate
 * accepted, and only the given hosts resolvable.
 */
export function chromiumArgs(hosts: Record<string, number>): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--ignore-certificate-errors',
    hostResolverRules(hosts),
  ];
}

export interface LaunchOptions {
  /** Emulated hosts to map to loopback ports. */
  hosts?: Record<string, number>;
  headless?: boolean;
  colorScheme?: 'light' | 'dark';
  extensionDir?: string;
  /**
   * Allows the DevTools protocol's Extensions domain (Extensions.triggerAction: a click on the
   * toolbar icon, which opens the real popup and grants activeTab). Playwright talks over
   * --remote-debugging-pipe, which that domain requires.
   */
  extensionDebugging?: boolean;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  openPopup(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build\` first.`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'csi-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: options.headless ?? true,
    colorScheme: options.colorScheme ?? 'light',
    ignoreHTTPSErrors: true,
    viewport: { width: 800, height: 600 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...(options.extensionDebugging ? ['--enable-unsafe-extension-debugging'] : []),
      ...chromiumArgs(options.hosts ?? {}),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 45_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    async openPopup() {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
