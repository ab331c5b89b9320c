/**
 * Popup time to data: a new tab per open, navigated to the page; an init script (injected before
 * any of the page's own code) watches the DOM with a MutationObserver and records
 * `performance.now()` (ms since the navigation started, the page's time origin) the moment the
 * user's email (and, for our popup, the session-age number) is in the DOM.
 */
import type { BrowserContext } from 'playwright-core';

export interface TimingTarget {
  name: string;
  url: string;
  /** Text that must be in the body. */
  text: string;
  /** An element that must exist with non-empty text (our session-age number). */
  selector?: string;
}

export interface OpenSample {
  /** In-page: performance.now() when the data was in the DOM (navigation start = 0). */
  ttdMs: number;
  /** Wall clock from page.goto() to the answer (includes a poll interval; for reference). */
  wallMs: number;
}

declare global {
  interface Window {
    __benchTtd?: number;
  }
}

/**
 * The watcher, as source text: a function passed to addInitScript would be serialized after
 * tsx's keepNames transform, whose `__name()` helper does not exist in the page.
 */
const WATCH_SOURCE = `(arg) => {
  const ready = () => {
    const body = document.body;
    if (!body || !body.textContent || !body.textContent.includes(arg.text)) return false;
    if (arg.selector) {
      const element = document.querySelector(arg.selector);
      if (!element || !element.textContent || !element.textContent.trim()) return false;
    }
    return true;
  };
  const observer = new MutationObserver(() => {
    if (window.__benchTtd === undefined && ready()) {
      window.__benchTtd = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}`;

function watchScript(target: TimingTarget): string {
  return `(${WATCH_SOURCE})(${JSON.stringify({ text: target.text, selector: target.selector ?? null })});`;
}

export async function openOnce(context: BrowserContext, target: TimingTarget, timeoutMs = 20_000): Promise<OpenSample> {
  const page = await context.newPage();
  try {
    await page.addInitScript(watchScript(target));
    const started = Date.now();
    await page.goto(target.url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__benchTtd !== undefined, undefined, { timeout: timeoutMs, polling: 10 });
    const wallMs = Date.now() - started;
    const ttdMs = await page.evaluate(() => window.__benchTtd as number);
    return { ttdMs, wallMs };
  } finally {
    await page.close();
  }
}

/** Heap of a freshly opened page once its data is shown (CDP Runtime.getHeapUsage). */
export async function pageHeap(context: BrowserContext, target: TimingTarget): Promise<number> {
  const page = await context.newPage();
  try {
    await page.addInitScript(watchScript(target));
    await page.goto(target.url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__benchTtd !== undefined, undefined, { timeout: 20_000, polling: 10 });
    await page.waitForTimeout(500);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize;
  } finally {
    await page.close();
  }
}
