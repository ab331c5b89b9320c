import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ID, type ExtensionBrowser, launchWithExtension } from './harness';

describe('the built extension in real Chromium', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads with the pinned id and a module service worker', async () => {
    expect(browser.extensionId).toBe(EXTENSION_ID);
    const manifest = await browser.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background).toMatchObject({ type: 'module' });
  });

  it('the popup shows what the service worker wrote', async () => {
    await browser.worker.evaluate(async () => {
      await chrome.storage.local.set({
        apps: [
          {
            id: 'app-e2e',
            label: 'e2e app',
            publishableKey: `pk_test_${btoa('emu-e2e.clerk.accounts.dev$')}`,
            syncHost: null,
            mode: 'observe',
            declared: { inactivityTimeoutSeconds: null, maximumLifetimeSeconds: null },
            thresholds: { warningSeconds: 600, criticalSeconds: 120 },
            notifyBeforeSeconds: null,
          },
        ],
        defaultsSeeded: true,
      });
      // Fire the alarm handler the way Chrome does, through the registered listener.
      await chrome.alarms.create('tick', { when: Date.now() });
    });
    const popup = await browser.openPopup();
    await expect.poll(() => popup.getByTestId('fapi-host').textContent(), { timeout: 15_000 }).toBe('emu-e2e.clerk.accounts.dev');
    await popup.screenshot({ path: 'test-results/skeleton-popup.png' });
  });
});
