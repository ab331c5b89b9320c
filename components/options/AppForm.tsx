import { useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { type AppConfig, LIFETIME_PRESETS, type LifetimePreset, newAppId } from '../../lib/apps';
import { formatSecondsSetting } from '../../lib/format';
import {
  type AppForm as AppFormState,
  appFromForm,
  applyKeyInput,
  declaredSeconds,
  type FormField,
  secretKeyWarning,
  validateAppForm,
} from '../../lib/options-form';
import { Field } from './Field';

type TextField = 'syncHost' | 'authorizedParties' | 'domain' | 'proxyUrl';
type NumberField = 'inactivityMinutes' | 'maximumLifetimeHours' | 'warningMinutes' | 'criticalMinutes' | 'notifyMinutes';

interface Props {
  initial: AppFormState;
  otherApps: AppConfig[];
  /** Called from the Save click handler, still inside the user gesture. */
  onSave: (app: AppConfig) => void;
  onCancel: () => void;
}

/** Add or edit one app. Validates as you type; Save stays disabled until everything is valid. */
export function AppForm({ initial, otherApps, onSave, onCancel }: Props) {
  const [form, setForm] = useState(initial);
  const [secretWarning, setSecretWarning] = useState(false);
  const [touched, setTouched] = useState<Partial<Record<FormField, boolean>>>({});
  const [notifyMessage, setNotifyMessage] = useState<string | null>(null);
  const base = useId();
  const result = validateAppForm(form, otherApps);
  const id = (field: string) => `${base}-${field}`;
  // Errors show once a field was edited (or always when editing an existing app), so an empty new form is not all red.
  const shown = (field: FormField) => (touched[field] || initial.id !== null ? result.errors[field] : undefined);
  const describedBy = (field: FormField, hint = true) =>
    [hint ? `${id(field)}-hint` : null, shown(field) ? `${id(field)}-error` : null].filter(Boolean).join(' ') || undefined;

  const set = (field: FormField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setTouched((t) => ({ ...t, [field]: true }));
  };

  /** A number typed as text (empty means "not declared"), with its label, hint and error. */
  const numberField = (field: NumberField, label: string, hint?: string) => (
    <Field id={id(field)} label={label} hint={hint} error={shown(field)}>
      <input
        id={id(field)}
        inputMode="decimal"
        value={form[field]}
        onChange={(e) => set(field, e.target.value)}
        aria-invalid={shown(field) ? true : undefined}
        aria-describedby={describedBy(field, hint !== undefined)}
      />
    </Field>
  );

  /** A text field typed as-is (hosts, URLs: monospace, no spell check), with its label, hint and error. */
  const textField = (field: TextField, label: string, hint: string) => (
    <Field id={id(field)} label={label} hint={hint} error={shown(field)}>
      <input
        id={id(field)}
        value={form[field]}
        onChange={(e) => set(field, e.target.value)}
        aria-invalid={shown(field) ? true : undefined}
        aria-describedby={describedBy(field)}
        autoComplete="off"
        spellCheck={false}
        className="mono"
      />
    </Field>
  );

  const onKey = (value: string) => {
    const applied = applyKeyInput(form, value);
    setForm(applied.form);
    setTouched((t) => ({ ...t, publishableKey: true }));
    if (applied.secretKeyRefused) setSecretWarning(true);
    else if (value.trim().startsWith('pk_')) setSecretWarning(false);
  };

  const onNotify = async (on: boolean) => {
    setNotifyMessage(null);
    if (!on) {
      setForm((f) => ({ ...f, notify: false }));
      return;
    }
    // Optional permission: ask in the change handler (a user gesture), keep it off when refused.
    let granted = false;
    try {
      granted = await browser.permissions.request({ permissions: ['notifications'] });
    } catch (error) {
      setNotifyMessage(`Chrome refused the request: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (granted) setForm((f) => ({ ...f, notify: true }));
    else setNotifyMessage('Notifications stay off: the permission was not granted.');
  };

  const preset = LIFETIME_PRESETS.find((p) => p.id === form.preset);
  const declared = declaredSeconds(form);
  const describe = (seconds: number | null) =>
    seconds === null ? 'not declared' : seconds === 0 ? 'off' : formatSecondsSetting(seconds);

  return (
    <form
      className="app-form"
      aria-label={initial.id ? `Edit ${initial.label}` : 'Add an app'}
      onSubmit={(event) => {
        event.preventDefault();
        const app = appFromForm(form, otherApps, () => newAppId());
        if (app) onSave(app);
      }}
      noValidate
    >
      <h2>{initial.id ? `Edit “${initial.label}”` : 'Add an app'}</h2>

      <Field id={id('label')} label="Label" hint="Shown in the popup, e.g. dev or staging." error={shown('label')}>
        <input
          id={id('label')}
          value={form.label}
          onChange={(e) => set('label', e.target.value)}
          aria-invalid={shown('label') ? true : undefined}
          aria-describedby={describedBy('label')}
          autoComplete="off"
        />
      </Field>

      <Field
        id={id('publishableKey')}
        label="Publishable key"
        hint={
          result.key ? (
            <>
              <span aria-hidden="true">✓ </span>
              {result.key.instanceType} instance · Frontend API <code>{result.key.fapiHost}</code>
            </>
          ) : (
            'pk_test_… or pk_live_…, from Clerk Dashboard → API keys. Never the secret key.'
          )
        }
        error={shown('publishableKey')}
      >
        <input
          id={id('publishableKey')}
          value={form.publishableKey}
          onChange={(e) => onKey(e.target.value)}
          aria-invalid={shown('publishableKey') ? true : undefined}
          aria-describedby={describedBy('publishableKey')}
          autoComplete="off"
          spellCheck={false}
          className="mono"
        />
      </Field>
      {result.keyWarning && (
        <p className="secret-warning" role="status" data-testid="key-host-warning">
          <strong>
            {result.key?.instanceType === 'production' ? 'Not your app’s site.' : 'Not a Clerk development domain.'}
          </strong>{' '}
          {result.keyWarning} Saving confirms this host.
        </p>
      )}
      {secretWarning && (
        <p className="secret-warning" role="alert">
          <strong>Secret key refused.</strong> {secretKeyWarning()}
        </p>
      )}

      {textField(
        'syncHost',
        'Sync host (your web app’s origin)',
        'Where you sign in, e.g. http://localhost:3000 or https://app.example.com. The extension reads Clerk’s cookie there. Leave empty for none.',
      )}

      {textField(
        'authorizedParties',
        'Authorized parties (optional)',
        'The origins your backend passes to Clerk’s authorizedParties, e.g. https://app.example.com. The token verdict checks azp against them, exactly as the backend does; empty = azp is not checked (nor is it by a backend without the option).',
      )}

      <fieldset className="field">
        <legend>Satellite or proxy (optional, as in your Clerk setup)</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.isSatellite}
            onChange={(e) => {
              const on = e.target.checked;
              setForm((f) => ({ ...f, isSatellite: on }));
              setTouched((t) => ({ ...t, domain: true }));
            }}
          />
          This app is a satellite (Clerk’s <code>isSatellite</code>): it runs on its own domain
        </label>
        {form.isSatellite &&
          textField(
            'domain',
            'Satellite domain',
            'Clerk’s domain option, e.g. satellite.example.com. The extension then reads that domain’s own client (production: clerk.<domain>), never the primary’s.',
          )}
        {textField(
          'proxyUrl',
          'Proxy URL',
          'Clerk’s proxyUrl, e.g. https://app.example.com/__clerk, when the app reaches Clerk through its own domain. Empty = no proxy.',
        )}
      </fieldset>

      <fieldset className="field">
        <legend>Mode</legend>
        <label className="radio">
          <input
            type="radio"
            name={id('mode')}
            checked={form.mode === 'keep-alive'}
            onChange={() => setForm((f) => ({ ...f, mode: 'keep-alive' }))}
          />
          Keep-alive: mints a token on schedule, which counts as activity and resets the inactivity window.
        </label>
        <label className="radio">
          <input
            type="radio"
            name={id('mode')}
            checked={form.mode === 'observe'}
            onChange={() => setForm((f) => ({ ...f, mode: 'observe' }))}
          />
          Observe: reads only; the inactivity window drains as if the app were closed.
        </label>
      </fieldset>

      <fieldset className="field">
        <legend>Session lifetimes (as set in Clerk Dashboard → Sessions)</legend>
        <div className="field">
          <label htmlFor={id('preset')}>Preset</label>
          <select
            id={id('preset')}
            value={form.preset}
            onChange={(e) => setForm((f) => ({ ...f, preset: e.target.value as LifetimePreset['id'] }))}
          >
            {LIFETIME_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
          <p className="hint">
            Clerk does not tell browsers these settings. Declared: inactivity {describe(declared.inactivity)}, maximum lifetime{' '}
            {describe(declared.maximum)}. Not declared = the extension infers what it can.
          </p>
        </div>
        {preset?.id === 'custom' && (
          <div className="field-pair">
            {numberField('inactivityMinutes', 'Inactivity timeout (minutes)', 'Empty = not declared; 0 = off.')}
            {numberField(
              'maximumLifetimeHours',
              'Maximum lifetime (hours)',
              'Empty = not declared; 0 = off. Clerk’s default is 168 (7 days).',
            )}
          </div>
        )}
      </fieldset>

      <fieldset className="field">
        <legend>Status thresholds (session time left)</legend>
        <div className="field-pair">
          {numberField('warningMinutes', 'Warning at (minutes)', 'Popup and badge turn amber.')}
          {numberField('criticalMinutes', 'Critical at (minutes)', 'Must be less than the warning.')}
        </div>
      </fieldset>

      <fieldset className="field">
        <legend>Notifications</legend>
        <label className="checkbox">
          <input type="checkbox" checked={form.notify} onChange={(e) => void onNotify(e.target.checked)} />
          Notify me before the session ends (asks for the notifications permission)
        </label>
        {notifyMessage && (
          <p className="field-error" role="alert">
            {notifyMessage}
          </p>
        )}
        {form.notify && numberField('notifyMinutes', 'Minutes before the end')}
      </fieldset>

      <div className="button-row">
        <button type="submit" className="primary" disabled={!result.valid}>
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {!result.valid && (
          <span className="hint" data-testid="save-hint">
            Save is enabled once every field is valid.
          </span>
        )}
      </div>
    </form>
  );
}
