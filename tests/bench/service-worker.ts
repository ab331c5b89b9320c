/**
 * The service worker's cold start and heap, through a raw CDP session (Playwright cannot attach
 * to an extension's worker). A cold start: `ServiceWorker.stopAllWorkers` (as Chrome does after
 * 30 s idle), confirmed by `Target.getTargets`; the next alarm wakes the worker; measured from the
 * `starting` status (stamped when Node receives the event) to the snapshot's `writtenAt`.
 */
import type { BenchBrowser } from './browser';
import { sleep, type World, waitFor } from './world';

export interface ColdStart {
  /** The worker's status became `starting` (CDP ServiceWorker.workerVersionUpdated, received in Node) to snapshot.writtenAt. */
  wakeToWriteMs: number;
  /** The earliest pending alarm's scheduledTime to snapshot.writtenAt (includes Chrome's alarm dispatch). */
  alarmToWriteMs: number;
  trigger: string | null;
  alarm: string;
}

export interface HeapUsage {
  usedBytes: number;
  afterGcBytes: number;
}

export async function workerHeap(browser: BenchBrowser): Promise<HeapUsage | null> {
  const targetId = await browser.workerTargetId();
  if (!targetId) return null;
  const { sessionId } = await browser.cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
  try {
    const before = await browser.cdp.send<{ usedSize: number }>('Runtime.getHeapUsage', {}, sessionId);
    await browser.cdp.send('HeapProfiler.collectGarbage', {}, sessionId);
    const after = await browser.cdp.send<{ usedSize: number }>('Runtime.getHeapUsage', {}, sessionId);
    return { usedBytes: before.usedSize, afterGcBytes: after.usedSize };
  } finally {
    await browser.cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }
}

/** Cold starts until `samples` are taken or `until` (local ms) is near. */
export async function coldStarts(world: World, until: number, maxSamples: number): Promise<ColdStart[]> {
  const { browser } = world;
  const probe = await browser.probe();
  const session = await browser.context.newCDPSession(probe);
  const transitions: Array<{ status: string; at: number }> = [];
  session.on('ServiceWorker.workerVersionUpdated', (event) => {
    for (const version of event.versions) {
      if (version.scriptURL.startsWith(`chrome-extension://${browser.extensionId}/`)) {
        transitions.push({ status: version.runningStatus, at: Date.now() });
      }
    }
  });
  await session.send('ServiceWorker.enable');
  const samples: ColdStart[] = [];
  let skippedWakes = 0;
  while (samples.length < maxSamples && Date.now() < until - 8_000) {
    // Let a running sync finish, then stop every worker.
    await sleep(800);
    await session.send('ServiceWorker.stopAllWorkers');
    await waitFor(
      'worker stopped',
      () => browser.workerTargetId(),
      (id) => id === null,
      5_000,
      20,
    );
    const stoppedAt = Date.now();
    const alarms: Array<{ name: string; scheduledTime: number }> = await probe.evaluate(() => chrome.alarms.getAll());
    const woke = await waitFor(
      'worker starting',
      async () => transitions.find((t) => t.at > stoppedAt && t.status === 'starting') ?? null,
      (t) => t !== null,
      15_000,
      10,
    );
    // A keep-alive sync alarm close to a mint leaves out its read (lib/engine/read-policy.ts) and
    // writes nothing: that wake is not a cold start to a snapshot; the next stop tries again.
    const written = await waitFor(
      'snapshot after wake',
      () => browser.snapshot(),
      (s) => (s?.writtenAt ?? 0) > stoppedAt,
      4_000,
      20,
    ).catch(() => null);
    if (!written) skippedWakes++;
    if (!woke || !written) continue;
    // The alarm that woke it: the latest one due before the write (one due just before the stop
    // may still be pending, Chrome fires late; a later one, e.g. the next mint, is not it).
    const next = alarms
      .filter((a) => a.scheduledTime <= written.writtenAt && a.scheduledTime > stoppedAt - 5_000)
      .sort((a, b) => b.scheduledTime - a.scheduledTime)[0];
    // Written by a later alarm than the one that woke the worker: that wake left out its read.
    if (!next || next.scheduledTime > woke.at + 1_000) {
      skippedWakes++;
      continue;
    }
    samples.push({
      wakeToWriteMs: written.writtenAt - woke.at,
      alarmToWriteMs: next ? written.writtenAt - next.scheduledTime : Number.NaN,
      trigger: written.lastRefresh?.trigger ?? null,
      alarm: next?.name ?? '?',
    });
  }
  await session.detach();
  if (skippedWakes)
    console.error(
      `[bench] cold starts: ${skippedWakes} wake(s) by a sync alarm that left out its read (nothing written), not counted`,
    );
  return samples;
}
