/**
 * Recognizes a Clerk secret key, so that none is ever saved, shown or sent. Its own module (not
 * in publishable-key.ts, which re-exports it): every context checks stored apps with it on read
 * (storage.ts), including the popup's first paint, which needs none of the key parsing.
 */

/**
 * A Clerk secret key anywhere in the text, in any case: `sk_test_…`, `SK_LIVE_…`,
 * `CLERK_SECRET_KEY=sk_test_…`, quoted, or a bare `sk_…` at the start of a word. Base64 (the
 * publishable key's payload) has no `_`, so a publishable key never matches.
 */
export function containsSecretKey(text: string): boolean {
  return /sk_(?:test|live)_/i.test(text) || /(?:^|[^a-z0-9])sk_[a-z0-9]/i.test(text);
}
