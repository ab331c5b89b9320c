/**
 * Sign-out of all sessions, the action users come for. Runs as its own operation in the app's
 * queue (engine.ts), never joined with a refresh, and reports only what Clerk confirms: every
 * step is followed by a re-read, and the report is persisted as it progresses (`save`), so a
 * worker killed in the middle leaves a trace the next worker can complete (`finishInterrupted`).
 *
 * Order: other devices first (revoking needs a signed-in session on this client), then every
 * session of this browser (`DELETE /v1/client/sessions`). When Clerk asks for a re-verification
 * before revoking (403), it stops there (`awaiting-reverification`) and the retry resumes it. Request count for "all devices" with N
 * other sessions: 1 client read, 1 list, N revokes, 1 re-list, 1 remove, 1 client re-read.
 */
import type { SignOutItem, SignOutReport, SignOutScope } from '../protocol';
import { isEndedStatus } from '../session-math';
import type { SessionRecord } from '../snapshot';
import { toFapiError } from './fapi-errors';
import type { ClientState } from './fapi-parse';
import type { ClerkGateway, OtherSession } from './gateway';

export interface SignOutDeps {
  appId: string;
  scope: SignOutScope;
  now: () => number;
  /** Direct requests: one per call, no SDK (which could hang or mint on its own). */
  gateway: ClerkGateway;
  save: (report: SignOutReport) => Promise<void>;
  /** The `at` of a sign-out awaiting reverification that this one resumes. */
  resumes?: number;
}

function labelIn(sessions: SessionRecord[]) {
  return (id: string) => {
    const user = sessions.find((s) => s.id === id)?.user;
    return user?.email ?? user?.name ?? id;
  };
}

/**
 * Compares what this browser had before with what Clerk says now. A session Clerk listed as
 * already ended is reported too (every session Clerk listed is accounted for).
 */
export function confirmThisBrowser(
  report: SignOutReport,
  before: SessionRecord[],
  after: ClientState | null,
  removeError: string | null,
): void {
  const label = labelIn(before);
  for (const session of before.filter((s) => isEndedStatus(s.status))) {
    report.ended.push({ sessionId: session.id, userLabel: `${label(session.id)} (already ended)`, where: 'this-browser' });
  }
  for (const session of before.filter((s) => !isEndedStatus(s.status))) {
    const item: SignOutItem = { sessionId: session.id, userLabel: label(session.id), where: 'this-browser' };
    const still = after?.sessions.find((s) => s.id === session.id);
    if (after && (!still || isEndedStatus(still.status))) report.ended.push(item);
    else
      report.failed.push({
        ...item,
        reason: removeError ?? (after ? 'Clerk still lists this session as active.' : 'Could not confirm with Clerk.'),
      });
  }
}

export async function signOutAll(deps: SignOutDeps): Promise<SignOutReport> {
  const { gateway, scope } = deps;
  const report: SignOutReport = {
    appId: deps.appId,
    scope,
    at: deps.now(),
    status: 'running',
    ended: [],
    failed: [],
    needsReverification: [],
    ...(deps.resumes !== undefined ? { resumedFrom: deps.resumes } : {}),
  };
  await deps.save(report);
  const before = (await gateway.readClient()).value;
  const label = labelIn(before.sessions);
  const live = before.sessions.filter((s) => !isEndedStatus(s.status));
  const current = before.lastActiveSessionId;

  if (scope === 'all-devices') {
    if (!current) {
      // Other devices are listed and revoked through a signed-in session of this client
      // (/v1/me/sessions/…). Without one they cannot be seen at all, so they may well be active:
      // say so rather than answer an empty "done" (issue 19, item 9).
      report.failed.push({
        sessionId: '*',
        userLabel: live[0] ? label(live[0].id) : 'Other devices',
        where: 'other-device',
        reason:
          live.length > 0
            ? 'Clerk names no current session for this browser, so the sessions on other devices could not be listed. Open the app, pick an account, and try again.'
            : 'This browser has no signed-in session, so Clerk cannot list or end the sessions on other devices. Sign in in the app again, then sign out of all devices.',
      });
    } else {
      await signOutOtherDevices(deps, report, current, before, label);
    }
    if (report.needsReverification.length > 0) {
      // Clerk wants a recent verification before it revokes other devices (reverification docs:
      // revoke session, strongest factor, 10 minutes). The user re-verifies in the app, in this
      // browser's session: signing that session out now would leave nothing to retry with.
      report.status = 'awaiting-reverification';
      await deps.save(report);
      return report;
    }
    await deps.save(report);
  }

  let removeError: string | null = null;
  try {
    await gateway.removeAllSessions();
  } catch (error) {
    removeError = toFapiError(error).message;
  }
  // Trust the server, not the call: read again and report what really ended.
  const after = await gateway
    .readClient()
    .then((r) => r.value)
    .catch(() => null);
  confirmThisBrowser(report, before.sessions, after, removeError);
  report.status = 'done';
  await deps.save(report);
  return report;
}

async function signOutOtherDevices(
  deps: SignOutDeps,
  report: SignOutReport,
  current: string,
  before: ClientState,
  label: (id: string) => string,
): Promise<void> {
  const { gateway } = deps;
  const thisClient = before.sessions.map((s) => s.id);
  let others: OtherSession[];
  try {
    others = await gateway.otherDeviceSessions(current, thisClient);
  } catch (error) {
    report.failed.push({
      sessionId: '*',
      userLabel: label(current),
      where: 'other-device',
      reason: `Could not list other devices: ${toFapiError(error).message}`,
    });
    return;
  }
  const refused = new Map<string, string>();
  const reverify = new Set<string>();
  for (const other of others) {
    try {
      await gateway.revokeSession(current, other.id);
    } catch (error) {
      const e = toFapiError(error);
      if (e.httpStatus === 403) reverify.add(other.id);
      else refused.set(other.id, e.message);
    }
  }
  // A 200 is not proof: list again and report what really ended.
  let remaining: OtherSession[] | null = null;
  let relistError: string | null = null;
  if (others.length > 0) {
    try {
      remaining = await gateway.otherDeviceSessions(current, thisClient);
    } catch (error) {
      relistError = toFapiError(error).message;
    }
  }
  for (const other of others) {
    const item: SignOutItem = { sessionId: other.id, userLabel: `${label(current)} (${other.label})`, where: 'other-device' };
    const stillActive = remaining?.some((r) => r.id === other.id);
    if (reverify.has(other.id)) report.needsReverification.push(item);
    else if (refused.has(other.id)) report.failed.push({ ...item, reason: refused.get(other.id) as string });
    else if (remaining && !stillActive) report.ended.push(item);
    else
      report.failed.push({
        ...item,
        reason: remaining
          ? 'Clerk accepted the revoke but still lists this session as active.'
          : `Could not confirm with Clerk (${relistError}).`,
      });
  }
}

/**
 * A report left `running` by a worker that was stopped: ask Clerk what this browser still has,
 * and mark it `interrupted` with what really ended.
 */
export async function finishInterrupted(
  report: SignOutReport,
  snapshotSessions: SessionRecord[],
  read: () => Promise<ClientState>,
  save: (report: SignOutReport) => Promise<void>,
): Promise<SignOutReport> {
  const after = await read().catch(() => null);
  const done = new Set([...report.ended, ...report.failed, ...report.needsReverification].map((i) => i.sessionId));
  const next: SignOutReport = { ...report, status: 'interrupted', ended: [...report.ended], failed: [...report.failed] };
  confirmThisBrowser(
    next,
    snapshotSessions.filter((s) => !done.has(s.id)),
    after,
    'The extension was stopped before this session was signed out.',
  );
  await save(next);
  return next;
}
