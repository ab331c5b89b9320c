/**
 * Every reason the pinned @clerk/backend can give has a cause and a fix. AuthErrorReason is not
 * exported by the package, so its values are read from its published type declarations.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TokenVerificationErrorReason } from '@clerk/backend/errors';
import { describe, expect, it } from 'vitest';
import { REASONS, reasonHelp } from '../../../lib/traffic/reasons';

function authErrorReasons(): string[] {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@clerk/backend/errors'));
  const dts = readFileSync(join(dist, 'tokens/authStatus.d.ts'), 'utf8');
  const block = dts.slice(dts.indexOf('AuthErrorReason: {'), dts.indexOf('};', dts.indexOf('AuthErrorReason: {')));
  return [...block.matchAll(/:\s*"([a-z-]+)"/g)].map((m) => m[1] as string);
}

describe('Clerk’s reasons', () => {
  it('every AuthErrorReason of @clerk/backend has a cause and a fix', () => {
    const values = authErrorReasons();
    expect(values).toContain('session-token-iat-in-the-future');
    expect(values.length).toBeGreaterThan(10);
    expect(values.filter((v) => !REASONS[v])).toEqual([]);
  });

  it('every TokenVerificationErrorReason has one too', () => {
    expect(Object.values(TokenVerificationErrorReason).filter((v) => !REASONS[v])).toEqual([]);
  });

  it('an expired token the backend could not refresh gets the expired help', () => {
    expect(reasonHelp('session-token-expired-refresh-non-eligible-no-refresh-cookie')).toBe(REASONS['session-token-expired']);
    expect(reasonHelp('no-such-reason')).toBeNull();
    expect(reasonHelp(null)).toBeNull();
  });
});
