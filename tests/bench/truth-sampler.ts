/**
 * Takes proof-of-truth samples (tests/bench/truth.ts) in one signed-in world every 2 s during the
 * network window: the snapshot as the popup reads it (`chrome.storage.session`, from an extension
 * page, so a stopped worker is not woken) and the emulator's server state (`listClients()`), read
 * at the same moment.
 */
import { compareTruth, type TruthSample } from './truth';
import { sleep, type World } from './world';

export const TRUTH_EVERY_MS = 2_000;

export interface TruthSampler {
  stop(): Promise<TruthSample[]>;
}

export function startTruthSampler(world: World, keepAlive: boolean, until: number): TruthSampler {
  const samples: TruthSample[] = [];
  let stopped = false;
  const loop = (async () => {
    const { clockOffsetMs } = await world.emulator.control.getSettings();
    let next = Date.now();
    while (!stopped && next < until) {
      const at = Date.now();
      try {
        const [snapshot, clients] = await Promise.all([world.browser.snapshot(), world.emulator.control.listClients()]);
        samples.push(compareTruth({ at, snapshot, clients, serverNow: at + clockOffsetMs, keepAlive }));
      } catch (error) {
        // A read that failed is no sample (it is neither true nor false); say so and go on.
        console.error(`[truth] ${world.name}: sample failed: ${String(error).slice(0, 200)}`);
      }
      // Behind schedule (a loaded machine): sample at once, never in a burst to catch up.
      next = Math.max(next + TRUTH_EVERY_MS, Date.now());
      await sleep(Math.max(0, next - Date.now()));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return samples;
    },
  };
}
