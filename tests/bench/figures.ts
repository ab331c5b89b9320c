/**
 * After the network window: each network world's figures from its own emulator's request log and
 * its alarm counter (network.ts does the arithmetic), and the truth samples as kept in the JSON.
 */
import { clientReadGaps, type MintCheck, mintCheck, traffic } from './network';
import type { NetworkWorld, TruthWorld } from './results';
import { summarizeTruth, TRUTH_COLUMNS, type TruthSample, truthRows } from './truth';
import { alarmsBetween, requestsIn, type World } from './world';

export interface NetworkSpec {
  mode: 'keep-alive' | 'observe';
  signedIn: boolean;
  appTab: boolean;
}

export interface Window {
  start: number;
  end: number;
}

export async function networkFigures(
  worlds: Array<{ world: World; spec: NetworkSpec }>,
  window: Window,
  tokenLifetimeMs: number,
): Promise<{ network: NetworkWorld[]; mintChecks: Record<string, MintCheck> }> {
  const windowMs = window.end - window.start;
  const network: NetworkWorld[] = [];
  const mintChecks: Record<string, MintCheck> = {};
  for (const { world, spec } of worlds) {
    const extensionAll = await world.emulator.control.requests({ source: 'extension' });
    const alarms = await alarmsBetween(world, window.start, window.end);
    network.push({
      world: world.name,
      ...spec,
      extension: traffic(await requestsIn(world, 'extension', window.start, window.end), windowMs),
      clientReadGaps: clientReadGaps(extensionAll, window.start, window.end),
      syncAlarms: alarms.filter((a) => a.name.startsWith('sync:')).length,
      mintAlarms: alarms.filter((a) => a.name.startsWith('mint:')).length,
      appTabTraffic: spec.appTab ? traffic(await requestsIn(world, 'page', window.start, window.end), windowMs) : null,
    });
    // The "no token lapse" target is keep-alive with the app tab closed: only the
    // extension keeps the token fresh there. The whole log, so mints before the window are predecessors.
    if (spec.mode === 'keep-alive' && spec.signedIn && !spec.appTab) {
      mintChecks[world.name] = mintCheck(await world.emulator.control.requests(), window.start, window.end, tokenLifetimeMs);
    }
  }
  return { network, mintChecks };
}

export function truthFigures(
  sampled: Array<{ world: World; spec: NetworkSpec; samples: TruthSample[] }>,
  window: Window,
): TruthWorld[] {
  return sampled.map(({ world, spec, samples }) => ({
    world: world.name,
    keepAlive: spec.mode === 'keep-alive',
    summary: summarizeTruth(samples, spec.mode === 'keep-alive'),
    columns: TRUTH_COLUMNS,
    rows: truthRows(samples, window.start),
  }));
}
