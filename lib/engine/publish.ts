/**
 * Publishing one sync's result: the snapshot first (it is what the user came for), then the
 * refresh history, the toolbar badge and the "session ends soon" notification, each on its own,
 * so a full storage or a refused notification never throws the fresh snapshot away. The numbers
 * the badge and the notification show come from `sessionNumbers` (session-math.ts), like the popup's.
 */
import type { AppConfig } from '../apps';
import { isEndedStatus, mostUrgentLeftMs, sessionNumbers } from '../session-math';
import type { RefreshAttempt, SessionSnapshot } from '../snapshot';
import { appendHistory, engineStateItem, snapshotItem } from '../storage';
import { capStored } from '../stored-caps';
import { badgeFor } from './badge';
import type { Ports } from './ports';

function userLabel(snapshot: SessionSnapshot | null, sessionId: string): string {
  const user = snapshot?.sessions.find((s) => s.id === sessionId)?.user;
  return user?.email ?? user?.name ?? user?.id ?? sessionId;
}

export function createPublisher(deps: {
  now: () => number;
  ports: Ports;
  loadApps: () => Promise<AppConfig[]>;
  selectedAppId: (apps: AppConfig[]) => Promise<string | null>;
}) {
  const { now, ports } = deps;

  async function publish(app: AppConfig, fresh: SessionSnapshot, attempt: RefreshAttempt) {
    // Every string in it came from the server: capped per field before it is stored (stored-caps.ts).
    const snapshot = capStored(fresh);
    await snapshotItem(app.id).setValue(snapshot);
    const failures: string[] = [];
    const effect = async (what: string, run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    await effect('refresh history not saved', () => appendHistory(app.id, attempt));
    await effect('badge not updated', () => updateBadge());
    await effect('notification not shown', () => maybeNotify(app, snapshot));
    if (failures.length) {
      await snapshotItem(app.id)
        .setValue({ ...snapshot, sideEffectError: failures.join('; ').slice(0, 300) })
        .catch(() => {});
    }
  }

  async function updateBadge() {
    const apps = await deps.loadApps();
    const id = await deps.selectedAppId(apps);
    const app = apps.find((a) => a.id === id) ?? null;
    const snapshot = app ? await snapshotItem(app.id).getValue() : null;
    await ports.setBadge(badgeFor(app, snapshot, now()));
  }

  async function maybeNotify(app: AppConfig, snapshot: SessionSnapshot) {
    if (app.notifyBeforeSeconds === null) return;
    const numbers = sessionNumbers(snapshot, now());
    const left = mostUrgentLeftMs(numbers);
    if (left === null || !numbers.session || isEndedStatus(numbers.session.status)) return;
    if (left > app.notifyBeforeSeconds * 1000 || left <= 0) return;
    const end = now() + left;
    const state = await engineStateItem(app.id).getValue();
    // One notification per deadline; a deadline that moved by more than a minute is a new one.
    if (state.notifiedForSessionEnd !== null && Math.abs(state.notifiedForSessionEnd - end) < 60_000) return;
    await engineStateItem(app.id).setValue({ ...state, notifiedForSessionEnd: end });
    await ports.notify(
      `session-end:${app.id}`,
      `${app.label}: session ends soon`,
      `The Clerk session of ${userLabel(snapshot, numbers.session.id)} ends in ${Math.ceil(left / 60_000)} min.`,
    );
  }

  return { publish, updateBadge };
}
