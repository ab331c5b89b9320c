import { describe, expect, it } from 'vitest';
import { cookieMatches, identitySource } from '../../../lib/engine/identity';

describe('identity sources', () => {
  it('development: __clerk_db_jwt on the sync host; production: __client on the FAPI domain', () => {
    expect(identitySource('development', 'happy-otter-42.clerk.accounts.dev', 'http://localhost:3000')).toEqual({
      instanceType: 'development',
      cookieName: '__clerk_db_jwt',
      cookieUrl: 'http://localhost:3000',
      storageKey: 'happy-otter-42.clerk.accounts.dev|__clerk_client_jwt|v2',
    });
    expect(identitySource('production', 'clerk.example.com', 'https://app.example.com')).toMatchObject({
      cookieName: '__client',
      cookieUrl: 'https://clerk.example.com',
    });
    expect(identitySource('production', 'clerk.example.com', null).cookieUrl).toBeNull();
  });

  it.each([
    ['localhost', 'http://localhost:3000', true],
    ['.example.com', 'https://clerk.example.com', true],
    ['example.com', 'https://clerk.example.com', true],
    ['other.com', 'https://clerk.example.com', false],
    ['ample.com', 'https://clerk.example.com', false],
  ])('cookie domain %s matches %s: %s', (domain, syncHost, expected) => {
    expect(cookieMatches(identitySource('development', 'x.clerk.accounts.dev', syncHost), domain)).toBe(expected);
  });
});
