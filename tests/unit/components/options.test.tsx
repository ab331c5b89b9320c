import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Options } from '../../../components/Options';
import { sendMessage } from '../../../lib/messaging';
import { publishableKeyFor } from '../../../lib/publishable-key';
import { appsItem } from '../../../lib/storage';
import { fixtureApp } from './fixtures';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn() }));

const KEY = publishableKeyFor('happy-otter-42.clerk.accounts.dev', 'development');

let request: ReturnType<typeof vi.fn>;
beforeEach(() => {
  vi.mocked(sendMessage).mockReset();
  vi.mocked(sendMessage).mockResolvedValue(null);
  request = vi.fn(async () => true);
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(request as never);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false as never);
});
afterEach(() => vi.restoreAllMocks());

async function renderOptions() {
  render(<Options />);
  await screen.findByText(/No app yet|Your apps/);
}

async function openAddForm() {
  await renderOptions();
  await userEvent.click(screen.getByRole('button', { name: 'Add an app' }));
  return screen.getByRole('form', { name: 'Add an app' });
}

const save = () => screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
const field = (name: RegExp | string) => screen.getByLabelText(name) as HTMLInputElement;

async function fillValid(user = userEvent.setup()) {
  await user.type(field('Label'), 'dev');
  await user.click(field('Publishable key'));
  await user.paste(KEY);
  await user.type(field(/Sync host/), 'http://localhost:3000');
  return user;
}

describe('options page: validation as you type', () => {
  it('Save is disabled until every field is valid', async () => {
    await openAddForm();
    expect(save().disabled).toBe(true);
    const user = userEvent.setup();
    await user.type(field('Label'), 'dev');
    expect(save().disabled).toBe(true);
    await user.click(field('Publishable key'));
    await user.paste(KEY);
    expect(save().disabled).toBe(false);
    expect(screen.getByText(/development instance · Frontend API/).textContent).toContain('happy-otter-42.clerk.accounts.dev');
    await user.type(field(/Sync host/), 'localhost');
    expect(save().disabled).toBe(true);
    expect(field(/Sync host/).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Enter the origin of your app/)).toBeTruthy();
  });

  it('a secret key is refused with the rotate warning and removed from the field', async () => {
    await openAddForm();
    const user = userEvent.setup();
    await user.click(field('Publishable key'));
    await user.paste('sk_test_SECRETSECRETSECRET');
    expect(field('Publishable key').value).toBe('');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/Secret key refused/);
    expect(alert.textContent).toMatch(/rotate it in the Clerk Dashboard/);
    expect(save().disabled).toBe(true);
    expect(document.body.innerHTML).not.toContain('SECRETSECRET');
    // A valid key afterwards clears the warning.
    await user.paste(KEY);
    expect(screen.queryByText(/Secret key refused/)).toBeNull();
  });

  it.each([
    ['a key with the wrong prefix', 'Publishable key', 'abc_123', /starts with pk_test_ or pk_live_/],
    ['a key that does not decode', 'Publishable key', 'pk_live_%%%', /does not decode/],
    ['a sync host with a path', /Sync host/, 'https://app.example.com/x', /origin only/],
    ['a sync host that is not http(s)', /Sync host/, 'ws://app.example.com', /http:\/\/ or https:\/\//],
    ['a warning threshold that is not a number', 'Warning at (minutes)', 'ten', /must be a number/],
  ] as const)('%s is explained next to the field', async (_name, label, value, message) => {
    await openAddForm();
    const user = await fillValid();
    const input = field(label);
    await user.clear(input);
    await user.type(input, value);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const describedBy = input.getAttribute('aria-describedby') ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    expect(document.getElementById(errorId ?? '')?.textContent).toMatch(message);
    expect(save().disabled).toBe(true);
  });

  it('critical must be less than warning', async () => {
    await openAddForm();
    const user = await fillValid();
    await user.clear(field('Critical at (minutes)'));
    await user.type(field('Critical at (minutes)'), '15');
    expect(screen.getByText(/less than the warning threshold/)).toBeTruthy();
    expect(save().disabled).toBe(true);
  });

  it('custom lifetimes: the inactivity timeout must be shorter than the maximum lifetime', async () => {
    await openAddForm();
    const user = await fillValid();
    expect((screen.getByLabelText('Preset') as HTMLSelectElement).value).toBe('custom');
    await user.type(field('Inactivity timeout (minutes)'), '120');
    await user.type(field('Maximum lifetime (hours)'), '1');
    expect(screen.getByText(/shorter than the maximum lifetime/)).toBeTruthy();
    expect(save().disabled).toBe(true);
    await user.selectOptions(screen.getByLabelText('Preset'), 'web-app');
    expect(screen.queryByLabelText('Inactivity timeout (minutes)')).toBeNull();
    expect(screen.getByText(/Declared: inactivity 30m, maximum lifetime 7d/)).toBeTruthy();
    expect(save().disabled).toBe(false);
  });
});

describe('options page: saving', () => {
  it('asks for the host permissions in the Save click, stores the app and tells the worker', async () => {
    request.mockResolvedValue(true);
    await openAddForm();
    const user = await fillValid();
    await user.click(save());
    expect(request).toHaveBeenCalledWith({ origins: ['https://happy-otter-42.clerk.accounts.dev/*', 'http://localhost/*'] });
    await vi.waitFor(async () => expect(await appsItem.getValue()).toHaveLength(1));
    const [app] = await appsItem.getValue();
    expect(app).toMatchObject({ label: 'dev', publishableKey: KEY, syncHost: 'http://localhost:3000', mode: 'keep-alive' });
    expect(sendMessage).toHaveBeenCalledWith('appsChanged', {});
    expect(screen.getByRole('status').textContent).toMatch(/Saved “dev”. Access to .* is granted/);
  });

  it('a refused permission still saves, marks the app "permission missing" and says why it matters', async () => {
    request.mockResolvedValue(false);
    await openAddForm();
    const user = await fillValid();
    await user.click(save());
    await vi.waitFor(async () => expect(await appsItem.getValue()).toHaveLength(1));
    expect(screen.getByRole('status').textContent).toMatch(/permission is missing.*cannot read this app’s session/);
    const row = screen.getByTestId('app-row');
    expect(row.textContent).toContain('Permission missing');
    request.mockResolvedValue(true);
    await user.click(within(row).getByRole('button', { name: 'Grant access' }));
    expect(screen.getByRole('status').textContent).toMatch(/Access granted/);
    expect(screen.getByTestId('app-row').textContent).not.toContain('Permission missing');
  });

  it('the worker being absent does not block saving', async () => {
    vi.mocked(sendMessage).mockRejectedValue(new Error('Could not establish connection.'));
    await openAddForm();
    const user = await fillValid();
    await user.click(save());
    await vi.waitFor(async () => expect(await appsItem.getValue()).toHaveLength(1));
  });

  it('notifications: switching on asks for the optional permission; a refusal keeps them off', async () => {
    await openAddForm();
    const user = await fillValid();
    request.mockResolvedValueOnce(false);
    const box = screen.getByRole('checkbox', { name: /Notify me/ }) as HTMLInputElement;
    await user.click(box);
    expect(request).toHaveBeenCalledWith({ permissions: ['notifications'] });
    expect(box.checked).toBe(false);
    expect(screen.getByText(/Notifications stay off/)).toBeTruthy();
    request.mockResolvedValueOnce(true);
    await user.click(box);
    expect(box.checked).toBe(true);
    expect(field('Minutes before the end').value).toBe('5');
    request.mockResolvedValue(true);
    await user.click(save());
    await vi.waitFor(async () => expect((await appsItem.getValue())[0]?.notifyBeforeSeconds).toBe(300));
  });

  it('edits and removes an existing app', async () => {
    await appsItem.setValue([fixtureApp()]);
    await renderOptions();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit dev' }));
    const form = screen.getByRole('form', { name: 'Edit dev' });
    expect((within(form).getByLabelText('Preset') as HTMLSelectElement).value).toBe('web-app');
    await user.clear(field('Label'));
    await user.type(field('Label'), 'local dev');
    await user.click(within(form).getByRole('radio', { name: /Observe/ }));
    await user.click(save());
    await vi.waitFor(async () =>
      expect((await appsItem.getValue())[0]).toMatchObject({ id: 'app-fixture', label: 'local dev', mode: 'observe' }),
    );

    await user.click(screen.getByRole('button', { name: 'Remove local dev' }));
    await user.click(screen.getByRole('button', { name: 'Remove “local dev”' }));
    await vi.waitFor(async () => expect(await appsItem.getValue()).toEqual([]));
    expect(sendMessage).toHaveBeenCalledWith('appsChanged', {});
  });

  it('shows the extension id and the allowed origin to configure in Clerk', async () => {
    await renderOptions();
    expect(screen.getByTestId('extension-id').textContent).toBe(fakeBrowser.runtime.id);
    expect(screen.getByTestId('allowed-origin').textContent).toBe(`chrome-extension://${fakeBrowser.runtime.id}`);
    expect(document.body.textContent).toContain('{allowed_origins: (((.allowed_origins // [])');
  });
});

describe('options page: keyboard only', () => {
  it('fills and saves the form with Tab, typing and Enter', async () => {
    request.mockResolvedValue(true);
    await renderOptions();
    const user = userEvent.setup();
    screen.getByRole('button', { name: 'Add an app' }).focus();
    await user.keyboard('{Enter}');
    await user.tab();
    expect(document.activeElement).toBe(field('Label'));
    await user.keyboard('dev');
    await user.tab();
    expect(document.activeElement).toBe(field('Publishable key'));
    await user.paste(KEY);
    await user.tab();
    expect(document.activeElement).toBe(field(/Sync host/));
    await user.keyboard('http://localhost:3000');
    // Enter in a text field submits the form, like clicking Save.
    await user.keyboard('{Enter}');
    await vi.waitFor(async () => expect(await appsItem.getValue()).toHaveLength(1));
    expect(request).toHaveBeenCalled();
  });

  it('Enter does not save an invalid form', async () => {
    await openAddForm();
    const user = userEvent.setup();
    field('Label').focus();
    await user.keyboard('dev{Enter}');
    await act(async () => undefined);
    expect(await appsItem.getValue()).toEqual([]);
    expect(request).not.toHaveBeenCalled();
  });
});
