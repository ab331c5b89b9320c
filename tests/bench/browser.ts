/**
 * Chromium for the benchmark: one or more unpacked extensions (`--load-extension=dirA,dirB`), the
 * same resolver rules as every test browser (only emulated hosts, mapped to loopback, plus
 * localhost), and a loopback DevTools endpoint for the raw CDP client (tests/bench/cdp.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { SessionSnapshot } from '../../lib/snapshot';
import { chromiumArgs, EXTENSION_ID, findChromium } from '../e2e/harness';
import { type Cdp, connectCdp, waitForDevToolsEndpoint } from './cdp';

export interface BenchBrowser {
  context: BrowserContext;
  cdp: Cdp;
  /** Our extension's id (pinned by the manifest key). */
  extensionId: string;
  /** An extension page of ours kept open to read storage and alarms (the worker may be stopped). */
  probe(): Promise<Page>;
  snapshot(appId?: string): Promise<SessionSnapshot | null>;
  /** The CDP target id of our service worker, if it is running. */
  workerTargetId(): Promise<string | null>;
  close(): Promise<void>;
}

export async function launchBench(options: { extensionDirs: string[]; hosts: Record<string, number> }): Promise<BenchBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'csi-bench-'));
  const dirs = options.extensionDirs.join(',');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    colorScheme: 'light',
    ignoreHTTPSErrors: true,
    viewport: { width: 800, height: 600 },
    args: [
      `--disable-extensions-except=${dirs}`,
      `--load-extension=${dirs}`,
      ...chromiumArgs(options.hosts),
      // The bench talks CDP to the worker (Playwright cannot): loopback only.
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
    ],
  });
  const cdp = await connectCdp(await waitForDevToolsEndpoint(userDataDir));
  if (!context.serviceWorkers().some((w) => w.url().includes(EXTENSION_ID))) {
    await context.waitForEvent('serviceworker', { predicate: (w) => w.url().includes(EXTENSION_ID), timeout: 15_000 });
  }
  let probePage: Page | null = null;
  const probe = async () => {
    if (!probePage) {
      probePage = await context.newPage();
      await probePage.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    }
    return probePage;
  };
  return {
    context,
    cdp,
    extensionId: EXTENSION_ID,
    probe,
    async snapshot(appId = 'app-default') {
      return (await probe()).evaluate(
        async (key) => ((await chrome.storage.session.get(key))[key] ?? null) as SessionSnapshot | null,
        `snapshot:${appId}`,
      );
    },
    async workerTargetId() {
      const { targetInfos } = await cdp.send<{ targetInfos: Array<{ targetId: string; type: string; url: string }> }>(
        'Target.getTargets',
      );
      return (
        targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${EXTENSION_ID}/`))
          ?.targetId ?? null
      );
    },
    async close() {
      cdp.close();
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
