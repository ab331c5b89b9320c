import { describe, expect, it } from 'vitest';
import { makeAppConfig } from '../../../lib/apps';
import {
  type AppForm,
  appFromForm,
  applyKeyInput,
  emptyForm,
  formFromApp,
  secretKeyWarning,
  validateAppForm,
} from '../../../lib/options-form';
import { publishableKeyFor } from '../../../lib/publishable-key';

const KEY = publishableKeyFor('happy-otter-42.clerk.accounts.dev', 'development');
const valid = (overrides: Partial<AppForm> = {}): AppForm => ({
  ...emptyForm(),
  label: 'dev',
  publishableKey: KEY,
  syncHost: 'http://localhost:3000',
  ...overrides,
});
const errorsOf = (form: AppForm, others = [] as ReturnType<typeof makeAppConfig>[]) => validateAppForm(form, others).errors;

describe('validateAppForm', () => {
  it('a complete form is valid and shows the decoded key', () => {
    const result = validateAppForm(valid(), []);
    expect(result.valid).toBe(true);
    expect(result.key).toEqual({ instanceType: 'development', fapiHost: 'happy-otter-42.clerk.accounts.dev' });
    expect(result.syncHost).toBe('http://localhost:3000');
  });

  it('an empty form is invalid', () => {
    expect(validateAppForm(emptyForm(), []).valid).toBe(false);
  });

  it.each([
    ['label', { label: '  ' }, /short label/],
    ['label', { label: 'x'.repeat(41) }, /40 characters/],
    ['publishableKey', { publishableKey: '' }, /Paste the publishable key/],
    ['publishableKey', { publishableKey: 'abc' }, /starts with pk_test_ or pk_live_/],
    ['publishableKey', { publishableKey: 'pk_test_!!!' }, /does not decode/],
    ['publishableKey', { publishableKey: `pk_test_${btoa('nodot$')}` }, /not a host name with a dot/],
    ['publishableKey', { publishableKey: 'sk_test_abc' }, /secret key/],
    ['syncHost', { syncHost: 'localhost:3000' }, /http/],
    ['syncHost', { syncHost: 'ftp://example.com' }, /http:\/\/ or https:\/\//],
    ['syncHost', { syncHost: 'https://app.example.com/dashboard' }, /origin only: https:\/\/app.example.com/],
    ['syncHost', { syncHost: 'https://user:pw@app.example.com' }, /user name or password/],
    ['inactivityMinutes', { preset: 'custom', inactivityMinutes: 'soon' }, /must be a number/],
    ['inactivityMinutes', { preset: 'custom', inactivityMinutes: '-5' }, /must be a number/],
    ['maximumLifetimeHours', { preset: 'custom', maximumLifetimeHours: '1e3' }, /must be a number/],
    [
      'inactivityMinutes',
      { preset: 'custom', inactivityMinutes: '120', maximumLifetimeHours: '1' },
      /shorter than the maximum lifetime/,
    ],
    ['warningMinutes', { warningMinutes: '' }, /Enter the warning threshold/],
    ['warningMinutes', { warningMinutes: '0' }, /at least 1/],
    ['criticalMinutes', { criticalMinutes: 'x' }, /must be a number/],
    ['criticalMinutes', { warningMinutes: '5', criticalMinutes: '5' }, /less than the warning/],
    ['notifyMinutes', { notify: true, notifyMinutes: '' }, /Enter the notification lead time/],
  ] as const)('%s: %j', (field, overrides, message) => {
    const result = validateAppForm(valid(overrides as Partial<AppForm>), []);
    expect(result.valid).toBe(false);
    expect(result.errors[field]).toMatch(message);
  });

  it('an empty sync host means none', () => {
    const result = validateAppForm(valid({ syncHost: '' }), []);
    expect(result.valid).toBe(true);
    expect(result.syncHost).toBeNull();
  });

  it('custom lifetimes: empty = not declared, 0 = off, both valid', () => {
    expect(errorsOf(valid({ preset: 'custom', inactivityMinutes: '', maximumLifetimeHours: '' }))).toEqual({});
    expect(errorsOf(valid({ preset: 'custom', inactivityMinutes: '0', maximumLifetimeHours: '0' }))).toEqual({});
  });

  it('notification minutes are ignored while notifications are off', () => {
    expect(errorsOf(valid({ notify: false, notifyMinutes: 'x' }))).toEqual({});
  });

  it('labels and keys must be unique among the other apps, but an app may keep its own', () => {
    const other = makeAppConfig({ id: 'app-1', label: 'Dev', publishableKey: KEY, syncHost: null });
    expect(errorsOf(valid(), [other]).label).toMatch(/already called/);
    expect(errorsOf(valid(), [other]).publishableKey).toMatch(/already configured as "Dev"/);
    expect(errorsOf(valid({ id: 'app-1' }), [other])).toEqual({});
  });
});

describe('applyKeyInput', () => {
  it('refuses a secret key and keeps nothing of it', () => {
    const { form, secretKeyRefused } = applyKeyInput(valid(), 'sk_live_abcdef123456');
    expect(secretKeyRefused).toBe(true);
    expect(form.publishableKey).toBe('');
    expect(JSON.stringify(form)).not.toContain('sk_live');
  });

  it('keeps anything else as typed', () => {
    expect(applyKeyInput(emptyForm(), 'pk_te')).toEqual({
      form: { ...emptyForm(), publishableKey: 'pk_te' },
      secretKeyRefused: false,
    });
  });

  it('the warning says to rotate the key', () => {
    expect(secretKeyWarning()).toMatch(/rotate it in the Clerk Dashboard/);
  });
});

describe('appFromForm and formFromApp', () => {
  it('a preset declares its lifetimes; thresholds and notifications become seconds', () => {
    const app = appFromForm(
      valid({ preset: 'high-security', warningMinutes: '10', criticalMinutes: '2', notify: true, notifyMinutes: '5' }),
      [],
      () => 'app-new',
    );
    expect(app).toMatchObject({
      id: 'app-new',
      label: 'dev',
      syncHost: 'http://localhost:3000',
      declared: { inactivityTimeoutSeconds: 900, maximumLifetimeSeconds: 86_400 },
      thresholds: { warningSeconds: 600, criticalSeconds: 120 },
      notifyBeforeSeconds: 300,
    });
  });

  it('custom values are converted; empty stays undeclared', () => {
    const app = appFromForm(valid({ preset: 'custom', inactivityMinutes: '45', maximumLifetimeHours: '' }), [], () => 'x');
    expect(app?.declared).toEqual({ inactivityTimeoutSeconds: 2700, maximumLifetimeSeconds: null });
  });

  it('an invalid form gives nothing to save', () => {
    expect(appFromForm(valid({ publishableKey: 'sk_test_x' }), [], () => 'x')).toBeNull();
  });

  it('editing round-trips and recognises the preset', () => {
    const app = appFromForm(valid({ preset: 'web-app', mode: 'observe' }), [], () => 'app-9');
    if (!app) throw new Error('invalid');
    const form = formFromApp(app);
    expect(form).toMatchObject({
      id: 'app-9',
      preset: 'web-app',
      mode: 'observe',
      warningMinutes: '10',
      criticalMinutes: '2',
      notify: false,
    });
    expect(appFromForm(form, [app], () => 'other')).toEqual(app);
  });
});

describe('authorized parties (the backend’s authorizedParties, for the token verdict)', () => {
  it('empty = not declared: nothing stored, azp is not checked', () => {
    expect(errorsOf(valid())).toEqual({});
    expect(appFromForm(valid(), [], () => 'a')).not.toHaveProperty('authorizedParties');
  });

  it('origins separated by commas, spaces or new lines; stored once each, round-trip', () => {
    const app = appFromForm(
      valid({ authorizedParties: 'https://app.example.com, http://localhost:3000\nhttps://app.example.com' }),
      [],
      () => 'a',
    );
    expect(app?.authorizedParties).toEqual(['https://app.example.com', 'http://localhost:3000']);
    if (!app) throw new Error('invalid');
    expect(formFromApp(app).authorizedParties).toBe('https://app.example.com, http://localhost:3000');
    expect(appFromForm(formFromApp(app), [app], () => 'x')).toEqual(app);
  });

  it.each([
    ['https://app.example.com/', /trailing slash/],
    ['https://app.example.com/path', /not an origin/],
    ['app.example.com', /not an origin/],
    ['HTTPS://App.example.com', /lower case/],
    [Array.from({ length: 11 }, (_, i) => `https://a${i}.example.com`).join(','), /At most 10/],
  ])('refuses %s, which could never equal an azp', (text, message) => {
    expect(errorsOf(valid({ authorizedParties: text })).authorizedParties).toMatch(message);
    expect(appFromForm(valid({ authorizedParties: text }), [], () => 'a')).toBeNull();
  });
});

describe('satellite domain and proxy URL (clerk-js domain, isSatellite, proxyUrl)', () => {
  const PROD = publishableKeyFor('clerk.example.com', 'production');
  const prod = (overrides: Partial<AppForm>) =>
    valid({ publishableKey: PROD, syncHost: 'https://app.satellite.dev', ...overrides });

  it('a satellite with its domain saves both, and its Frontend API is clerk.<domain>', () => {
    const app = appFromForm(prod({ isSatellite: true, domain: ' Satellite.dev ' }), [], () => 'id-1');
    expect(app).toMatchObject({ domain: 'satellite.dev', isSatellite: true });
    expect(app && 'proxyUrl' in app).toBe(false);
    expect(formFromApp(app as NonNullable<typeof app>)).toMatchObject({
      isSatellite: true,
      domain: 'satellite.dev',
      proxyUrl: '',
    });
  });

  it('the site warning judges where the client is read: the satellite’s clerk.<domain>, not the primary’s key host', () => {
    expect(validateAppForm(prod({}), []).keyWarning).toMatch(/names clerk\.example\.com, which is not under satellite\.dev/);
    expect(validateAppForm(prod({ isSatellite: true, domain: 'satellite.dev' }), []).keyWarning).toBeNull();
    expect(validateAppForm(prod({ isSatellite: true, domain: 'elsewhere.dev' }), []).keyWarning).toMatch(
      /reaches Clerk at clerk\.elsewhere\.dev/,
    );
  });

  it('a satellite needs its domain or a proxy URL, as clerk-js refuses it without', () => {
    expect(errorsOf(prod({ isSatellite: true })).domain).toMatch(/needs its domain/);
    expect(errorsOf(prod({ isSatellite: true, proxyUrl: 'https://app.satellite.dev/__clerk' })).domain).toBeUndefined();
  });

  it.each([
    ['domain', { isSatellite: true, domain: 'https://satellite.dev/' }, /no https/],
    ['domain', { isSatellite: true, domain: '169.254.169.254' }, /not an IP/],
    ['proxyUrl', { proxyUrl: 'http://app.example.com/__clerk' }, /https URL/],
    ['proxyUrl', { proxyUrl: 'https://169.254.169.254/__clerk' }, /not an IP/],
    ['proxyUrl', { proxyUrl: 'https://app.example.com/__clerk?x=1' }, /no query/],
  ] as const)('refuses %s %j', (field, overrides, message) => {
    expect(errorsOf(prod(overrides))[field]).toMatch(message);
    expect(appFromForm(prod(overrides), [], () => 'id')).toBeNull();
  });

  it('a domain typed while not a satellite is not kept (the checkbox decides)', () => {
    const app = appFromForm(prod({ isSatellite: false, domain: 'satellite.dev' }), [], () => 'id');
    expect(app && 'domain' in app).toBe(false);
  });

  it('a proxy URL is saved without its trailing slash', () => {
    expect(appFromForm(prod({ proxyUrl: 'https://app.satellite.dev/__clerk/' }), [], () => 'id')?.proxyUrl).toBe(
      'https://app.satellite.dev/__clerk',
    );
  });
});
