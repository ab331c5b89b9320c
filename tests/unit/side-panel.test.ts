/** The popup's side-panel adapter: a click before the window lookup answered still opens the panel. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

let open: ReturnType<typeof vi.fn>;
let answerWindow: (w: { id?: number }) => void;

beforeEach(() => {
  vi.resetModules();
  open = vi.fn(async () => undefined);
  const browser = fakeBrowser as unknown as Record<string, Record<string, unknown>>;
  browser.sidePanel = { open };
  browser.windows = {
    ...browser.windows,
    getCurrent: vi.fn(() => new Promise((resolve) => (answerWindow = resolve))),
  };
});

describe('openSidePanel', () => {
  it('calls open synchronously in the click once the window is known', async () => {
    const { openSidePanel, prepareSidePanel } = await import('../../lib/side-panel');
    const ready = prepareSidePanel();
    answerWindow({ id: 7 });
    await ready;
    void openSidePanel();
    expect(open).toHaveBeenCalledWith({ windowId: 7 });
  });

  it('a click before the lookup answered waits for it, then opens (no "try again")', async () => {
    const { openSidePanel, prepareSidePanel } = await import('../../lib/side-panel');
    void prepareSidePanel();
    const opened = openSidePanel();
    expect(open).not.toHaveBeenCalled();
    answerWindow({ id: 3 });
    await opened;
    expect(open).toHaveBeenCalledWith({ windowId: 3 });
  });

  it('says so when the window cannot be found', async () => {
    const { openSidePanel } = await import('../../lib/side-panel');
    const opened = openSidePanel();
    answerWindow({});
    await expect(opened).rejects.toThrow(/window is not known/);
    expect(open).not.toHaveBeenCalled();
  });
});
