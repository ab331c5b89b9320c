import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Popup } from '../../components/Popup';
import background from '../../entrypoints/background';
import { connectPopupStore } from '../../lib/popup-store';
import { publishableKeyFor } from '../../lib/publishable-key';
import { appsItem, snapshotItem } from '../../lib/storage';
import { alarm } from './fixtures';
import { type TinyFapi, tinyFapi } from './tiny-fapi';

const KEY = publishableKeyFor('emu-test-1.clerk.accounts.dev', 'development');
let fapi: TinyFapi;

beforeEach(() => {
  fapi = tinyFapi();
  fapi.signedIn = false;
  vi.stubGlobal('fetch', fapi.fetch);
  // cookies.onChanged and permissions are not implemented by the in-memory browser.
  vi.spyOn(fakeBrowser.cookies.onChanged, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.cookies, 'get').mockResolvedValue(null as never);
  fakeBrowser.permissions.contains = vi.fn(async () => true) as never;
  vi.stubEnv('WXT_CLERK_PUBLISHABLE_KEY', KEY);
  vi.stubEnv('WXT_CLERK_APP_LABEL', 'dev');
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function snapshotOfDefaultApp() {
  const [app] = await appsItem.getValue();
  return app ? snapshotItem(app.id).getValue() : null;
}

describe('from the worker to the popup', () => {
  it('install seeds the build-time default app, schedules its sync alarm and writes its snapshot', async () => {
    background.main();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' } as never);
    await vi.waitFor(async () => expect(await snapshotOfDefaultApp()).not.toBeNull());

    const apps = await appsItem.getValue();
    expect(apps.map((a) => [a.id, a.label])).toEqual([['app-default', 'dev']]);
    expect(await fakeBrowser.alarms.get('sync:app-default')).toMatchObject({ periodInMinutes: 0.5 });
    expect(await fakeBrowser.alarms.get('tick')).toBeUndefined();
    // No sync host and no stored client: signed out, not an error.
    expect(await snapshotOfDefaultApp()).toMatchObject({
      label: 'dev',
      fapiHost: 'emu-test-1.clerk.accounts.dev',
      instanceType: 'development',
      currentSessionId: null,
      error: null,
    });

    const written = (await snapshotOfDefaultApp())?.writtenAt ?? 0;
    await new Promise((r) => setTimeout(r, 5));
    await fakeBrowser.alarms.onAlarm.trigger(alarm('sync:app-default'));
    expect((await snapshotOfDefaultApp())?.writtenAt).toBeGreaterThan(written);
  });

  it('the popup renders the stored snapshot and follows changes live', async () => {
    background.main();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' } as never);
    await vi.waitFor(async () => expect(await snapshotOfDefaultApp()).not.toBeNull());
    await act(() => connectPopupStore());
    render(<Popup />);
    expect(screen.getByTestId('fapi-host').textContent).toBe('emu-test-1.clerk.accounts.dev');
    expect(screen.getByTestId('session-state').textContent).toBe('Signed out');

    const [app] = await appsItem.getValue();
    const item = snapshotItem(app?.id ?? '');
    const snapshot = await item.getValue();
    if (!snapshot) throw new Error('no snapshot');
    await act(() => item.setValue({ ...snapshot, fapiHost: 'changed.clerk.accounts.dev' }));
    expect(screen.getByTestId('fapi-host').textContent).toBe('changed.clerk.accounts.dev');
  });
});
