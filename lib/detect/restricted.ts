/**
 * Pages Chrome never lets an extension script, and what a failed `executeScript` means. Pure:
 * the verdict (./verdict.ts) turns these into the sentence the popup shows.
 */

export type RestrictedReason = 'browser-page' | 'extension-page' | 'web-store' | 'file' | 'not-web';

export interface Restriction {
  reason: RestrictedReason;
  message: string;
}

const BROWSER_SCHEMES = [
  'chrome:',
  'chrome-untrusted:',
  'chrome-search:',
  'devtools:',
  'edge:',
  'brave:',
  'opera:',
  'vivaldi:',
  'about:',
  'view-source:',
];

/** The Chrome Web Store (and Edge's add-ons store): no extension may script them. */
function isExtensionStore(url: URL): boolean {
  if (url.hostname === 'chromewebstore.google.com') return true;
  if (url.hostname === 'chrome.google.com' && url.pathname.startsWith('/webstore')) return true;
  return url.hostname === 'microsoftedge.microsoft.com' && url.pathname.startsWith('/addons');
}

/** Null for an ordinary http(s) page; otherwise why the extension cannot look at it. */
export function restrictionFor(rawUrl: string): Restriction | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { reason: 'not-web', message: 'This tab has no web page the extension can look at.' };
  }
  if (BROWSER_SCHEMES.includes(url.protocol)) {
    return {
      reason: 'browser-page',
      message: `This is a browser page (${url.protocol}//…): Chrome does not let extensions look at it. Switch to your app's tab.`,
    };
  }
  if (url.protocol === 'chrome-extension:' || url.protocol === 'moz-extension:') {
    return {
      reason: 'extension-page',
      message: 'This is an extension page: extensions cannot look at each other. Switch to your app.',
    };
  }
  if (isExtensionStore(url)) {
    return { reason: 'web-store', message: 'Chrome does not let extensions look at the Web Store. Switch to your app.' };
  }
  if (url.protocol === 'file:') {
    return {
      reason: 'file',
      message: 'A local file: Clerk apps run on http(s) origins, and file pages need "Allow access to file URLs".',
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { reason: 'not-web', message: `A ${url.protocol} page is not a web app with an origin Clerk could run on.` };
  }
  return null;
}

export type InjectionFailure = 'no-access' | 'restricted' | 'gone' | 'error-page' | 'refused';

/** Classifies the error `chrome.scripting.executeScript` rejected with. */
export function classifyInjectionError(message: string): { kind: InjectionFailure; message: string } {
  if (/chrome-error:\/\//.test(message)) {
    return {
      kind: 'error-page',
      message: 'The page did not load (Chrome shows its error page). Reload your app, then check again.',
    };
  }
  if (/cannot access a chrome|cannot be scripted|extensions gallery|chrome:\/\/|edge:\/\//i.test(message)) {
    return { kind: 'restricted', message: 'Chrome does not let extensions look at this page.' };
  }
  if (/cannot access contents of|must request permission|missing host permission/i.test(message)) {
    return {
      kind: 'no-access',
      message:
        'The extension may look at a tab only after you click its toolbar icon (or press its shortcut) on that tab. Do that on your app’s tab.',
    };
  }
  if (/no tab with id|frame with id \d+ was removed|tab was closed|no frame/i.test(message)) {
    return { kind: 'gone', message: 'The tab changed or closed while it was being checked. Check again.' };
  }
  return { kind: 'refused', message: `The page refused the extension’s check: ${message}` };
}
