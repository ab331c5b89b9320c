/**
 * Issue 14: the popup's first commit shows the glance and nothing else; its lazy parts mount
 * right after (components/popup/after-first-paint.ts), with no user input and no timer.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../../components/Popup';
import { useAfterFirstPaint } from '../../../components/popup/after-first-paint';
import { resetPopupStore, usePopupStore } from '../../../lib/popup-store';
import { fixtureApp, stateSnapshots } from './fixtures';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const reactGlobals = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
let actEnvironment: boolean | undefined;

// Rendered as the popup page renders (mount-popup.tsx: flushSync), not inside act(), which would
// run the transition before returning.
beforeEach(() => {
  actEnvironment = reactGlobals.IS_REACT_ACT_ENVIRONMENT;
  reactGlobals.IS_REACT_ACT_ENVIRONMENT = false;
});
afterEach(() => {
  reactGlobals.IS_REACT_ACT_ENVIRONMENT = actEnvironment;
  resetPopupStore();
});

function mount(node: React.ReactNode) {
  const element = document.createElement('div');
  document.body.append(element);
  const root = createRoot(element);
  flushSync(() => root.render(node));
  return {
    element,
    unmount: () => {
      root.unmount();
      element.remove();
    },
  };
}

const seen: boolean[] = [];
function Probe() {
  seen.push(useAfterFirstPaint());
  return null;
}

describe('useAfterFirstPaint', () => {
  it('is false in the first commit, then true by itself', async () => {
    seen.length = 0;
    const { unmount } = mount(<Probe />);
    expect(seen).toEqual([false]);
    await vi.waitFor(() => expect(seen.at(-1)).toBe(true));
    unmount();
  });
});

describe('the popup’s first commit', () => {
  it('holds the glance and none of the lazy parts; they follow', async () => {
    usePopupStore.setState({
      loaded: true,
      apps: [fixtureApp()],
      selectedAppId: null,
      snapshot: stateSnapshots(NOW).healthy ?? null,
      permission: 'granted',
      now: NOW,
    });
    const { element, unmount } = mount(<Popup />);
    expect(element.querySelector('[data-testid="session-age-value"]')?.textContent).toBe('2h 05m');
    expect(element.querySelector('[data-testid="signout-trigger"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="session-row"]')).toBeNull();
    await vi.waitFor(() => expect(element.querySelectorAll('[data-testid="session-row"]')).toHaveLength(2));
    unmount();
  });
});
