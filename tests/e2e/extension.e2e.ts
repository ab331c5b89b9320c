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

  it('requests exactly these permissions, hosts and commands (README, "Permissions", says why)', async () => {
    const manifest = await browser.worker.evaluate(() => chrome.runtime.getManifest());
    expect({
      permissions: manifest.permissions,
      optional_permissions: manifest.optional_permissions,
      host_permissions: manifest.host_permissions,
      optional_host_permissions: manifest.optional_host_permissions,
      commands: manifest.commands,
      side_panel: (manifest as { side_panel?: unknown }).side_panel,
      devtools_page: (manifest as { devtools_page?: unknown }).devtools_page,
      content_scripts: manifest.content_scripts,
    }).toEqual({
      permissions: ['storage', 'alarms', 'cookies', 'activeTab', 'scripting', 'sidePanel', 'contextMenus'],
      optional_permissions: ['notifications'],
      // The plain build configures no app; app hosts are asked for at run time.
      host_permissions: [],
      optional_host_permissions: ['https://*/*', 'http://*/*'],
      commands: { _execute_action: { suggested_key: { default: 'Alt+Shift+K' } } },
      side_panel: { default_path: 'sidepanel.html' },
      // The DevTools "Clerk" panel (issue 21): no permission, but see the install warning below.
      devtools_page: 'devtools.html',
      // No content script on any page: a tab is read only when the user asks (activeTab).
      content_scripts: undefined,
    });
    const commands = await browser.worker.evaluate(() => chrome.commands.getAll());
    expect(commands.map((c: { name?: string; shortcut?: string }) => [c.name, c.shortcut])).toEqual([
      ['_execute_action', 'Alt+Shift+K'],
    ]);
  });

  it('loads with no install warnings and no manifest errors; one permission warning, from the DevTools panel (what chrome://extensions shows)', async () => {
    const page = await browser.context.newPage();
    await page.goto('chrome://extensions/');
    // chrome.developerPrivate is what the extensions page itself reads; only that page has it.
    const info = await page.evaluate(async (id) => {
      const api = (
        globalThis as unknown as {
          chrome: { developerPrivate: { getExtensionInfo(id: string): Promise<Record<string, unknown[]>> } };
        }
      ).chrome.developerPrivate;
      const { installWarnings, manifestErrors, permissions } = (await api.getExtensionInfo(id)) as unknown as {
        installWarnings: unknown[];
        manifestErrors: unknown[];
        permissions: { simplePermissions: unknown[] };
      };
      // simplePermissions: the permission warnings Chrome would show at install ("Read your
      // browsing history", …). activeTab, scripting, sidePanel and contextMenus add none. A
      // `devtools_page` adds "Read and change all your data on all websites": Chrome gives a
      // DevTools extension the inspected page's traffic and `inspectedWindow.eval` on any site
      // the user opens DevTools on. README, "Permissions", explains it.
      return { installWarnings, manifestErrors, permissionWarnings: permissions.simplePermissions };
    }, browser.extensionId);
    expect(info).toEqual({
      installWarnings: [],
      manifestErrors: [],
      permissionWarnings: [{ message: 'Read and change all your data on all websites', submessages: [] }],
    });
    await page.close();
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
    });
    // The worker follows the app list: it syncs the new app, and the plain build has no grant for
    // its host, so the snapshot it writes says so.
    const written = await browser.worker.evaluate(async () => {
      for (let i = 0; i < 100; i++) {
        const { 'snapshot:app-e2e': snapshot } = await chrome.storage.session.get('snapshot:app-e2e');
        if (snapshot) return snapshot as { fapiHost: string; error: { kind: string } | null };
        await new Promise((r) => setTimeout(r, 100));
      }
      return null;
    });
    expect(written).toMatchObject({ fapiHost: 'emu-e2e.clerk.accounts.dev', error: { kind: 'permission' } });
    const popup = await browser.openPopup();
    await expect.poll(() => popup.getByTestId('fapi-host').textContent(), { timeout: 15_000 }).toBe('emu-e2e.clerk.accounts.dev');
    await expect.poll(() => popup.getByRole('button', { name: 'Grant access' }).isVisible(), { timeout: 5000 }).toBe(true);
  });
});
