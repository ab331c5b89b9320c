/**
 * Scenario 8 (issue 6): the options page refuses a wrong publishable key, a secret key and a bad
 * sync host with clear messages, and a good configuration is saved and takes effect: the engine
 * syncs the new app and the popup shows it.
 *
 * Host permissions: Chrome asks the user before granting a host that the manifest does not
 * already grant, and a headless browser cannot click that prompt. The preconfigured build
 * grants the emulator's development FAPI host and localhost (the demo app), so the good
 * configuration here uses those hosts: `chrome.permissions.request` in the Save click resolves
 * true at once, as it does for a real user re-adding an app whose hosts they already granted.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../lib/apps';
import type { SessionSnapshot } from '../../lib/snapshot';
import { extensionRequests, isTokenRequest, pollUntil, screenshot, testIdText } from './scenario-helpers';
import { startWorld, type World } from './world';

async function storedApps(world: World): Promise<AppConfig[]> {
  return world.browser.worker.evaluate(async () => ((await chrome.storage.local.get('apps')).apps ?? []) as AppConfig[]);
}

async function storedSnapshot(world: World, appId: string): Promise<SessionSnapshot | null> {
  return world.browser.worker.evaluate(
    async (key) => ((await chrome.storage.session.get(key))[key] ?? null) as SessionSnapshot | null,
    `snapshot:${appId}`,
  );
}

function field(options: Page, label: RegExp) {
  return options.locator('.field', { has: options.getByLabel(label) });
}

describe('options: refusing bad input, saving a good app', () => {
  let world: World;
  let options: Page;
  let sessionId = '';
  beforeAll(async () => {
    world = await startWorld({ setUp: true, variant: 'e2e-s8-options' });
    const page = await world.openDemo();
    sessionId = await world.signInOnDemo(page);
    await world.waitForSnapshot((s) => s.currentSessionId === sessionId);
    options = await world.browser.context.newPage();
    await options.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('refuses a wrong key, a secret key, a duplicate key and a bad sync host with clear messages; nothing is saved', async () => {
    await options.getByTestId('app-row').first().waitFor();
    expect(await options.getByTestId('app-row').count()).toBe(1);
    await options.getByRole('button', { name: 'Add an app' }).click();
    const form = options.getByRole('form', { name: 'Add an app' });
    const save = form.getByRole('button', { name: 'Save' });
    await form.getByLabel('Label').fill('Staging');

    const key = form.getByLabel('Publishable key');
    const keyField = field(options, /Publishable key/);
    await key.fill('clerk-publishable-key');
    await expect.poll(() => keyField.locator('.field-error').textContent()).toContain('starts with pk_test_ or pk_live_');
    await key.fill(`pk_test_${Buffer.from('not a host').toString('base64')}`);
    await expect.poll(() => keyField.locator('.field-error').textContent()).toContain('does not decode to a Frontend API host');
    await key.fill(`pk_test_${Buffer.from('localhost$').toString('base64')}`);
    await expect.poll(() => keyField.locator('.field-error').textContent()).toContain('not a host name with a dot');
    expect(await key.getAttribute('aria-invalid')).toBe('true');
    expect(await save.isDisabled()).toBe(true);
    expect(await form.getByTestId('save-hint').isVisible()).toBe(true);

    // A secret key never stays in the form: the field is emptied and the warning says to rotate it.
    await key.fill('sk_test_0123456789abcdefghijklmnopqrstuv');
    const alert = form.getByRole('alert').filter({ hasText: 'Secret key refused.' });
    await alert.waitFor({ timeout: 5000 });
    expect(await alert.textContent()).toMatch(/rotate it in the Clerk Dashboard/);
    expect(await key.inputValue()).toBe('');
    expect(await save.isDisabled()).toBe(true);

    // The key of an app that is already configured.
    await key.fill(world.emulator.publishableKeys.development);
    await expect.poll(() => keyField.locator('.field-error').textContent()).toContain('already configured as "Demo app"');
    // A valid key shows what it decodes to.
    await key.fill(world.emulator.publishableKeys.production);
    await expect.poll(() => keyField.locator('.hint').textContent()).toContain('production instance');
    expect(await keyField.locator('.field-error').count()).toBe(0);

    const host = form.getByLabel(/Sync host/);
    const hostField = field(options, /Sync host/);
    await host.fill('ftp://files.example.com');
    await expect.poll(() => hostField.locator('.field-error').textContent()).toContain('must be an http:// or https:// origin');
    await host.fill(`${world.demo.origin}/dashboard?tab=1`);
    await expect
      .poll(() => hostField.locator('.field-error').textContent())
      .toContain(`Use the origin only: ${world.demo.origin}`);
    await host.fill('not a url');
    await expect.poll(() => hostField.locator('.field-error').textContent()).toContain('Enter the origin of your app');
    expect(await save.isDisabled()).toBe(true);
    await screenshot(options, 'options-refused');

    await form.getByRole('button', { name: 'Cancel' }).click();
    const apps = await storedApps(world);
    expect(apps.map((a) => a.label)).toEqual(['Demo app']);
    expect(JSON.stringify(apps)).not.toContain('sk_test_');
  });

  it('saves a good configuration, which takes effect: the engine syncs the new app and the popup shows it', async () => {
    // Replace the preconfigured app with the same Clerk app under a new label, in observe mode.
    await options.getByRole('button', { name: 'Remove Demo app' }).click();
    await options.getByRole('button', { name: 'Remove “Demo app”' }).click();
    await pollUntil(
      () => storedApps(world),
      (apps) => apps.length === 0,
      5000,
      'app removed',
    );

    await options.getByRole('button', { name: 'Add an app' }).click();
    const form = options.getByRole('form', { name: 'Add an app' });
    await form.getByLabel('Label').fill('Dev via options');
    await form.getByLabel('Publishable key').fill(world.emulator.publishableKeys.development);
    await form.getByLabel(/Sync host/).fill(`${world.demo.origin}/`);
    await form.getByLabel(/^Observe:/).check();
    await form.getByLabel('Inactivity timeout (minutes)').fill('30');
    const save = form.getByRole('button', { name: 'Save' });
    await expect.poll(() => save.isEnabled()).toBe(true);
    const seqBefore = (await world.emulator.control.requests()).at(-1)?.seq ?? 0;
    await save.click();

    const notice = options.getByRole('status').filter({ hasText: 'Saved “Dev via options”' });
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain('is granted');
    const [app] = await storedApps(world);
    expect(app).toMatchObject({
      label: 'Dev via options',
      publishableKey: world.emulator.publishableKeys.development,
      syncHost: world.demo.origin,
      mode: 'observe',
      declared: { inactivityTimeoutSeconds: 1800, maximumLifetimeSeconds: null },
    });
    await screenshot(options, 'options-saved');

    // It takes effect: a snapshot for the new app with the signed-in session, written by the engine.
    const snapshot = await pollUntil(
      () => storedSnapshot(world, app?.id ?? ''),
      (s) => s?.currentSessionId === sessionId,
      15_000,
      'snapshot of the new app',
    );
    expect(snapshot?.label).toBe('Dev via options');
    expect(snapshot?.mode).toBe('observe');
    expect(snapshot?.inactivityTimeout).toEqual({ seconds: 1800, source: 'declared' });
    // The removed app is forgotten.
    await pollUntil(
      () => storedSnapshot(world, world.appId),
      (s) => s === null,
      5000,
      'old snapshot removed',
    );
    const alarms = await world.browser.worker.evaluate(
      async () => (await chrome.alarms.getAll()).map((a: { name: string }) => a.name) as string[],
    );
    expect(alarms).toContain(`sync:${app?.id}`);
    expect(alarms.some((name) => name.endsWith(`:${world.appId}`))).toBe(false);

    const popup = await world.browser.openPopup();
    await expect.poll(() => popup.locator('h1.app-label').textContent(), { timeout: 5000 }).toBe('Dev via options');
    await expect.poll(() => testIdText(popup, 'status'), { timeout: 5000 }).toMatch(/Healthy/);
    expect(await popup.getByRole('radio', { name: 'Observe' }).isChecked()).toBe(true);
    expect(await testIdText(popup, 'inactivity-left')).toMatch(/^\d+m \d+s$/);
    await screenshot(popup, 'options-new-app');

    // The emulator: the new app reads the same client; observe mode sends no token or touch.
    const calls = await extensionRequests(world, (r) => r.seq > seqBefore);
    expect(calls.some((r) => r.path === '/v1/client' && r.status === 200)).toBe(true);
    expect(calls.filter(isTokenRequest)).toEqual([]);
    expect((await world.emulator.control.getSession(sessionId)).status).toBe('active');
  });
});
