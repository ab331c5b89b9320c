/** The worker's surface listeners: the action menu opens the side panel; a grant finishes a parked adoption. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { appsItem, pendingAdoptionItem } from '../../lib/storage';
import { createActionMenu, onMenuClicked, registerSurfaceListeners, SIDE_PANEL_MENU_ID } from '../../lib/surfaces';
import { fixtureApp } from './components/fixtures';

type Listener = (...args: unknown[]) => unknown;
let listeners: Record<string, Listener>;
let open: ReturnType<typeof vi.fn>;

beforeEach(() => {
  listeners = {};
  const capture = (name: string) => vi.fn((l: Listener) => (listeners[name] = l));
  const browser = fakeBrowser as unknown as Record<string, Record<string, unknown>>;
  browser.contextMenus = {
    create: vi.fn(),
    removeAll: vi.fn(async () => undefined),
    onClicked: { addListener: capture('menu') },
  };
  open = vi.fn(async () => undefined);
  browser.sidePanel = { open };
  (fakeBrowser.permissions as unknown as Record<string, unknown>).onAdded = { addListener: capture('added') };
  fakeBrowser.runtime.onInstalled.addListener = capture('installed') as never;
});

describe('the action context menu', () => {
  it('is (re)created on install with contexts ["action"]', async () => {
    await createActionMenu();
    expect(fakeBrowser.contextMenus.removeAll).toHaveBeenCalled();
    expect(fakeBrowser.contextMenus.create).toHaveBeenCalledWith(
      { id: SIDE_PANEL_MENU_ID, title: 'Open in side panel', contexts: ['action'] },
      expect.any(Function),
    );
  });

  it('opens the side panel of the clicked window, synchronously in the click', () => {
    onMenuClicked({ menuItemId: SIDE_PANEL_MENU_ID } as never, { windowId: 5 } as never);
    expect(open).toHaveBeenCalledWith({ windowId: 5 });
    onMenuClicked({ menuItemId: 'other' } as never, { windowId: 5 } as never);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('registerSurfaceListeners wires install, menu clicks and permission grants', async () => {
    registerSurfaceListeners();
    expect(Object.keys(listeners).sort()).toEqual(['added', 'installed', 'menu']);
    (listeners.menu as Listener)({ menuItemId: SIDE_PANEL_MENU_ID }, { windowId: 9 });
    expect(open).toHaveBeenCalledWith({ windowId: 9 });

    const draft = fixtureApp({ id: 'app-parked' });
    await pendingAdoptionItem.setValue({ draft, origins: ['http://localhost/*'], at: Date.now() });
    fakeBrowser.permissions.contains = vi.fn(async () => true) as never;
    (listeners.added as Listener)({ origins: ['http://localhost/*'] });
    await vi.waitFor(async () => expect(await appsItem.getValue()).toEqual([draft]));
  });
});
