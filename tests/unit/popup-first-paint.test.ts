/**
 * Issue 14: the popup's first paint waits for one round trip to the browser. The apps, the
 * selected id and `storage.session` (snapshot, sign-out report) are read at once and make the
 * store `loaded`; the history and the host permission come after, without holding the glance.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connectPopupStore, resetPopupStore, usePopupStore, whenLoaded } from '../../lib/popup-store';
import type { SignOutReport } from '../../lib/protocol';
import { appsItem, historyItem, selectedAppIdItem, signOutReportItem, snapshotItem } from '../../lib/storage';
import { defineItem, readArea } from '../../lib/storage-item';
import { fixtureApp, fixtureSnapshot } from './components/fixtures';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

afterEach(() => {
  vi.restoreAllMocks();
  resetPopupStore();
});

function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const report: SignOutReport = {
  appId: 'app-b',
  scope: 'this-browser',
  at: NOW - 1000,
  status: 'running',
  ended: [],
  failed: [],
  needsReverification: [],
};

describe('the first paint: one round trip', () => {
  it('loaded with the selected app’s snapshot and report while the history and the permission are still on their way', async () => {
    await appsItem.setValue([fixtureApp({ id: 'app-a' }), fixtureApp({ id: 'app-b' })]);
    await selectedAppIdItem.setValue('app-b');
    await snapshotItem('app-a').setValue({ ...fixtureSnapshot(NOW), appId: 'app-a' });
    await snapshotItem('app-b').setValue({ ...fixtureSnapshot(NOW), appId: 'app-b' });
    await signOutReportItem('app-b').setValue(report);
    await historyItem('app-b').setValue([
      { at: NOW, appId: 'app-b', mode: 'keep-alive', trigger: 'alarm', outcome: 'ok', latencyMs: 9, minted: false },
    ]);

    const held = gate();
    const permission = vi.fn(async () => {
      await held.opened;
      return false;
    });
    fakeBrowser.permissions.contains = permission as never;
    const local = fakeBrowser.storage.local;
    const localGet = local.get.bind(local);
    vi.spyOn(local, 'get').mockImplementation((async (keys: unknown) => {
      if (keys === 'history:app-b') await held.opened;
      return localGet(keys as string);
    }) as never);
    const sessionGet = vi.spyOn(fakeBrowser.storage.session, 'get');

    const connected = connectPopupStore();
    await whenLoaded(5_000);
    const first = usePopupStore.getState();
    expect(first.loaded).toBe(true);
    expect(first.snapshot?.appId).toBe('app-b');
    expect(first.signOutReport?.status).toBe('running');
    expect(first.history).toEqual([]);
    expect(first.permission).toBe('unknown');
    // The whole session area in one read, before any per-key read of it.
    expect(sessionGet.mock.calls[0]?.[0]).toBeNull();
    // The permission is asked meanwhile (its module is a lazy chunk), and held.
    await vi.waitFor(() => expect(permission).toHaveBeenCalled());
    expect(usePopupStore.getState().permission).toBe('unknown');

    held.open();
    const disconnect = await connected;
    const later = usePopupStore.getState();
    expect(later.history).toHaveLength(1);
    expect(later.permission).toBe('missing');
    expect(later.snapshot?.appId).toBe('app-b');
    disconnect();
  });

  it('a permission answer for an app no longer selected is dropped', async () => {
    await appsItem.setValue([fixtureApp({ id: 'app-a' }), fixtureApp({ id: 'app-b' })]);
    await selectedAppIdItem.setValue('app-a');
    const held = gate();
    let calls = 0;
    fakeBrowser.permissions.contains = vi.fn(async () => {
      calls++;
      if (calls > 1) return true;
      await held.opened;
      return false;
    }) as never;
    const connected = connectPopupStore();
    await vi.waitFor(() => expect(calls).toBe(1));
    await selectedAppIdItem.setValue('app-b');
    await vi.waitFor(() => expect(usePopupStore.getState().permission).toBe('granted'));
    held.open();
    const disconnect = await connected;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(usePopupStore.getState().selectedAppId).toBe('app-b');
    expect(usePopupStore.getState().permission).toBe('granted');
    disconnect();
  });

  it('a snapshot stored under the app’s key for another app is not shown at the first paint either', async () => {
    await appsItem.setValue([fixtureApp({ id: 'app-a' })]);
    await snapshotItem('app-a').setValue({ ...fixtureSnapshot(NOW), appId: 'app-z' });
    fakeBrowser.permissions.contains = vi.fn(async () => true) as never;
    const disconnect = await connectPopupStore();
    expect(usePopupStore.getState()).toMatchObject({ loaded: true, snapshot: null });
    disconnect();
  });

  it('without any app: loaded, nothing to show, no app read', async () => {
    const disconnect = await connectPopupStore();
    expect(usePopupStore.getState()).toMatchObject({ loaded: true, apps: [], snapshot: null, signOutReport: null });
    disconnect();
  });

  it('when the whole-area read fails, the app’s own keys are read instead', async () => {
    await appsItem.setValue([fixtureApp({ id: 'app-a' })]);
    await snapshotItem('app-a').setValue({ ...fixtureSnapshot(NOW), appId: 'app-a' });
    fakeBrowser.permissions.contains = vi.fn(async () => true) as never;
    const session = fakeBrowser.storage.session;
    const get = session.get.bind(session);
    vi.spyOn(session, 'get').mockImplementation((async (keys: unknown) => {
      if (keys === null) throw new Error('no whole-area read here');
      return get(keys as string);
    }) as never);
    const disconnect = await connectPopupStore();
    expect(usePopupStore.getState()).toMatchObject({ loaded: true, permission: 'granted' });
    expect(usePopupStore.getState().snapshot?.appId).toBe('app-a');
    disconnect();
  });
});

describe('whenLoaded', () => {
  it('resolves when the store is loaded, or after the timeout with the store still loading', async () => {
    vi.useFakeTimers();
    let resolved = false;
    void whenLoaded(150).then(() => {
      resolved = true;
    });
    await vi.advanceTimersByTimeAsync(149);
    expect(resolved).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(resolved).toBe(true);
    expect(usePopupStore.getState().loaded).toBe(false);

    let again = false;
    void whenLoaded(150).then(() => {
      again = true;
    });
    usePopupStore.setState({ loaded: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(again).toBe(true);
  });
});

describe('StorageItem.pick from an area read whole', () => {
  it('applies the same fallback and parse as getValue, and refuses an item of another area', async () => {
    const parsed = defineItem<number[]>('session:numbers', {
      fallback: [],
      parse: (v) => (Array.isArray(v) ? v.filter((n) => typeof n === 'number') : []),
    });
    await fakeBrowser.storage.session.set({ numbers: [1, 'two', 3] });
    const area = await readArea('session');
    expect(parsed.pick(area)).toEqual(await parsed.getValue());
    expect(parsed.pick(area)).toEqual([1, 3]);
    expect(defineItem<string | null>('session:absent', { fallback: null }).pick(area)).toBeNull();
    expect(() => appsItem.pick(area)).toThrow(/storage\.session/);
  });
});
