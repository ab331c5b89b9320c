/**
 * Warnings about a valid publishable key that may still be a trap. Options page and build only:
 * it names the identity cookie, which the popup's bundle must not contain (tests/bench/sizes.ts).
 *
 * With a development key (`pk_test_`), the extension reads the app's dev-browser identity
 * (`__clerk_db_jwt`) from the sync host and sends it to the key's Frontend API host. Clerk's own
 * development instances live under its dev suffixes (`*.clerk.accounts.dev`); a key naming any
 * other host (`evil.com`, `169.254.169.254`) would hand that identity to whoever runs it.
 * lib/host-trust.ts applies these checks to detected and stored apps as well.
 */
import { CURRENT_DEV_INSTANCE_SUFFIXES, LEGACY_DEV_INSTANCE_SUFFIXES } from '@clerk/shared/constants';
import { isIpLiteral, isLocalhost } from './host-kinds';
import type { ParsedPublishableKey } from './publishable-key';

const DEV_SUFFIXES: readonly string[] = [...CURRENT_DEV_INSTANCE_SUFFIXES, ...LEGACY_DEV_INSTANCE_SUFFIXES];

/** Whether a host is one of Clerk's development Frontend API domains (`<name>.clerk.accounts.dev`). */
export function isClerkDevelopmentHost(host: string): boolean {
  const lower = host.toLowerCase();
  return !isIpLiteral(lower) && DEV_SUFFIXES.some((suffix) => lower.endsWith(suffix) && lower.length > suffix.length);
}

/** A warning for a development key whose host is not a Clerk development domain; null when fine. */
export function developmentHostWarning(key: ParsedPublishableKey): string | null {
  if (key.instanceType !== 'development' || isClerkDevelopmentHost(key.fapiHost)) return null;
  const what = isIpLiteral(key.fapiHost)
    ? 'an IP address'
    : isLocalhost(key.fapiHost)
      ? 'this machine (localhost)'
      : 'not a Clerk development domain (such as <name>.clerk.accounts.dev)';
  return (
    `This development key names ${key.fapiHost}, which is ${what}. ` +
    `The extension would send your app's development identity (the __clerk_db_jwt cookie of the sync host) there. ` +
    'Use this key only if you run that host yourself; otherwise copy the key again from the Clerk Dashboard.'
  );
}
