/**
 * The real-browser fault matrix (issue 11), one world (the shared development keep-alive build),
 * in order, each scenario restoring what it broke:
 *   - a token mint that hangs: cut at 10 s (the SDK gets the same limit as direct calls), the
 *     session and its numbers stay live from the reads, and mints heal when Clerk answers again;
 *   - `storage.local` full: the refresh history cannot be written, yet the fresh snapshot is
 *     published (not stale) and the doctor names the failed side effect;
 *   - the worker stopped in the middle of a sign-out (last: it leaves the worker handle stale):
 *     the next worker asks Clerk what really ended, and the popup shows the interrupted report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignOutReport } from '../../lib/protocol';
import { screenshot } from './scenario-helpers';
import { startSignedInWorld, type World } from './world';

const TOKEN_LIFETIME_MS = 8_000;
const SIGN_OUT_LATENCY_MS = 6_000;

describe('faults: a hung mint, a full storage, a worker stopped mid-sign-out', () => {
  let world: World;
  let sessionId: string;
  beforeAll(async () => {
    ({ world, sessionId } = await startSignedInWorld({ tokenLifetimeMs: TOKEN_LIFETIME_MS }, { setUp: true }));
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a mint that hangs is cut at 10 s; the reads keep the session live; mints heal', async () => {
    const fault = await world.emulator.control.addFault({
      method: 'POST',
      path: '/v1/client/sessions/*/tokens',
      latencyMs: 60_000,
    });
    const cut = await world.waitForSnapshot((s) => s.setup.mint?.error?.kind === 'timeout', 45_000);
    expect(cut.setup.mint?.error?.message).toMatch(/10 s/);
    expect(cut.currentSessionId).toBe(sessionId);
    expect(cut.setup.read?.ok).toBe(true);
    await world.emulator.control.removeFault(fault.id);
    await world.waitForSnapshot((s) => s.setup.mint?.ok === true, 60_000);
  });

  it('storage.local full: the history write fails, the fresh snapshot is still published and the doctor says so', async () => {
    const probe = await world.browser.context.newPage();
    await probe.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
    // Fill the 10 MB quota up to a few bytes: the next history append (a rewrite of the list) fails.
    // `since` is taken before the fill: a sync already under way may publish (its own time) while
    // the fill lands, and its failed history append is as much the proof as a later one.
    const since = Date.now();
    await probe.evaluate(async () => {
      const used = await chrome.storage.local.getBytesInUse(null);
      await chrome.storage.local.set({ filler: 'x'.repeat(chrome.storage.local.QUOTA_BYTES - used - 64) });
    });
    const published = await world.waitForSnapshot((s) => (s.sideEffectError ?? '').includes('history'), 20_000);
    expect(published.writtenAt).toBeGreaterThan(since);
    expect(published.stale).toBe(false);
    expect(published.currentSessionId).toBe(sessionId);

    const popup = await world.browser.openPopup();
    const check = popup.locator('[data-testid="doctor"] [data-check="side-effects"]');
    await expect.poll(() => check.getAttribute('data-status'), { timeout: 10_000 }).toBe('warn');
    expect(await check.textContent()).toContain('refresh history not saved');

    await probe.evaluate(() => chrome.storage.local.remove('filler'));
    await world.waitForSnapshot((s) => s.sideEffectError === null && s.writtenAt > Date.now() - 5000, 20_000);
    await expect.poll(() => check.count(), { timeout: 10_000 }).toBe(0);
    await popup.close();
    await probe.close();
  });

  it('the worker stopped mid-sign-out: the next one asks Clerk what ended; the popup shows the interrupted report', async () => {
    const readReport = async () => {
      const page = world.browser.context.pages().find((p) => p.url().includes('/options.html'));
      const probe = page ?? (await world.browser.context.newPage());
      if (!page) await probe.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
      return probe.evaluate(
        async (key) => ((await chrome.storage.session.get(key))[key] ?? null) as SignOutReport | null,
        `signout:${world.appId}`,
      );
    };
    await world.emulator.control.addFault({
      method: 'DELETE',
      path: '/v1/client/sessions',
      latencyMs: SIGN_OUT_LATENCY_MS,
      times: 1,
    });
    const popup = await world.browser.openPopup();
    await popup.getByRole('button', { name: 'Sign out of all sessions…' }).click();
    await popup
      .getByTestId('signout-confirm')
      .getByRole('button', { name: /^Sign out 1 session/ })
      .click();
    await expect.poll(async () => (await readReport())?.status, { timeout: 10_000 }).toBe('running');

    const blank = await world.browser.context.newPage();
    const cdp = await world.browser.context.newCDPSession(blank);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await popup.close();

    // A sync alarm wakes a new worker, which completes the report from what Clerk says.
    const report = await (async () => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const r = await readReport();
        if (r?.status === 'interrupted') return r;
        await new Promise((r) => setTimeout(r, 300));
      }
      throw new Error('the report never became interrupted');
    })();
    const status = (await world.emulator.control.getSession(sessionId)).status;
    const ended = report.ended.map((i) => i.sessionId);
    const failed = report.failed.map((i) => i.sessionId);
    // What the report says is what Clerk says, whichever way the race went.
    if (status === 'active') {
      expect(failed).toEqual([sessionId]);
      expect(ended).toEqual([]);
    } else {
      expect(ended).toEqual([sessionId]);
      expect(failed).toEqual([]);
    }

    const again = await world.browser.openPopup();
    const notice = again.getByTestId('signout-notice');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain('Sign-out interrupted');
    expect(await notice.textContent()).toContain(sessionId);
    await screenshot(again, 'signout-interrupted');
    await again.close();
    await blank.close();
  });
});
