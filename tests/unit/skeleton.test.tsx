import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Popup } from '../../components/Popup';
import background from '../../entrypoints/background';
import { connectPopupStore } from '../../lib/popup-store';
import { publishableKeyFor } from '../../lib/publishable-key';
import { appsItem, snapshotItem } from '../../lib/storage';
import { alarm } from './fixtures';

const KEY = publishableKeyFor('emu-test-1.clerk.accounts.dev', 'development');

describe('walking skeleton', () => {
  it('an alarm makes the background write a typed snapshot for the build-time default app', async () => {
    vi.stubEnv('WXT_CLERK_PUBLISHABLE_KEY', KEY);
    vi.stubEnv('WXT_CLERK_APP_LABEL', 'dev');
    background.main();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    expect(await fakeBrowser.alarms.get('tick')).toMatchObject({ periodInMinutes: 0.5 });

    await fakeBrowser.alarms.onAlarm.trigger(alarm('tick'));

    const apps = await appsItem.getValue();
    expect(apps.map((a) => a.label)).toEqual(['dev']);
    const snapshot = await snapshotItem(apps[0]?.id ?? '').getValue();
    expect(snapshot).toMatchObject({ label: 'dev', fapiHost: 'emu-test-1.clerk.accounts.dev', instanceType: 'development' });
  });

  it('the popup renders the stored snapshot and follows changes live', async () => {
    vi.stubEnv('WXT_CLERK_PUBLISHABLE_KEY', KEY);
    background.main();
    await fakeBrowser.alarms.onAlarm.trigger(alarm('tick'));
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
