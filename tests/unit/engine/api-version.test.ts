import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CLERK_API_VERSION } from '../../../lib/engine/api-version';
import { CLERK_API_VERSION as DIRECT_VERSION } from '../../../lib/engine/fapi-direct';

describe('the API version the extension sends', () => {
  it('is the one the pinned clerk-js (the SDK inside @clerk/chrome-extension) sends', () => {
    // @clerk/chrome-extension loads `@clerk/clerk-js/no-rhc`; its bundle appends the version it speaks.
    const bundle = readFileSync(createRequire(import.meta.url).resolve('@clerk/clerk-js/no-rhc'), 'utf8');
    const sent = [...bundle.matchAll(/append\("__clerk_api_version","([^"]+)"\)/g)].map((m) => m[1]);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(new Set(sent)).toEqual(new Set([CLERK_API_VERSION]));
  });

  it('is a dated Clerk version, and the direct gateway sends the same', () => {
    expect(CLERK_API_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(DIRECT_VERSION).toBe(CLERK_API_VERSION);
  });
});
