/**
 * Issue 11, item 16: numbers in the options form are finite and within a sane range, and a value
 * that would round to "off" is refused with a message instead of silently becoming off.
 */
import { describe, expect, it } from 'vitest';
import { appFromForm, emptyForm, validateAppForm } from '../../lib/options-form';
import { publishableKeyFor } from '../../lib/publishable-key';

const base = { ...emptyForm(), label: 'dev', publishableKey: publishableKeyFor('a-b-1.clerk.accounts.dev', 'development') };
const huge = '9'.repeat(401);

describe('form numbers are finite and in range', () => {
  it.each([
    ['inactivityMinutes', '401 digits', /at most 365 days/],
    ['maximumLifetimeHours', '401 digits', /at most 10 years/],
    ['warningMinutes', '401 digits', /at most 365 days/],
    ['criticalMinutes', '401 digits', /at most 365 days/],
    ['inactivityMinutes', '0.0001', /0 \(off\) or at least 1 minute/],
    ['maximumLifetimeHours', '0.0001', /0 \(off\) or at least 1 minute/],
    ['inactivityMinutes', '1e3', /must be a number/],
    ['inactivityMinutes', '-5', /must be a number/],
  ] as const)('%s = %s is refused', (field, shown, message) => {
    const value = shown === '401 digits' ? huge : shown;
    const result = validateAppForm({ ...base, [field]: value }, []);
    expect(result.valid).toBe(false);
    expect(result.errors[field]).toMatch(message);
    expect(appFromForm({ ...base, [field]: value }, [], () => 'x')).toBeNull();
  });

  it('a notification lead time of 401 digits is refused', () => {
    expect(validateAppForm({ ...base, notify: true, notifyMinutes: huge }, []).errors.notifyMinutes).toMatch(/at most/);
  });

  it('0 stays "off", in-range values save as finite seconds', () => {
    const app = appFromForm({ ...base, inactivityMinutes: '0', maximumLifetimeHours: '0.5' }, [], () => 'x');
    expect(app?.declared).toEqual({ inactivityTimeoutSeconds: 0, maximumLifetimeSeconds: 1800 });
    const long = appFromForm({ ...base, inactivityMinutes: String(365 * 24 * 60), maximumLifetimeHours: '87600' }, [], () => 'x');
    expect(Number.isFinite(long?.declared.inactivityTimeoutSeconds)).toBe(true);
    expect(long?.declared.maximumLifetimeSeconds).toBe(87600 * 3600);
  });
});
