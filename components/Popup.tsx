import { formatDuration } from '../lib/format';
import { selectedApp, usePopupStore } from '../lib/popup-store';
import { sessionNumbers } from '../lib/session-math';

export function Popup() {
  const state = usePopupStore();
  const app = selectedApp(state);
  if (!state.loaded) return <p role="status">Loading…</p>;
  if (!app) return <p>No Clerk app is configured yet.</p>;
  const snapshot = state.snapshot;
  if (!snapshot) return <p role="status">Waiting for the first sync of {app.label}…</p>;
  const numbers = sessionNumbers(snapshot, state.now);
  return (
    <main>
      <h1>{snapshot.label}</h1>
      <p data-testid="fapi-host">{snapshot.fapiHost}</p>
      <p data-testid="session-state">{numbers.session ? `Session ${numbers.session.id}` : 'Signed out'}</p>
      <p data-testid="written-at">Updated {formatDuration(numbers.snapshotAgeMs)} ago</p>
    </main>
  );
}
