/**
 * Which view the popup shows, chosen from the store's plain data. Pure: the Popup component and
 * the tests share it. Statuses come from `healthStatus` (lib/session-math); this module only adds
 * the states that have no snapshot yet (not configured, permission missing, loading) and splits
 * an error into "FAPI unreachable" and "stale".
 */
import type { AppConfig } from './apps';
import type { SignOutReport } from './protocol';
import { currentSession, type HealthStatus, healthStatus, isEndedStatus, sessionNumbers } from './session-math';
import type { SessionSnapshot, SnapshotError } from './snapshot';

export type PermissionState = 'granted' | 'missing' | 'unknown';

export type PopupViewKind =
  | 'loading'
  | 'not-configured'
  | 'permission-missing'
  | 'waiting'
  | 'signed-out'
  | 'healthy'
  | 'warning'
  | 'expiring'
  | 'expired'
  | 'stale'
  | 'unreachable';

export interface PopupView {
  kind: PopupViewKind;
  /** The engine's status when there is a snapshot. */
  health: HealthStatus | null;
  /** A current session to show (possibly last good data under a stale banner). */
  hasSession: boolean;
}

export function isUnreachable(error: SnapshotError | null): boolean {
  return error?.kind === 'network' || error?.kind === 'timeout';
}

export function choosePopupView(input: {
  loaded: boolean;
  app: AppConfig | null;
  permission: PermissionState;
  snapshot: SessionSnapshot | null;
  now: number;
}): PopupView {
  const { loaded, app, permission, snapshot, now } = input;
  if (!loaded) return { kind: 'loading', health: null, hasSession: false };
  if (!app) return { kind: 'not-configured', health: null, hasSession: false };
  if (permission === 'missing' || snapshot?.error?.kind === 'permission') {
    return { kind: 'permission-missing', health: null, hasSession: false };
  }
  if (!snapshot) return { kind: 'waiting', health: null, hasSession: false };
  const health = healthStatus(snapshot, app.thresholds, now);
  const hasSession = currentSession(snapshot) !== null;
  const error = snapshot.error;
  switch (health) {
    case 'signed-out':
      return { kind: 'signed-out', health, hasSession };
    case 'error':
      // Without a session and without a readable client identity the user simply is not signed in.
      if (!hasSession && error?.kind === 'no-identity') return { kind: 'signed-out', health, hasSession };
      return { kind: isUnreachable(error) ? 'unreachable' : 'stale', health, hasSession };
    default:
      // healthy, warning, expiring, expired. An expired session stays "expired" even when the
      // last refresh failed: the error is shown as a banner beside it.
      return { kind: health, health, hasSession };
  }
}

/** Status words: never colour alone. */
export const VIEW_LABELS: Record<PopupViewKind, string> = {
  loading: 'Loading',
  'not-configured': 'Not configured',
  'permission-missing': 'Permission missing',
  waiting: 'Waiting for the first sync',
  'signed-out': 'Signed out',
  healthy: 'Healthy',
  warning: 'Ends soon',
  expiring: 'Expiring',
  expired: 'Expired',
  stale: 'Stale',
  unreachable: 'FAPI unreachable',
};

/** The derived numbers for any session on the client, not only the current one (same math). */
export function numbersForSession(snapshot: SessionSnapshot, sessionId: string, now: number) {
  return sessionNumbers({ ...snapshot, currentSessionId: sessionId }, now);
}

/** Sessions that a sign-out of this browser's client would end. */
export function liveSessions(snapshot: SessionSnapshot) {
  return snapshot.sessions.filter((s) => !isEndedStatus(s.status));
}

/**
 * A saved sign-out the popup reports when it opens: one still running, or one a stopped worker
 * interrupted. A finished one was already shown in its own dialog.
 */
export function signOutToReport(report: SignOutReport | null): report is SignOutReport {
  // A finished sign-out that resumed one awaiting reverification is shown too: the user came back
  // to the popup for it, and its own dialog is gone.
  return report !== null && (report.status !== 'done' || report.resumedFrom !== undefined);
}
