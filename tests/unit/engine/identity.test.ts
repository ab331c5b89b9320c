import { getCookieSuffix } from '@clerk/shared/keys';
import { describe, expect, it } from 'vitest';
import {
  type CookieLike,
  chooseIdentity,
  cookieMatches,
  fingerprintOf,
  identitySource,
  isSyncCookie,
} from '../../../lib/engine/identity';
import { publishableKeyFor } from '../../../lib/publishable-key';

const DEV = 'happy-otter-42.clerk.accounts.dev';
const OTHER = 'brave-fox-7.clerk.accounts.dev';
const KEY = publishableKeyFor(DEV, 'development');
const OTHER_KEY = publishableKeyFor(OTHER, 'development');

const cookie = (name: string, value: string, extra: Partial<CookieLike> = {}): CookieLike => ({
  name,
  value,
  domain: 'localhost',
  ...extra,
});

describe('identity sources', () => {
  it('development: __clerk_db_jwt and its per-key copy on the sync host; production: __client on the FAPI domain', async () => {
    const suffix = await getCookieSuffix(KEY);
    expect(suffix).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(await identitySource('development', DEV, 'http://localhost:3000', KEY)).toEqual({
      instanceType: 'development',
      baseName: '__clerk_db_jwt',
      suffixedName: `__clerk_db_jwt_${suffix}`,
      cookieUrl: 'http://localhost:3000',
      legacyStorageKey: `${DEV}|__clerk_client_jwt|v2`,
    });
    const prod = await identitySource(
      'production',
      'clerk.example.com',
      'https://app.example.com',
      publishableKeyFor('clerk.example.com', 'production'),
    );
    expect(prod).toMatchObject({ baseName: '__client', suffixedName: null, cookieUrl: 'https://clerk.example.com' });
    expect((await identitySource('production', 'clerk.example.com', null, KEY)).cookieUrl).toBeNull();
  });

  it.each([
    ['localhost', 'http://localhost:3000', true],
    ['.example.com', 'https://clerk.example.com', true],
    ['example.com', 'https://clerk.example.com', true],
    ['other.com', 'https://clerk.example.com', false],
    ['ample.com', 'https://clerk.example.com', false],
  ])('cookie domain %s matches %s: %s', async (domain, syncHost, expected) => {
    expect(cookieMatches(await identitySource('development', 'x.clerk.accounts.dev', syncHost, KEY), domain)).toBe(expected);
  });
});

describe('two Clerk apps on one host: only the suffixed cookie is this app’s', async () => {
  const source = await identitySource('development', DEV, 'http://localhost:3000', KEY);
  const mine = `__clerk_db_jwt_${await getCookieSuffix(KEY)}`;
  const theirs = `__clerk_db_jwt_${await getCookieSuffix(OTHER_KEY)}`;

  it('prefers the app’s own suffixed cookie over the unsuffixed one the other app overwrote', () => {
    const choice = chooseIdentity(source, [
      cookie('__clerk_db_jwt', 'dvb_theirs'),
      cookie(mine, 'dvb_mine'),
      cookie(theirs, 'dvb_theirs'),
    ]);
    expect(choice).toMatchObject({
      cookie: { name: mine, value: 'dvb_mine' },
      suffixed: true,
      otherInstances: 1,
      partitionedOnly: false,
    });
  });

  it('falls back to the unsuffixed cookie only when no other instance is on the host', () => {
    expect(chooseIdentity(source, [cookie('__clerk_db_jwt', 'dvb_old')])).toMatchObject({
      cookie: { value: 'dvb_old' },
      suffixed: false,
    });
    expect(chooseIdentity(source, [cookie('__clerk_db_jwt', 'dvb_theirs'), cookie(theirs, 'dvb_theirs')]).cookie).toBeNull();
  });

  it('reports a partitioned-only identity (the extension cannot read it)', () => {
    expect(chooseIdentity(source, [cookie(mine, 'dvb_p', { partitionKey: { topLevelSite: 'http://localhost' } })])).toMatchObject(
      {
        cookie: null,
        partitionedOnly: true,
      },
    );
  });

  it('the sync fingerprint ignores the unsuffixed cookies another app keeps flipping', async () => {
    const uat = `__client_uat_${await getCookieSuffix(KEY)}`;
    const mineOnly = [cookie(mine, 'dvb_mine'), cookie(uat, '1700000000')];
    const a = fingerprintOf(
      source,
      [...mineOnly, cookie('__clerk_db_jwt', 'dvb_a'), cookie('__client_uat', '1')],
      await getCookieSuffix(KEY),
    );
    const b = fingerprintOf(
      source,
      [...mineOnly, cookie('__clerk_db_jwt', 'dvb_b'), cookie('__client_uat', '2')],
      await getCookieSuffix(KEY),
    );
    expect(a).toBe(b);
    const signedOut = fingerprintOf(source, [cookie(mine, 'dvb_mine'), cookie(uat, '0')], await getCookieSuffix(KEY));
    expect(signedOut).not.toBe(a);
  });

  it.each([
    ['__clerk_db_jwt', true],
    [mine, true],
    ['__client_uat', true],
    ['__client_uat_AbCd1234', true],
    ['__client', true],
    ['__session', false],
    ['__clerk_db_jwt_toolong123', false],
  ])('%s is a sync cookie: %s', (name, expected) => {
    expect(isSyncCookie(name)).toBe(expected);
  });
});
