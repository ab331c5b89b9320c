/**
 * Browser entry of the Clerk test page: the real clerk-js (no remotely hosted code) loaded with the
 * publishable key the server put in the page. Sets `window.Clerk` at once, as Clerk's browser
 * bundle does in a real app (the extension's tab detection reads it), and `window.clerk` once
 * loaded, or `window.clerkLoadError`.
 */
import { Clerk } from '@clerk/clerk-js/no-rhc';

declare global {
  interface Window {
    __clerkPublishableKey: string;
    Clerk?: Clerk;
    clerk?: Clerk;
    clerkLoadError?: string;
  }
}

const clerk = new Clerk(window.__clerkPublishableKey);
window.Clerk = clerk;
/** Resolves with the loaded instance; pages built on this one (the demo app) import it. */
export const clerkReady: Promise<Clerk> = clerk
  .load({ telemetry: false })
  .then(() => {
    window.clerk = clerk;
    document.body.dataset.clerkStatus = clerk.status;
    return clerk;
  })
  .catch((error: unknown) => {
    window.clerkLoadError = String((error as Error)?.stack ?? error);
    document.body.dataset.clerkStatus = 'error';
    throw error;
  });
