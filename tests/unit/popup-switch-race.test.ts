/**
 * Issue 11, item 22: switching apps twice quickly never shows one app's snapshot under another's
 * header, whatever order the storage reads resolve in.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connectPopupStore, resetPopupStore, selectedApp, usePopupStore } from '../../lib/popup-store';
import { appsItem, selectedAppIdItem, snapshotItem } from '../../lib/storage';
import { fixtureApp, fixtureSnapshot } from './components/fixtures';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const ids = ['app-a', 'app-b', 'app-c'];

afterEach(() => {
  vi.restoreAllMocks();
  resetPopupStore();
});

/** Holds every read of one storage.session key until released. */
function holdReads(key: string) {
  const area = fakeBrowser.storage.session;
  const original = area.get.bind(area);
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  vi.spyOn(area, 'get').mockImplementation((async (keys: unknown) => {
    if (keys === key) await gate;
    return original(keys as string);
  }) as never);
  return () => release();
}

describe('a slow read for an app no longer selected is dropped', () => {
  it('A → B → C with B’s snapshot read landing last: the store shows C’s snapshot under C', async () => {
    await appsItem.setValue(ids.map((id) => fixtureApp({ id, label: id })));
    for (const id of ids) await snapshotItem(id).setValue({ ...fixtureSnapshot(NOW), appId: id });
    await selectedAppIdItem.setValue('app-a');
    const disconnect = await connectPopupStore();
    expect(usePopupStore.getState().snapshot?.appId).toBe('app-a');

    const releaseB = holdReads('snapshot:app-b');
    await selectedAppIdItem.setValue('app-b');
    await selectedAppIdItem.setValue('app-c');
    await vi.waitFor(() => expect(usePopupStore.getState().snapshot?.appId).toBe('app-c'));
    releaseB();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const state = usePopupStore.getState();
    expect(selectedApp(state)?.id).toBe('app-c');
    expect(state.snapshot?.appId).toBe('app-c');
    disconnect();
  });

  it('while the new app loads, the old app’s snapshot is not shown under the new header', async () => {
    await appsItem.setValue(ids.map((id) => fixtureApp({ id, label: id })));
    for (const id of ids) await snapshotItem(id).setValue({ ...fixtureSnapshot(NOW), appId: id });
    await selectedAppIdItem.setValue('app-a');
    const disconnect = await connectPopupStore();
    const releaseB = holdReads('snapshot:app-b');
    await selectedAppIdItem.setValue('app-b');
    await vi.waitFor(() => expect(selectedApp(usePopupStore.getState())?.id).toBe('app-b'));
    const shown = usePopupStore.getState().snapshot;
    expect(shown === null || shown.appId === 'app-b').toBe(true);
    releaseB();
    await vi.waitFor(() => expect(usePopupStore.getState().snapshot?.appId).toBe('app-b'));
    disconnect();
  });
});
