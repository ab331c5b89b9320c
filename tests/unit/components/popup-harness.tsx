/** Renders the popup from a given store state (no storage round trip), for the component tests. */
import { render } from '@testing-library/react';
import { Popup } from '../../../components/Popup';
import type { AppConfig } from '../../../lib/apps';
import { type PopupState, usePopupStore } from '../../../lib/popup-store';
import type { RefreshAttempt, SessionSnapshot } from '../../../lib/snapshot';
import { fixtureApp } from './fixtures';

export function showPopup(
  state: Partial<Pick<PopupState, 'loaded' | 'permission' | 'now'>> & {
    apps?: AppConfig[];
    snapshot?: SessionSnapshot | null;
    history?: RefreshAttempt[];
  } = {},
) {
  usePopupStore.setState({
    loaded: state.loaded ?? true,
    apps: state.apps ?? [fixtureApp()],
    selectedAppId: null,
    snapshot: state.snapshot ?? null,
    history: state.history ?? [],
    permission: state.permission ?? 'granted',
    now: state.now ?? Date.now(),
  });
  return render(<Popup />);
}
