/**
 * Issue 11, items 9 and 10: a secret key is detected anywhere in the field, in any case, and a
 * development key naming a host that is not Clerk's is warned about; a sync host is one origin.
 */
import { describe, expect, it } from 'vitest';
import { developmentHostWarning, isClerkDevelopmentHost } from '../../lib/key-warnings';
import {
  containsSecretKey,
  normalizeKeyInput,
  parsePublishableKey,
  parseSyncHost,
  publishableKeyFor,
} from '../../lib/publishable-key';

const DEV = publishableKeyFor('happy-otter-42.clerk.accounts.dev', 'development');

describe('a secret key anywhere in the field is refused with the rotate warning', () => {
  it.each([
    'sk_test_abc123',
    'SK_TEST_abc123',
    'Sk_Live_abc123',
    'CLERK_SECRET_KEY=sk_test_abc123',
    'CLERK_SECRET_KEY="sk_live_abc123"',
    "  'sk_test_abc123'  ",
    '\tsk_test_abc123\n',
    'export CLERK_SECRET_KEY=sk_test_abc123',
    'sk_abc123def',
    `${DEV} sk_test_abc123`,
    'pk_test_sk_test_abc',
  ])('%j', (input) => {
    expect(containsSecretKey(input)).toBe(true);
    const result = parsePublishableKey(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('secret-key');
      expect(result.message).toMatch(/rotate it in the Clerk Dashboard/);
    }
  });

  it.each([DEV, publishableKeyFor('clerk.example.com', 'production'), 'pk_test_', 'task_list', 'desk_lamp'])(
    '%j is not a secret key',
    (input) => {
      expect(containsSecretKey(input)).toBe(false);
    },
  );
});

describe('normalizeKeyInput: what a copy from an .env file brings along', () => {
  it.each([
    [`VITE_CLERK_PUBLISHABLE_KEY=${DEV}`, DEV],
    [`CLERK_PUBLISHABLE_KEY="${DEV}"`, DEV],
    [`export NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY='${DEV}';`, DEV],
    [`  "${DEV}"  `, DEV],
    [DEV, DEV],
  ])('%j → the key', (input, key) => {
    expect(normalizeKeyInput(input)).toBe(key);
  });
});

describe('development keys whose host is not a Clerk development domain (item 10)', () => {
  it.each([
    'happy-otter-42.clerk.accounts.dev',
    'inspector-emu.clerk.accounts.dev',
    'foo.accountsstage.dev',
    'clerk.foo.lcl.dev',
  ])('%s is a Clerk development host: no warning', (host) => {
    expect(isClerkDevelopmentHost(host)).toBe(true);
    const parsed = parsePublishableKey(publishableKeyFor(host, 'development'));
    expect(parsed.ok && developmentHostWarning(parsed.key)).toBeNull();
  });

  it.each([
    ['evil.com', /evil\.com, which is not a Clerk development domain/],
    ['169.254.169.254', /169\.254\.169\.254, which is an IP address/],
    ['10.0.0.1', /IP address/],
    ['accounts.dev', /not a Clerk development domain/],
    ['evilaccounts.dev', /not a Clerk development domain/],
    ['clerk.accounts.dev.evil.com', /not a Clerk development domain/],
  ])('%s → a clear warning naming the identity cookie', (host, message) => {
    const parsed = parsePublishableKey(publishableKeyFor(host, 'development'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const warning = developmentHostWarning(parsed.key);
    expect(warning).toMatch(message);
    expect(warning).toMatch(/__clerk_db_jwt/);
  });

  it('a production key on its own domain is not warned about', () => {
    const parsed = parsePublishableKey(publishableKeyFor('clerk.example.com', 'production'));
    expect(parsed.ok && developmentHostWarning(parsed.key)).toBeNull();
  });

  it('a key without a dot in its host is refused, as before', () => {
    expect(parsePublishableKey(`pk_test_${btoa('localhost$')}`)).toMatchObject({ ok: false, reason: 'bad-host' });
  });
});

describe('a sync host is one http(s) origin, never a wildcard (item 10)', () => {
  it.each([
    'http://*.example.com',
    'https://*',
    'http://%2A.example.com',
    'https://app.*.example.com',
    'http://a*b.com',
    '*://localhost:3000',
    'http://ex ample.com',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'chrome-extension://abc',
  ])('%s is refused', (input) => {
    expect(parseSyncHost(input).ok).toBe(false);
  });

  it('says why a wildcard is refused', () => {
    expect(parseSyncHost('http://*.example.com')).toMatchObject({ ok: false, message: expect.stringMatching(/wildcards/) });
  });

  it.each([
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1:5317', 'http://127.0.0.1:5317'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
    ['https://App.Example.com/', 'https://app.example.com'],
  ])('%s is the origin %s', (input, origin) => {
    expect(parseSyncHost(input)).toEqual({ ok: true, origin });
  });
});
