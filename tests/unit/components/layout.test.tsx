/** The popup's glance versus the side panel's layout, the header's heading and the remembered mode. */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../../components/Popup';
import { sendMessage } from '../../../lib/messaging';
import { resetPopupStore, usePopupStore } from '../../../lib/popup-store';
import { lastModeItem } from '../../../lib/storage';
import { fixtureApp, stateSnapshots } from './fixtures';
import { showPopup } from './popup-harness';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn(async () => null) }));

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

beforeEach(() => {
  resetPopupStore();
  vi.mocked(sendMessage).mockClear();
});
afterEach(() => vi.restoreAllMocks());

/** Document order of two elements. */
const precedes = (a: Element, b: Element) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);

describe('popup layout (the glance)', () => {
  it('status, then the sign-out trigger, then the numbers; details after', async () => {
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    const trigger = screen.getByRole('button', { name: 'Sign out of all sessions…' });
    expect(precedes(screen.getByTestId('status'), trigger)).toBe(true);
    expect(precedes(trigger, screen.getByTestId('session-age'))).toBe(true);
    expect(precedes(screen.getByTestId('token-countdown'), await screen.findByRole('heading', { name: 'Refresh history' }))).toBe(
      true,
    );
    expect(screen.getByRole('button', { name: 'Open in side panel' })).toBeTruthy();
  });

  it('with two apps there is still an h1', () => {
    showPopup({
      apps: [fixtureApp(), fixtureApp({ id: 'app-2', label: 'staging' })],
      snapshot: stateSnapshots(NOW).healthy,
      now: NOW,
    });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Clerk Session Inspector: dev');
    expect(screen.getByRole('combobox', { name: 'App' })).toBeTruthy();
  });

  it('a mode switch is remembered for apps added later', async () => {
    showPopup({ snapshot: stateSnapshots(NOW).healthy, now: NOW });
    await userEvent.click(screen.getByRole('radio', { name: 'Observe' }));
    expect(sendMessage).toHaveBeenCalledWith('setMode', { appId: 'app-fixture', mode: 'observe' });
    await vi.waitFor(async () => expect(await lastModeItem.getValue()).toBe('observe'));
  });
});

describe('side panel layout', () => {
  it('the numbers first, then the sign-out card with its heading; no "Open in side panel"', () => {
    usePopupStore.setState({
      loaded: true,
      apps: [fixtureApp()],
      selectedAppId: null,
      snapshot: stateSnapshots(NOW).healthy ?? null,
      history: [],
      permission: 'granted',
      now: NOW,
    });
    render(<Popup layout="panel" />);
    expect(document.querySelector('main')?.className).toBe('popup layout-panel');
    const heading = screen.getByRole('heading', { name: 'Sign out of all sessions' });
    expect(precedes(screen.getByTestId('token-countdown'), heading)).toBe(true);
    expect(screen.queryByRole('button', { name: 'Open in side panel' })).toBeNull();
  });
});
