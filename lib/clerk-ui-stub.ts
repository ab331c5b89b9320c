/**
 * Build-time stand-in for `@clerk/ui/no-rhc` (aliased in wxt.config.ts). The Clerk SDK imports
 * its prebuilt UI lazily for pages that mount Clerk components; the background client
 * (`createClerkClient({ background: true })`) never does, and this extension mounts none, so
 * shipping ~3 MB of UI chunks would be dead weight.
 */
export const ui = undefined;
