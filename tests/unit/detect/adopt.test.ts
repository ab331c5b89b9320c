/** "Inspect this app": permission first, save only on a grant, and the worker's half when the popup died. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { adoptApp, completePendingAdoption, inspectApp } from '../../../lib/detect/adopt';
import { appsItem, PENDING_ADOPTION_TTL_MS, pendingAdoptionItem, selectedAppIdItem } from '../../../lib/storage';
import { fixtureApp } from '../components/fixtures';

const draft = fixtureApp({ id: 'app-draft', label: 'localhost:3000' });
const origins = ['https://happy-otter-42.clerk.accounts.dev/*', 'http://localhost/*'];
let granted: Set<string>;

beforeEach(() => {
  granted = new Set();
  fakeBrowser.permissions.contains = vi.fn(async ({ origins: asked = [] }) =>
    asked.every((o: string) => granted.has(o)),
  ) as never;
});
afterEach(() => vi.restoreAllMocks());

describe('inspectApp', () => {
  it('calls permissions.request synchronously, before anything else is awaited', () => {
    const request = vi.fn(() => new Promise<boolean>(() => undefined));
    fakeBrowser.permissions.request = request as never;
    void inspectApp(draft, origins);
    // Still inside the click's task: nothing has been awaited yet.
    expect(request).toHaveBeenCalledWith({ origins });
  });

  it('granted: the app is saved, selected, and nothing stays pending', async () => {
    fakeBrowser.permissions.request = vi.fn(async () => true) as never;
    await appsItem.setValue([fixtureApp({ id: 'app-old', label: 'old', syncHost: 'http://localhost:4000' })]);
    const outcome = await inspectApp(draft, origins);
    expect(outcome).toEqual({ kind: 'added', app: draft });
    expect((await appsItem.getValue()).map((a) => a.id)).toEqual(['app-old', 'app-draft']);
    expect(await selectedAppIdItem.getValue()).toBe('app-draft');
    expect(await pendingAdoptionItem.getValue()).toBeNull();
  });

  it('refused: nothing saved, nothing pending', async () => {
    fakeBrowser.permissions.request = vi.fn(async () => false) as never;
    expect(await inspectApp(draft, origins)).toEqual({ kind: 'refused' });
    expect(await appsItem.getValue()).toEqual([]);
    expect(await selectedAppIdItem.getValue()).toBeNull();
    expect(await pendingAdoptionItem.getValue()).toBeNull();
  });

  it('Chrome throws (no gesture, or a bad pattern): reported, nothing saved', async () => {
    fakeBrowser.permissions.request = vi.fn(() => {
      throw new Error('This function must be called during a user gesture');
    }) as never;
    expect(await inspectApp(draft, origins)).toEqual({
      kind: 'failed',
      message: 'This function must be called during a user gesture',
    });
    fakeBrowser.permissions.request = vi.fn(async () => {
      throw new Error('Invalid origin');
    }) as never;
    expect(await inspectApp(draft, origins)).toEqual({ kind: 'failed', message: 'Invalid origin' });
    expect(await appsItem.getValue()).toEqual([]);
    expect(await pendingAdoptionItem.getValue()).toBeNull();
  });

  it('while Chrome asks, the draft is parked for the worker', async () => {
    let answer: (value: boolean) => void = () => undefined;
    fakeBrowser.permissions.request = vi.fn(() => new Promise<boolean>((resolve) => (answer = resolve))) as never;
    const outcome = inspectApp(draft, origins, () => 1000);
    await vi.waitFor(async () => expect(await pendingAdoptionItem.getValue()).toEqual({ draft, origins, at: 1000 }));
    answer(true);
    expect((await outcome).kind).toBe('added');
  });
});

describe('the worker’s half: completePendingAdoption', () => {
  it('adopts the parked draft once all its origins are granted', async () => {
    await pendingAdoptionItem.setValue({ draft, origins, at: 1000 });
    granted.add(origins[0] as string);
    expect(await completePendingAdoption(2000)).toBeNull();
    expect(await appsItem.getValue()).toEqual([]);
    granted.add(origins[1] as string);
    expect(await completePendingAdoption(2000)).toEqual(draft);
    expect(await appsItem.getValue()).toEqual([draft]);
    expect(await selectedAppIdItem.getValue()).toBe('app-draft');
    expect(await pendingAdoptionItem.getValue()).toBeNull();
  });

  it('drops a draft older than the TTL instead of adopting it', async () => {
    for (const o of origins) granted.add(o);
    await pendingAdoptionItem.setValue({ draft, origins, at: 1000 });
    expect(await completePendingAdoption(1000 + PENDING_ADOPTION_TTL_MS + 1)).toBeNull();
    expect(await appsItem.getValue()).toEqual([]);
    expect(await pendingAdoptionItem.getValue()).toBeNull();
  });

  it('nothing parked: nothing happens', async () => {
    expect(await completePendingAdoption()).toBeNull();
  });
});

describe('adoptApp is idempotent', () => {
  it('the popup and the worker both adopting leaves one app', async () => {
    await Promise.all([adoptApp(draft), adoptApp(draft)]);
    await adoptApp(draft);
    expect(await appsItem.getValue()).toEqual([draft]);
  });

  it('the same key and sync host under another id selects the existing app', async () => {
    const existing = fixtureApp({ id: 'app-existing', publishableKey: draft.publishableKey, syncHost: draft.syncHost });
    await appsItem.setValue([existing]);
    expect(await adoptApp(draft)).toEqual(existing);
    expect(await appsItem.getValue()).toEqual([existing]);
    expect(await selectedAppIdItem.getValue()).toBe('app-existing');
  });
});
