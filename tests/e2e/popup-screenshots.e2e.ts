/**
 * Screenshots of the built popup in real Chromium, one per state, light and dark:
 * test-results/screenshots/<state>-<light|dark>.png (400 x 600, the popup's size), plus a full-page
 * healthy one. The states are seeded straight into the extension's storage through the service
 * worker; hosts resolve nowhere, so the real engine can only fail, and its alarms are cleared
 * before each seed so it does not overwrite the seeded snapshot.
 *
 * Host permissions: a copy of the built extension whose manifest grants the fixture's hosts
 * (as a preconfigured build would), so "permission missing" is shown only where it is meant.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../lib/apps';
import { publishableKeyFor } from '../../lib/publishable-key';
import type { RefreshAttempt, SessionSnapshot } from '../../lib/snapshot';
import { FAPI_HOST, fixtureApp, fixtureHistory, stateSnapshots } from '../unit/components/fixtures';
import { EXTENSION_DIR, type ExtensionBrowser, launchWithExtension } from './harness';

const OUT = 'test-results/screenshots';

function extensionWithFixtureHosts(): string {
  const dir = mkdtempSync(join(tmpdir(), 'csi-shots-ext-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = [`https://${FAPI_HOST}/*`, 'http://localhost/*'];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}

interface Seed {
  apps: AppConfig[];
  snapshot: SessionSnapshot | null;
  history: RefreshAttempt[];
}

async function seed(browser: ExtensionBrowser, { apps, snapshot, history }: Seed): Promise<void> {
  await browser.worker.evaluate(
    async ({ apps, snapshot, history }) => {
      await chrome.storage.session.clear();
      await chrome.storage.local.clear();
      await chrome.storage.local.set({ apps, defaultsSeeded: true, selectedAppId: apps[0]?.id ?? null });
      const appId = apps[0]?.id;
      // Let the engine react to the new apps (it writes its own snapshot), then silence it.
      const deadline = Date.now() + 2500;
      while (appId && Date.now() < deadline) {
        const stored = await chrome.storage.session.get(`snapshot:${appId}`);
        if (stored[`snapshot:${appId}`]) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 300));
      await chrome.alarms.clearAll();
      if (appId && snapshot) await chrome.storage.session.set({ [`snapshot:${appId}`]: snapshot });
      if (appId && !snapshot) await chrome.storage.session.remove(`snapshot:${appId}`);
      if (appId) await chrome.storage.local.set({ [`history:${appId}`]: history });
    },
    { apps, snapshot, history },
  );
}

const SCHEMES = ['light', 'dark'] as const;

describe.each(SCHEMES)('popup screenshots (%s)', (scheme) => {
  let browser: ExtensionBrowser;
  let extensionDir: string;
  beforeAll(async () => {
    extensionDir = extensionWithFixtureHosts();
    browser = await launchWithExtension({ colorScheme: scheme, extensionDir });
    mkdirSync(OUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(extensionDir, { recursive: true, force: true });
  });

  async function shoot(state: string, data: Seed, expectText: string, fullPage = false) {
    await seed(browser, data);
    const popup = await browser.openPopup();
    await popup.setViewportSize({ width: 400, height: 600 });
    await expect.poll(() => popup.getByTestId('status').textContent(), { timeout: 10_000 }).toContain(expectText);
    // The token, history and sign-out panels load lazily, just after the first paint.
    if (data.snapshot && state !== 'permission-missing') await popup.getByRole('heading', { name: 'Refresh history' }).waitFor();
    await popup.screenshot({ path: `${OUT}/${state}-${scheme}.png` });
    if (fullPage) await popup.screenshot({ path: `${OUT}/${state}-${scheme}-full.png`, fullPage: true });
    // The popup's document must not be wider than the popup.
    const width = await popup.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(400);
    await popup.close();
  }

  it('healthy, expiring, expired, signed out, stale, unreachable', async () => {
    const now = Date.now();
    const snapshots = stateSnapshots(now);
    const app = fixtureApp();
    const history = fixtureHistory(now);
    await shoot(
      'healthy',
      { apps: [app, fixtureApp({ id: 'app-staging', label: 'staging' })], snapshot: snapshots.healthy ?? null, history },
      'Healthy',
      true,
    );
    await shoot(
      'expiring',
      { apps: [{ ...app, mode: 'observe' }], snapshot: snapshots.expiring ?? null, history },
      'Expiring',
      true,
    );
    await shoot('expired', { apps: [app], snapshot: snapshots.expired ?? null, history }, 'Expired');
    await shoot('signed-out', { apps: [app], snapshot: snapshots['signed-out'] ?? null, history: [] }, 'Signed out');
    await shoot('stale', { apps: [app], snapshot: snapshots.stale ?? null, history }, 'Stale', true);
    await shoot('unreachable', { apps: [app], snapshot: snapshots.unreachable ?? null, history }, 'FAPI unreachable');
  });

  it('not configured, permission missing', async () => {
    await shoot('not-configured', { apps: [], snapshot: null, history: [] }, 'Not configured');
    const elsewhere = fixtureApp({
      id: 'app-prod',
      label: 'production',
      publishableKey: publishableKeyFor('clerk.example-shop.test', 'production'),
      syncHost: 'https://example-shop.test',
    });
    await shoot('permission-missing', { apps: [elsewhere], snapshot: null, history: [] }, 'Permission missing');
  });
});

describe('options page screenshot', () => {
  it('light, with the add form open', async () => {
    const browser = await launchWithExtension({ colorScheme: 'light' });
    try {
      await browser.worker.evaluate(
        async (apps) => {
          await chrome.storage.local.set({ apps, defaultsSeeded: true });
        },
        [fixtureApp()],
      );
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 800, height: 1200 });
      await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
      await page.getByRole('button', { name: 'Add an app' }).click();
      await page.getByLabel('Label').fill('staging');
      await page.getByLabel('Publishable key').fill('sk_test_notarealsecret');
      await page.getByLabel(/Sync host/).fill('app.example.com');
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Secret key refused');
      await page.screenshot({ path: `${OUT}/options-light.png`, fullPage: true });
      expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
