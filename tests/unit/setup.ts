import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// findBy*/waitFor poll until the UI shows what a test expects. Testing Library gives up after 1 s
// by default, which a machine with both cores busy breaks (issue 22: four popup tests timed out at
// 1.5-2.5 s under the CPU hog). A generous deadline costs nothing when the UI is there at once, and
// a test that waits for something that never comes still fails.
configure({ asyncUtilTimeout: 30_000 });

beforeEach(() => {
  fakeBrowser.reset();
  // APIs the in-memory browser does not implement, which the worker's main() registers listeners
  // on (lib/surfaces.ts). Tests that need them replace these.
  const browser = fakeBrowser as unknown as Record<string, Record<string, unknown>>;
  browser.contextMenus = { create: vi.fn(), removeAll: vi.fn(async () => undefined), onClicked: { addListener: vi.fn() } };
  (fakeBrowser.permissions as unknown as Record<string, unknown>).onAdded = { addListener: vi.fn(), removeListener: vi.fn() };
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllEnvs();
});
