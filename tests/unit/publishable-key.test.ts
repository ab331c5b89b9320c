import { describe, expect, it } from 'vitest';
import {
  buildTimeHostPermissions,
  defaultAppFromEnv,
  minAlarmSecondsFromEnv,
  syncPeriodSecondsFromEnv,
} from '../../lib/build-defaults';
import { hostPermissionsFor, parsePublishableKey, parseSyncHost, publishableKeyFor } from '../../lib/publishable-key';

const DEV = publishableKeyFor('happy-otter-42.clerk.accounts.dev', 'development');
const PROD = publishableKeyFor('clerk.example.com', 'production');

describe('parsePublishableKey', () => {
  it.each([
    [DEV, { instanceType: 'development', fapiHost: 'happy-otter-42.clerk.accounts.dev' }],
    [`  ${PROD}\n`, { instanceType: 'production', fapiHost: 'clerk.example.com' }],
    // Base64url, as some copies of keys come
    [`pk_test_${btoa('a.b$').replace(/=+$/, '')}`, { instanceType: 'development', fapiHost: 'a.b' }],
  ])('%s decodes', (key, expected) => {
    expect(parsePublishableKey(key)).toEqual({ ok: true, key: expected });
  });

  it.each([
    ['', 'empty'],
    ['sk_test_abc123', 'secret-key'],
    ['sk_live_abc123', 'secret-key'],
    ['pk_prod_abc', 'bad-prefix'],
    ['clerk.example.com', 'bad-prefix'],
    ['pk_test_!!!', 'bad-encoding'],
    [`pk_test_${btoa('no-dollar.example.com')}`, 'bad-encoding'],
    [`pk_test_${btoa('localhost$')}`, 'bad-host'],
    [`pk_live_${btoa('bad host.com$')}`, 'bad-host'],
  ])('%j is refused as %s', (key, reason) => {
    const result = parsePublishableKey(key);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it('tells the user to rotate a pasted secret key', () => {
    const result = parsePublishableKey('sk_live_123');
    expect(result.ok ? '' : result.message).toMatch(/rotate/i);
  });
});

describe('parseSyncHost and permissions', () => {
  it.each([
    ['http://localhost:3000', 'http://localhost:3000'],
    ['https://app.example.com/', 'https://app.example.com'],
  ])('%s is the origin %s', (input, origin) => {
    expect(parseSyncHost(input)).toEqual({ ok: true, origin });
  });

  it.each(['localhost:3000', 'ftp://example.com', 'https://app.example.com/login', 'https://u:p@app.example.com', 'not a url'])(
    '%s is refused',
    (input) => {
      expect(parseSyncHost(input).ok).toBe(false);
    },
  );

  it('asks for the FAPI host and the sync host (any port: cookies are per host)', () => {
    expect(hostPermissionsFor('clerk.example.com', 'http://localhost:3000')).toEqual([
      'https://clerk.example.com/*',
      'http://localhost/*',
    ]);
    expect(hostPermissionsFor('clerk.example.com', null)).toEqual(['https://clerk.example.com/*']);
  });
});

describe('build-time defaults', () => {
  it('a preconfigured build seeds its app and grants its hosts', () => {
    const env = { WXT_CLERK_PUBLISHABLE_KEY: DEV, WXT_CLERK_SYNC_HOST: 'http://localhost:5317', WXT_CLERK_MODE: 'observe' };
    expect(defaultAppFromEnv(env)).toEqual({
      label: 'happy-otter-42.clerk.accounts.dev',
      publishableKey: DEV,
      syncHost: 'http://localhost:5317',
      mode: 'observe',
    });
    expect(buildTimeHostPermissions(env)).toEqual(['https://happy-otter-42.clerk.accounts.dev/*', 'http://localhost/*']);
  });

  it('no key, no app; a bad key or sync host fails the build loudly', () => {
    expect(defaultAppFromEnv({})).toBeNull();
    expect(buildTimeHostPermissions({})).toEqual([]);
    expect(() => defaultAppFromEnv({ WXT_CLERK_PUBLISHABLE_KEY: 'sk_test_x' })).toThrow(/secret key/);
    expect(() => defaultAppFromEnv({ WXT_CLERK_PUBLISHABLE_KEY: DEV, WXT_CLERK_SYNC_HOST: 'localhost' })).toThrow(
      /WXT_CLERK_SYNC_HOST/,
    );
  });

  it.each([
    [{}, 30, 30],
    [{ WXT_MIN_ALARM_SECONDS: '1', WXT_SYNC_PERIOD_SECONDS: '3' }, 1, 3],
    [{ WXT_MIN_ALARM_SECONDS: '0', WXT_SYNC_PERIOD_SECONDS: 'x' }, 30, 30],
  ])('alarm timings from %j', (env, min, period) => {
    expect(minAlarmSecondsFromEnv(env)).toBe(min);
    expect(syncPeriodSecondsFromEnv(env)).toBe(period);
  });
});
