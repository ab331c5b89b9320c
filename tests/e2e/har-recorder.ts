/**
 * Records a HAR 1.2 log of one page's real traffic with Playwright's network events (every hop of
 * a redirect chain is its own entry, with the request's Cookie header and every Set-Cookie), the
 * shape `chrome.devtools.network.getHAR()` gives the Clerk panel. Real DevTools cannot be driven
 * in headless Chromium, so the e2e records the app's traffic here and imports it into the panel.
 */
import type { Page, Request } from 'playwright-core';
import type { HarEntry, HarLog } from '../../lib/traffic/har';

export interface HarRecorder {
  /** Waits for responses still being read, then the log so far (read it before closing the page). */
  har(): Promise<HarLog>;
  stop(): void;
}

async function toEntry(request: Request): Promise<HarEntry | null> {
  const response = await request.response().catch(() => null);
  if (!response) return null;
  const timing = request.timing();
  const requestHeaders = await request.headersArray().catch(() => []);
  const responseHeaders = await response.headersArray().catch(() => []);
  const status = response.status();
  const isRedirect = status >= 300 && status < 400;
  const text = isRedirect ? undefined : await response.text().catch(() => undefined);
  const location = responseHeaders.find((h) => h.name.toLowerCase() === 'location')?.value ?? '';
  return {
    startedDateTime: new Date(timing.startTime).toISOString(),
    time: Math.max(0, timing.responseEnd),
    _resourceType: request.resourceType(),
    request: {
      method: request.method(),
      url: request.url(),
      httpVersion: 'HTTP/1.1',
      headers: requestHeaders,
      cookies: [],
      queryString: [...new URL(request.url()).searchParams].map(([name, value]) => ({ name, value })),
      ...(request.postData()
        ? { postData: { mimeType: 'application/x-www-form-urlencoded', text: request.postData() ?? '' } }
        : {}),
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status,
      statusText: response.statusText(),
      httpVersion: 'HTTP/1.1',
      headers: responseHeaders,
      cookies: [],
      redirectURL: location ? new URL(location, request.url()).href : '',
      content: {
        size: text?.length ?? 0,
        mimeType: (await response.headerValue('content-type')) ?? '',
        ...(text ? { text } : {}),
      },
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: Math.max(0, timing.responseStart), receive: 0 },
  };
}

export function recordHar(page: Page): HarRecorder {
  const pending: Array<Promise<HarEntry | null>> = [];
  // A page closed while an answer was being read loses that entry, not the log.
  const onFinished = (request: Request) => pending.push(toEntry(request).catch(() => null));
  page.on('requestfinished', onFinished);
  return {
    async har() {
      const entries = (await Promise.all(pending)).filter((e): e is HarEntry => e !== null);
      entries.sort((a, b) => Date.parse(a.startedDateTime) - Date.parse(b.startedDateTime));
      return { log: { version: '1.2', creator: { name: 'playwright-core (tests/e2e/har-recorder.ts)', version: '1' }, entries } };
    },
    stop: () => page.off('requestfinished', onFinished),
  };
}
