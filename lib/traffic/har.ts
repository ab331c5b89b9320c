/**
 * The subset of a HAR 1.2 entry the traffic panel reads, and small readers for it. Both sources
 * produce this shape: `chrome.devtools.network` (onRequestFinished, getHAR) in the panel, and a
 * HAR file the user imports (Playwright's recordHar in the e2e, Chrome's "Save all as HAR").
 * Pure; nothing here keeps a value beyond the call.
 */

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  /** Total ms from start to the end of the response. */
  time?: number;
  /** Chrome's own field: 'document', 'xhr', 'fetch', … */
  _resourceType?: string;
  request: {
    method: string;
    url: string;
    httpVersion?: string;
    headers: HarNameValue[];
    cookies?: HarNameValue[];
    queryString?: HarNameValue[];
    postData?: { mimeType?: string; text?: string };
    headersSize?: number;
    bodySize?: number;
  };
  response: {
    status: number;
    statusText?: string;
    httpVersion?: string;
    headers: HarNameValue[];
    cookies?: HarNameValue[];
    redirectURL?: string;
    content?: { size?: number; mimeType?: string; text?: string; encoding?: string };
    headersSize?: number;
    bodySize?: number;
  };
  cache?: Record<string, unknown>;
  timings?: Record<string, number>;
  [extra: string]: unknown;
}

export interface HarLog {
  log: { version: string; creator: { name: string; version: string }; pages?: unknown[]; entries: HarEntry[] };
}

export function header(headers: readonly HarNameValue[] | undefined, name: string): string | null {
  const lower = name.toLowerCase();
  return headers?.find((h) => h.name.toLowerCase() === lower)?.value ?? null;
}

/**
 * The request's cookies in the order the browser sent them (more specific paths first), so a
 * stale copy on a longer path shows up before the current one, as a server's parser sees them.
 */
export function requestCookies(entry: HarEntry): HarNameValue[] {
  const raw = header(entry.request.headers, 'cookie');
  if (raw !== null) {
    return raw
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part.includes('='))
      .map((part) => {
        const at = part.indexOf('=');
        return { name: part.slice(0, at).trim(), value: part.slice(at + 1).trim() };
      });
  }
  return entry.request.cookies ?? [];
}

/** `Set-Cookie` directives of the response, as name and value. */
export function responseSetCookies(entry: HarEntry): HarNameValue[] {
  const fromHeaders = entry.response.headers
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    // Chrome folds several Set-Cookie headers into one value separated by newlines.
    .flatMap((h) => h.value.split('\n'))
    .map((line) => {
      const pair = line.split(';')[0] ?? '';
      const at = pair.indexOf('=');
      return at < 0 ? null : { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
    })
    .filter((c): c is HarNameValue => c !== null);
  return fromHeaders.length > 0 ? fromHeaders : (entry.response.cookies ?? []);
}

export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Start of the request, local ms; NaN when the entry has no usable date. */
export function startedAt(entry: HarEntry): number {
  return Date.parse(entry.startedDateTime);
}
