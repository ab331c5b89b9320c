/**
 * The engine's sign-out operations, each one operation in the app's queue (engine.ts owns the
 * queue): "sign out of all sessions" (signout.ts does the work and writes the report), removing
 * one session from its row, and finishing the report of a sign-out that a stopped worker left
 * `running` (the worker can be killed mid-way; the report is in storage, the outcome at Clerk).
 */
import type { AppConfig } from '../apps';
import { trustedAppKey } from '../host-trust';
import type { SignOutReport, SignOutScope } from '../protocol';
import type { ParsedPublishableKey } from '../publishable-key';
import type { SessionSnapshot } from '../snapshot';
import { signOutReportItem, snapshotItem } from '../storage';
import { capStored } from '../stored-caps';
import type { ClerkGateway } from './gateway';
import { finishInterrupted, signOutAll } from './signout';

export interface SignOutOperationDeps {
  now: () => number;
  loadApps: () => Promise<AppConfig[]>;
  /** The direct gateway (never the SDK: it would keep minting for the sessions being ended). */
  gatewayFor: (app: AppConfig, key: ParsedPublishableKey) => ClerkGateway;
  enqueue: <T>(appId: string, operation: () => Promise<T>) => Promise<T>;
  disposeSdk: (appId: string) => void;
  /** Re-reads the app inside the running operation (a queued refresh would wait for itself). */
  resync: (app: AppConfig) => Promise<SessionSnapshot | null>;
  /** Drops the copy action's raw token: the session it belonged to is gone. */
  forgetToken: (appId: string) => void;
}

export function createSignOutOperations(deps: SignOutOperationDeps) {
  /** Apps with a sign-out started by this worker: their `running` report is not a leftover. */
  const signOutsHere = new Set<string>();

  async function configured(appId: string) {
    const app = (await deps.loadApps()).find((a) => a.id === appId);
    const parsed = app ? trustedAppKey(app) : null;
    if (!app || !parsed?.ok) throw new Error('This app is not configured.');
    return { app, key: parsed.key };
  }

  return {
    /** A sign-out left `running` by a stopped worker: complete its report from what Clerk says. */
    async recover(app: AppConfig): Promise<void> {
      const item = signOutReportItem(app.id);
      const report = await item.getValue();
      const parsed = trustedAppKey(app);
      if (report?.status !== 'running' || !parsed.ok || signOutsHere.has(app.id)) return;
      await deps.enqueue(app.id, async () => {
        // Checked again in the queue: a sign-out of this worker may have run (and saved) before.
        const still = await item.getValue();
        if (signOutsHere.has(app.id) || still?.status !== 'running' || still.at !== report.at) return;
        const sessions = (await snapshotItem(app.id).getValue())?.sessions ?? [];
        const gateway = deps.gatewayFor(app, parsed.key);
        await finishInterrupted(
          report,
          sessions,
          async () => (await gateway.readClient()).value,
          (r) => item.setValue(r),
        );
      });
    },

    async signOutAll(appId: string, scope: SignOutScope): Promise<SignOutReport> {
      signOutsHere.add(appId);
      // Its own operation in the queue: it waits for what runs before it, and nothing joins it.
      return deps.enqueue(appId, async () => {
        const { app, key } = await configured(appId);
        deps.disposeSdk(app.id);
        const previous = await signOutReportItem(appId).getValue();
        const report = await signOutAll({
          appId,
          scope,
          now: deps.now,
          resumes: previous?.status === 'awaiting-reverification' ? previous.at : undefined,
          gateway: deps.gatewayFor(app, key),
          save: (r) => signOutReportItem(appId).setValue(capStored({ ...r, ended: [...r.ended], failed: [...r.failed] })),
        });
        deps.forgetToken(app.id);
        await deps.resync(app);
        return report;
      });
    },

    /** One session of this browser's client, from its row: its own queued operation, then a re-read. */
    async removeSession(appId: string, sessionId: string): Promise<SessionSnapshot | null> {
      return deps.enqueue(appId, async () => {
        const { app, key } = await configured(appId);
        const known = (await snapshotItem(appId).getValue())?.sessions.some((s) => s.id === sessionId);
        if (!known) throw new Error('That session is not on this browser’s client.');
        // The SDK would keep minting for a session it still believes in: rebuild it on the next mint.
        deps.disposeSdk(app.id);
        await deps.gatewayFor(app, key).removeSession(sessionId);
        return deps.resync(app);
      });
    },
  };
}
