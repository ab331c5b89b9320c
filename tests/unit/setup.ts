import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

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
