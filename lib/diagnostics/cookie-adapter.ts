/**
 * The chrome.cookies adapter for cookie forensics: every cookie of the app's hosts (the sync host
 * and the Frontend API domain), partitioned ones included (Chrome 119+). cookies.ts reduces them
 * to metadata; nothing here keeps a value.
 */
import { browser } from 'wxt/browser';
import type { RawCookie } from './cookies';

export async function readHostCookies(urls: string[]): Promise<RawCookie[]> {
  const lists = await Promise.all(
    urls.flatMap((url) => [
      browser.cookies.getAll({ url }),
      // An empty partition key asks for every partition; older Chrome rejects it (nothing partitioned then).
      browser.cookies
        .getAll({ url, partitionKey: {} } as Parameters<typeof browser.cookies.getAll>[0])
        .then((all) => all.filter((c) => (c as RawCookie).partitionKey !== undefined))
        .catch(() => []),
    ]),
  );
  return lists.flat() as RawCookie[];
}
