/**
 * Screenshots of the built popup in real Chromium, one per state, light and dark:
 * test-results/screenshots/<state>-<light|dark>.png (400 x 600, the popup's size), plus a full-page
 * healthy one. The states are seeded straight into the extension's storage through the service
 * worker; hosts resolve nowhere, so the real engine can only fail, and its alarms are cleared
 * before each seed so it does not overwrite the seeded snapshot.
 *
 * In the same browser (one per colour scheme), for every state: axe-core (WCAG 2.1 A/AA) on the
 * popup, on the side panel page showing the same state, and on the options page's states, with 0
 * violations; the glance (the status, the numbers, the effective end, the token countdown and the
 * sign-out button inside the first 600 px, Chrome's popup cap); the sign-out confirmation fully
 * visible, closed by Escape and Cancel with the focus back on its trigger; the selected mode's
 * focus ring at 3:1 or more.
 *
 * Host permissions: a copy of the built extension whose manifest grants the fixture's hosts
 * (as a preconfigured build would), so "permission missing" is shown only where it is meant.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../lib/apps';
import { publishableKeyFor } from '../../lib/publishable-key';
import type { RefreshAttempt, SessionSnapshot } from '../../lib/snapshot';
import { FAPI_HOST, fixtureApp, fixtureHistory, stateSnapshots } from '../unit/components/fixtures';
import { axeViolations } from './axe';
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

const NUMBERS = ['session-age', 'inactivity', 'max-lifetime', 'effective-end', 'token-countdown'];
/** What must be inside the first 600 px: `full` = status, numbers, sign-out; `numbers` = no live session to sign out. */
type Glance = 'full' | 'numbers' | 'status';

async function checkGlance(page: Page, state: string, glance: Glance) {
  const required = ['status', ...(glance === 'status' ? [] : NUMBERS), ...(glance === 'full' ? ['signout-trigger'] : [])];
  const boxes = await page.evaluate((ids) => {
    window.scrollTo(0, 0);
    return ids.map((id) => {
      const r = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
      return { id, bottom: r && r.height > 0 ? Math.ceil(r.bottom) : null };
    });
  }, required);
  console.info(`${state}: ${boxes.map((b) => `${b.id} ${b.bottom}`).join(', ')}`);
  for (const box of boxes) {
    expect(box.bottom, `${state}: ${box.id} shown`).not.toBeNull();
    expect(box.bottom, `${state}: ${box.id} within 600 px`).toBeLessThanOrEqual(600);
  }
}

function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two opaque CSS colours (`rgb(…)`). */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The parts that load lazily, just after the first paint: the sessions, token, history and
 * diagnostics below the glance, and the own part of the rare views. The screenshot and axe wait
 * for them.
 */
async function lazyPartsShown(page: Page, state: string, data: Seed) {
  if (state === 'not-configured') await page.getByRole('button', { name: 'Open options to add an app' }).waitFor();
  if (state === 'permission-missing') await page.getByRole('button', { name: 'Grant access' }).waitFor();
  if (data.snapshot && state !== 'permission-missing') {
    await page.getByRole('heading', { name: 'Refresh history' }).waitFor();
    await page.getByTestId('diagnostics').waitFor();
  }
  if (state === 'stale' || state === 'unreachable') await page.getByTestId('error-details').waitFor();
  if (state === 'expired') await page.getByText(/can no longer be used/).waitFor();
}

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

  async function shoot(state: string, data: Seed, expectText: string, glance: Glance, fullPage = false) {
    await seed(browser, data);
    const popup = await browser.openPopup();
    await popup.setViewportSize({ width: 400, height: 600 });
    await expect.poll(() => popup.getByTestId('status').textContent(), { timeout: 10_000 }).toContain(expectText);
    await lazyPartsShown(popup, state, data);
    await popup.screenshot({ path: `${OUT}/${state}-${scheme}.png` });
    if (fullPage) await popup.screenshot({ path: `${OUT}/${state}-${scheme}-full.png`, fullPage: true });
    // The popup's document must not be wider than the popup.
    const width = await popup.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(400);
    await checkGlance(popup, state, glance);
    expect(await popup.locator('h1').count(), `${state}: one h1`).toBe(1);
    expect(await axeViolations(popup), `axe, popup, ${state}`).toEqual([]);
    await popup.close();

    // The side panel shows the same state: no violations there either.
    const panel = await browser.context.newPage();
    await panel.setViewportSize({ width: 360, height: 800 });
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    await expect.poll(() => panel.getByTestId('status').textContent(), { timeout: 10_000 }).toContain(expectText);
    await lazyPartsShown(panel, state, data);
    expect(await panel.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axeViolations(panel), `axe, side panel, ${state}`).toEqual([]);
    await panel.close();
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
      'full',
      true,
    );
    await shoot(
      'expiring',
      { apps: [{ ...app, mode: 'observe' }], snapshot: snapshots.expiring ?? null, history },
      'Expiring',
      'full',
      true,
    );
    await shoot('expired', { apps: [app], snapshot: snapshots.expired ?? null, history }, 'Expired', 'numbers');
    await shoot('signed-out', { apps: [app], snapshot: snapshots['signed-out'] ?? null, history: [] }, 'Signed out', 'status');
    await shoot('stale', { apps: [app], snapshot: snapshots.stale ?? null, history }, 'Stale', 'full', true);
    await shoot('unreachable', { apps: [app], snapshot: snapshots.unreachable ?? null, history }, 'FAPI unreachable', 'full');
  });

  it('not configured, permission missing', async () => {
    await shoot('not-configured', { apps: [], snapshot: null, history: [] }, 'Not configured', 'status');
    const elsewhere = fixtureApp({
      id: 'app-prod',
      label: 'production',
      publishableKey: publishableKeyFor('clerk.example-shop.test', 'production'),
      syncHost: 'https://example-shop.test',
    });
    await shoot('permission-missing', { apps: [elsewhere], snapshot: null, history: [] }, 'Permission missing', 'status');
  });

  it('the sign-out confirmation is fully visible; Escape and Cancel close it and focus returns to its trigger', async () => {
    const now = Date.now();
    await seed(browser, { apps: [fixtureApp()], snapshot: stateSnapshots(now).stale ?? null, history: fixtureHistory(now) });
    const popup = await browser.openPopup();
    await popup.setViewportSize({ width: 400, height: 600 });
    const trigger = popup.getByRole('button', { name: 'Sign out of all sessions…' });
    const dialog = popup.getByRole('dialog', { name: 'Sign out of all sessions' });
    const focusedTestId = () => popup.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? null);
    for (const close of ['Escape', 'Cancel'] as const) {
      await trigger.click();
      await dialog.waitFor();
      const parts = [
        dialog,
        dialog.getByRole('checkbox'),
        dialog.getByRole('button', { name: 'Sign out 2 sessions' }),
        dialog.getByRole('button', { name: 'Cancel' }),
      ];
      for (const part of parts) {
        const box = await part.boundingBox();
        expect(box).not.toBeNull();
        if (!box) continue;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(400);
        expect(box.y + box.height).toBeLessThanOrEqual(600);
      }
      // Nothing covers the controls: the element at each one's centre is that control.
      const uncovered = await dialog.evaluate((d) =>
        [...d.querySelectorAll('input, button')].every((el) => {
          const r = el.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return hit === el || el.contains(hit) || (hit instanceof HTMLLabelElement && hit.contains(el));
        }),
      );
      expect(uncovered).toBe(true);
      if (close === 'Escape') {
        await popup.screenshot({ path: `${OUT}/signout-confirm-${scheme}.png` });
        expect(await axeViolations(popup), 'axe, sign-out confirmation').toEqual([]);
        await popup.keyboard.press('Escape');
      } else {
        await dialog.getByRole('button', { name: 'Cancel' }).click();
      }
      await dialog.waitFor({ state: 'detached' });
      expect(await focusedTestId(), `focus after ${close}`).toBe('signout-trigger');
    }
    await popup.close();
  });

  it('the selected mode’s focus ring reaches 3:1 against the segment it is drawn on', async () => {
    const now = Date.now();
    await seed(browser, { apps: [fixtureApp()], snapshot: stateSnapshots(now).healthy ?? null, history: [] });
    const popup = await browser.openPopup();
    await popup.getByTestId('status').waitFor();
    // Keyboard focus (:focus-visible), as a keyboard user gets it.
    for (let i = 0; i < 10; i++) {
      await popup.keyboard.press('Tab');
      if (await popup.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value === 'keep-alive')) break;
    }
    const ring = await popup.evaluate(() => {
      const label = (document.activeElement as HTMLElement).closest('label') as HTMLElement;
      const style = getComputedStyle(label);
      return {
        selected: label.className,
        outline: style.outlineColor,
        width: style.outlineWidth,
        offset: style.outlineOffset,
        background: style.backgroundColor,
      };
    });
    expect(ring.selected).toBe('selected');
    expect(Number.parseFloat(ring.width)).toBeGreaterThanOrEqual(2);
    // Drawn inside the segment (negative offset), so the segment's colour is what it sits on.
    expect(Number.parseFloat(ring.offset)).toBeLessThan(0);
    const ratio = contrast(ring.outline, ring.background);
    console.info(`${scheme}: focus ring ${ring.outline} on ${ring.background}: ${ratio.toFixed(2)}:1`);
    expect(ratio).toBeGreaterThanOrEqual(3);
    await popup.close();
  });

  it('options page states: no axe violations', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 800, height: 1200 });
    const check = async (what: string) => expect(await axeViolations(page), `axe, options, ${what}`).toEqual([]);
    await seed(browser, { apps: [], snapshot: null, history: [] });
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.getByText('No app yet').waitFor();
    await check('no app');
    const elsewhere = fixtureApp({
      id: 'app-prod',
      label: 'production',
      publishableKey: publishableKeyFor('clerk.example-shop.test', 'production'),
      syncHost: 'https://example-shop.test',
    });
    await seed(browser, { apps: [fixtureApp(), elsewhere], snapshot: null, history: [] });
    await page.reload();
    await page.getByRole('button', { name: 'Grant access' }).waitFor();
    await check('two apps, one without permission');
    await page.getByRole('button', { name: 'Remove production' }).click();
    await check('remove confirmation');
    await page.getByRole('button', { name: 'Keep' }).click();
    await page.getByRole('button', { name: 'Edit dev' }).click();
    await page.getByRole('form').waitFor();
    await check('edit form');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Add an app' }).click();
    await page.getByLabel('Publishable key').fill('sk_test_notarealsecret');
    await page.getByLabel(/Sync host/).fill('app.example.com');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Secret key refused');
    await check('add form with errors');
    await page.screenshot({ path: `${OUT}/options-errors-${scheme}.png`, fullPage: true });
    await page.close();
  });

  it('axe really reports: an image without alt text is a violation', async () => {
    const page = await browser.openPopup();
    await page.getByTestId('status').waitFor();
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('img'), { src: 'icon/16.png' })));
    expect((await axeViolations(page)).map((v) => v.id)).toContain('image-alt');
    await page.close();
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
