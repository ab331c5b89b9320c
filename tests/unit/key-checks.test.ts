/**
 * Issue 11, items 9 and 10: a secret key is detected anywhere in the field, in any case, and a
 * development key naming a host that is not Clerk's is warned about; a sync host is one origin.
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { makeAppConfig } from '../../lib/apps';
import { loadApps } from '../../lib/apps-store';
import { validateStoredApps } from '../../lib/apps-validate';
import { developmentHostWarning, isClerkDevelopmentHost } from '../../lib/key-warnings';
import { appFromForm, applyKeyInput, emptyForm, validateAppForm } from '../../lib/options-form';
import {
  containsSecretKey,
  normalizeKeyInput,
  parsePublishableKey,
  parseSyncHost,
  publishableKeyFor,
} from '../../lib/publishable-key';
import { appsItem, defaultsSeededItem } from '../../lib/storage';

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

describe('the options form warns about a development key on a non-Clerk host (item 10)', () => {
  const form = (publishableKey: string) => ({ ...emptyForm(), label: 'dev', publishableKey });

  it('evil.com: valid, saved only if the user insists, with the warning in the result', () => {
    const result = validateAppForm(form(publishableKeyFor('evil.com', 'development')), []);
    expect(result.valid).toBe(true);
    expect(result.keyWarning).toMatch(/evil\.com, which is not a Clerk development domain/);
  });

  it('the emulator’s <name>.clerk.accounts.dev and production keys: no warning', () => {
    expect(validateAppForm(form(DEV), []).keyWarning).toBeNull();
    expect(validateAppForm(form(publishableKeyFor('clerk.example.com', 'production')), []).keyWarning).toBeNull();
  });

  it('a key pasted as VITE_CLERK_PUBLISHABLE_KEY="…" is saved as the bare key', () => {
    const app = appFromForm(form(`VITE_CLERK_PUBLISHABLE_KEY="${DEV}"`), [], () => 'app-1');
    expect(app?.publishableKey).toBe(DEV);
  });

  it('a secret key typed in any case is refused by the form', () => {
    expect(applyKeyInput(emptyForm(), 'CLERK_SECRET_KEY=SK_TEST_abc').secretKeyRefused).toBe(true);
  });
});

describe('stored apps are validated when read (item 9)', () => {
  const good = makeAppConfig({ id: 'app-good', label: 'good', publishableKey: DEV, syncHost: 'http://localhost:3000' });

  it('an app holding a secret key never comes back from storage, and loadApps erases it from disk', async () => {
    const leaked = { ...good, id: 'app-leak', label: 'leak', publishableKey: 'SK_TEST_abc123' };
    const env = { ...leaked, id: 'app-env', publishableKey: 'CLERK_SECRET_KEY=sk_live_x' };
    await fakeBrowser.storage.local.set({ apps: [good, leaked, env] });
    expect((await appsItem.getValue()).map((a) => a.id)).toEqual(['app-good']);
    await defaultsSeededItem.setValue(true);
    expect((await loadApps({})).map((a) => a.id)).toEqual(['app-good']);
    expect(JSON.stringify(await fakeBrowser.storage.local.get('apps'))).not.toMatch(/sk_/i);
  });

  it('broken entries are dropped and bad fields fall back, never thrown', () => {
    const apps = validateStoredApps([
      null,
      'app',
      { id: 'app-x' },
      {
        ...good,
        id: 'app-wild',
        syncHost: 'http://*.example.com',
        mode: 'rm -rf',
        thresholds: { warningSeconds: Number.POSITIVE_INFINITY },
      },
      { ...good, declared: { inactivityTimeoutSeconds: -5, maximumLifetimeSeconds: Number.NaN }, notifyBeforeSeconds: 'soon' },
      good,
    ]);
    expect(apps.map((a) => a.id)).toEqual(['app-wild', 'app-good']);
    expect(apps[0]).toMatchObject({
      syncHost: null,
      mode: 'keep-alive',
      thresholds: { warningSeconds: 600, criticalSeconds: 120 },
    });
    expect(apps[1]).toMatchObject({
      declared: { inactivityTimeoutSeconds: null, maximumLifetimeSeconds: null },
      notifyBeforeSeconds: null,
    });
    expect(validateStoredApps({ apps: [good] })).toEqual([]);
  });

  it('the worker validates every field as it loads the apps, and stores the result', async () => {
    await fakeBrowser.storage.local.set({ apps: [{ ...good, mode: 'sideways', syncHost: 'http://*.example.com' }] });
    await defaultsSeededItem.setValue(true);
    const [app] = await loadApps({});
    expect(app).toMatchObject({ id: 'app-good', mode: 'keep-alive', syncHost: null });
    expect(await appsItem.getValue()).toEqual([app]);
  });

  it('a valid app reads back unchanged', async () => {
    await appsItem.setValue([good]);
    expect(await appsItem.getValue()).toEqual([good]);
  });
});
