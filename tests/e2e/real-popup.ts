/**
 * The real toolbar popup and the real side panel in headless Chromium, over the DevTools protocol.
 *
 * - `Extensions.triggerAction({ id, targetId })` is a click on the extension's toolbar icon for a
 *   tab: Chrome opens the real popup and grants `activeTab` on that tab, exactly as a user's click
 *   does. It needs --remote-debugging-pipe (Playwright's transport) and
 *   --enable-unsafe-extension-debugging (`extensionDebugging` in harness.ts), and a *tab* target
 *   id (`Target.getTargets` with `filter: [{ type: 'tab' }]`), not the page's.
 * - Playwright does not attach to the popup or side-panel WebContents (they are not tabs), so
 *   this attaches itself (`Target.attachToTarget`, non-flat, messages through
 *   `Target.sendMessageToTarget`) and offers evaluate, a real mouse click (a user gesture, which
 *   `permissions.request` and `sidePanel.open` require) and screenshots.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import type { ExtensionBrowser } from './harness';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export interface CdpPage {
  targetId: string;
  url: string;
  /** Evaluates an expression (or a function's source called with `arg`) in the page; awaits promises. */
  evaluate<T>(fn: string | ((arg: never) => unknown), arg?: unknown): Promise<T>;
  /** A real mouse click at the centre of the first element matching `selector`. */
  click(selector: string): Promise<void>;
  /** Polls `fn` in the page until it returns a truthy value; returns it. */
  waitFor<T>(fn: string | ((arg: never) => unknown), arg?: unknown, timeoutMs?: number): Promise<T>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

const sessions = new WeakMap<ExtensionBrowser, Promise<CDPSession>>();

/** One browser-level DevTools session per browser. */
export function browserSession(browser: ExtensionBrowser): Promise<CDPSession> {
  let session = sessions.get(browser);
  if (!session) {
    const owner = browser.context.browser();
    if (!owner) throw new Error('no Browser behind this context');
    session = owner.newBrowserCDPSession();
    sessions.set(browser, session);
  }
  return session;
}

export async function targets(browser: ExtensionBrowser, type?: string): Promise<TargetInfo[]> {
  const cdp = await browserSession(browser);
  const { targetInfos } = (await cdp.send('Target.getTargets', type ? { filter: [{ type }] } : {})) as {
    targetInfos: TargetInfo[];
  };
  return targetInfos;
}

async function waitForTarget(
  browser: ExtensionBrowser,
  match: (t: TargetInfo) => boolean,
  timeoutMs: number,
): Promise<TargetInfo> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await targets(browser)).find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no target matched in ${timeoutMs} ms: ${(await targets(browser)).map((t) => t.url).join(', ')}`);
}

function source(fn: string | ((arg: never) => unknown), arg: unknown): string {
  return typeof fn === 'string' ? fn : `(${fn.toString()})(${JSON.stringify(arg ?? null)})`;
}

/** Attaches to an extension page that Playwright does not see (the popup, the side panel). */
export async function attach(browser: ExtensionBrowser, target: TargetInfo): Promise<CdpPage> {
  const cdp = await browserSession(browser);
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as {
    sessionId: string;
  };
  let nextId = 1;
  const waiting = new Map<number, (message: { result?: Record<string, unknown>; error?: { message: string } }) => void>();
  const onMessage = (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
    if (message.id !== undefined) waiting.get(message.id)?.(message);
  };
  // A popup Chrome closes (it lost the focus to a permission prompt) never answers what was sent
  // to it: its detach ends every call still waiting, as "Target closed", instead of a hang.
  const onDetached = (event: { sessionId: string }) => {
    if (event.sessionId !== sessionId) return;
    for (const done of [...waiting.values()]) done({ error: { message: 'Target closed' } });
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  cdp.on('Target.detachedFromTarget', onDetached);
  const send = <T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (message) => {
        waiting.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve((message.result ?? {}) as T);
      });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch((error) => {
        waiting.delete(id);
        reject(error);
      });
    });
  const evaluate = async <T>(fn: string | ((arg: never) => unknown), arg?: unknown): Promise<T> => {
    const reply = await send<{
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression: source(fn, arg), returnByValue: true, awaitPromise: true });
    if (reply.exceptionDetails) {
      throw new Error(`in ${target.url}: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`);
    }
    return reply.result.value as T;
  };
  return {
    targetId: target.targetId,
    url: target.url,
    evaluate,
    async click(selector) {
      const box = await evaluate<{ x: number; y: number } | null>((sel: string) => {
        const el = document.querySelector(sel);
        if (!el) return null;
        el.scrollIntoView({ block: 'nearest' });
        const r = el.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }, selector);
      if (!box) throw new Error(`no element ${selector} in ${target.url}`);
      await send('Input.dispatchMouseEvent', { type: 'mousePressed', x: box.x, y: box.y, button: 'left', clickCount: 1 });
      // The release is the click: what it starts may close the popup before Chrome answers (a
      // permission prompt takes the focus). The click happened; the caller sees the closed popup.
      await send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: box.x, y: box.y, button: 'left', clickCount: 1 }).catch(
        (error: Error) => {
          if (!/Target closed/.test(error.message)) throw error;
        },
      );
    },
    async waitFor<T>(fn: string | ((arg: never) => unknown), arg?: unknown, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      while (Date.now() < deadline) {
        last = await evaluate(fn, arg);
        if (last) return last as T;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`waitFor in ${target.url}: not true in ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    },
    async screenshot(path) {
      const { data } = await send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Buffer.from(data, 'base64'));
    },
    async close() {
      cdp.off('Target.receivedMessageFromTarget', onMessage);
      cdp.off('Target.detachedFromTarget', onDetached);
      await cdp.send('Target.closeTarget', { targetId: target.targetId }).catch(() => undefined);
      // Wait until Chrome no longer lists it (closing is asynchronous).
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline && (await targets(browser)).some((t) => t.targetId === target.targetId)) {
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/**
 * Clicks the toolbar icon while `page` is the active tab and returns the real popup. The tab is
 * found by its URL (make it unique in the test).
 */
export async function clickToolbarIcon(browser: ExtensionBrowser, page: Page): Promise<CdpPage> {
  await page.bringToFront();
  const url = page.url();
  const tabs = (await targets(browser, 'tab')).filter((t) => t.url === url);
  if (tabs.length !== 1) throw new Error(`expected one tab at ${url}, found ${tabs.length}`);
  const popupUrl = `chrome-extension://${browser.extensionId}/popup.html`;
  const cdp = await browserSession(browser);
  // A popup that is still closing is still listed: never attach to one that existed before the click.
  const before = new Set<string>();
  for (const old of (await targets(browser)).filter((t) => t.url.startsWith(popupUrl))) {
    before.add(old.targetId);
    await cdp.send('Target.closeTarget', { targetId: old.targetId }).catch(() => undefined);
  }
  await cdp.send('Extensions.triggerAction', { id: browser.extensionId, targetId: (tabs[0] as TargetInfo).targetId });
  const popup = await waitForTarget(
    browser,
    (t) => t.type === 'page' && t.url.startsWith(popupUrl) && !before.has(t.targetId),
    30_000,
  );
  return attach(browser, popup);
}

/** The real side panel, once something opened it. */
export async function sidePanel(browser: ExtensionBrowser, timeoutMs = 30_000): Promise<CdpPage> {
  const url = `chrome-extension://${browser.extensionId}/sidepanel.html`;
  return attach(browser, await waitForTarget(browser, (t) => t.type === 'page' && t.url.startsWith(url), timeoutMs));
}
