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
clerk
  .load({ telemetry: false })
  .then(() => {
    window.clerk = clerk;
    document.body.dataset.clerkStatus = clerk.status;
  })
  .catch((error: unknown) => {
    window.clerkLoadError = String((error as Error)?.stack ?? error);
    document.body.dataset.clerkStatus = 'error';
  });
