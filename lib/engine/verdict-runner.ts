/**
 * Token verdicts outside the app's operation queue (issue 19). A verdict fetches the JWKS from
 * the host the publishable key names; inside the queue, a slow or hostile JWKS host would hold
 * every sync and sign-out queued behind it (a "sign out of all sessions" that never reaches
 * Clerk). So the verdict runs beside the queue, one at a time per token, and only its storage
 * write is queued: in order with the syncs, it lands on the snapshot that still shows that
 * token, or nowhere.
 */
import { computeVerdict, type Diagnose, type PendingVerdict, withVerdict } from '../diagnostics/snapshot-diagnostics';
import type { SessionSnapshot } from '../snapshot';
import { snapshotItem } from '../storage';

export function createVerdictRunner(deps: {
  now: () => number;
  enqueue: (appId: string, operation: () => Promise<void>) => Promise<void>;
}) {
  /** Per app, the token whose verdict is being computed. */
  const verifying = new Map<string, string>();
  const runs = new Set<Promise<void>>();

  return {
    start(appId: string, diagnose: Diagnose, pending: PendingVerdict, snapshot: SessionSnapshot): void {
      if (verifying.get(appId) === pending.tokenKey) return;
      verifying.set(appId, pending.tokenKey);
      const run: Promise<void> = computeVerdict(diagnose, pending, snapshot, deps.now)
        .then(async (verdict) => {
          if (!verdict) return;
          await deps.enqueue(appId, async () => {
            const next = withVerdict(await snapshotItem(appId).getValue(), verdict);
            if (next) await snapshotItem(appId).setValue(next);
          });
        })
        .catch(() => {})
        .finally(() => {
          if (verifying.get(appId) === pending.tokenKey) verifying.delete(appId);
          runs.delete(run);
        });
      runs.add(run);
    },
    /** Resolves when every verdict started so far is stored (tests; nothing in the product waits). */
    async settled(): Promise<void> {
      while (runs.size > 0) await Promise.all([...runs]);
    },
  };
}
