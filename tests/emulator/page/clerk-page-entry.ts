/**
 * Browser entry of the Clerk test page: the real clerk-js (no remotely hosted code) loaded with the
 * publishable key the server put in the page. Sets `window.clerk` once loaded, or
 * `window.clerkLoadError`.
 */
import { Clerk } from '@clerk/clerk-js/no-rhc';

declare global {
  interface Window {
    __clerkPublishableKey: string;
    clerk?: Clerk;
    clerkLoadError?: string;
  }
}

const clerk = new Clerk(window.__clerkPublishableKey);
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
