/**
 * The baseline popup, written the way Clerk's Chrome extension quickstarts do it: `ClerkProvider`
 * from `@clerk/chrome-extension` in the popup, with the publishable key and the sync host, and
 * the user read with `useUser()`. Every open loads Clerk (the SDK and clerk-js) and asks the
 * Frontend API for the session before anything can be shown. Bundled by tests/bench/baseline/build.ts.
 */
import { ClerkProvider, useUser } from '@clerk/chrome-extension';
import { createRoot } from 'react-dom/client';

declare const __BASELINE_PUBLISHABLE_KEY__: string;
declare const __BASELINE_SYNC_HOST__: string;

function Email() {
  const { isLoaded, isSignedIn, user } = useUser();
  if (!isLoaded) return <p>Loading…</p>;
  if (!isSignedIn) return <p>Signed out</p>;
  return <p data-testid="email">{user.primaryEmailAddress?.emailAddress}</p>;
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <ClerkProvider publishableKey={__BASELINE_PUBLISHABLE_KEY__} syncHost={__BASELINE_SYNC_HOST__} afterSignOutUrl="/popup.html">
      <Email />
    </ClerkProvider>,
  );
}
