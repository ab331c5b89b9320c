import { describe, expect, it } from 'vitest';
import { cookieMatches, createSyncCookieFilter, identitySource } from '../../../lib/engine/identity';

const change = (name: string, value: string, removed = false, cause = 'explicit') => ({
  removed,
  cause,
  cookie: { name, value, domain: 'localhost', path: '/' },
});

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

describe('createSyncCookieFilter', () => {
  it('a new value counts once; the same value written again does not', () => {
    const meaningful = createSyncCookieFilter();
    expect(meaningful(change('__client_uat', '1700000000'))).toBe(true);
    expect(meaningful(change('__client_uat', '1700000000', true, 'overwrite'))).toBe(false);
    expect(meaningful(change('__client_uat', '1700000000'))).toBe(false);
    expect(meaningful(change('__client_uat', '0'))).toBe(true);
  });

  it('a removal counts (cookies cleared, signed out), an overwrite does not', () => {
    const meaningful = createSyncCookieFilter();
    meaningful(change('__clerk_db_jwt', 'dvb_1'));
    expect(meaningful(change('__clerk_db_jwt', 'dvb_1', true, 'explicit'))).toBe(true);
    expect(meaningful(change('__clerk_db_jwt', 'dvb_1'))).toBe(true);
  });

  it('ignores cookies that say nothing about the client', () => {
    const meaningful = createSyncCookieFilter();
    expect(meaningful(change('__session', 'eyJ...'))).toBe(false);
    expect(meaningful(change('theme', 'dark'))).toBe(false);
  });
});
