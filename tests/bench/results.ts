/**
 * The shape of bench-results/latest.json (every figure of one `npm run bench`), the machine it
 * ran on, and writing it. The README tables are rendered from this file alone
 * (tests/bench/readme-table.ts), so it must hold everything they show.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { MintCheck, ReadGaps, Traffic } from './network';
import type { PageKey, PageSamples, PopupSummary, RoundsConfig } from './popup-rounds';
import { renderDetails, renderSummary, replaceMarked } from './readme-table';
import type { ColdStart, HeapUsage } from './service-worker';
import type { Size } from './sizes';
import type { Stats } from './stats';
import type { TruthSummary } from './truth';

export const ROOT = resolve(import.meta.dirname, '../..');
export const RESULTS_FILE = resolve(ROOT, 'bench-results/latest.json');

export interface Machine {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  chromium: string;
  node: string;
  platform: string;
}

export interface NetworkWorld {
  /** e.g. "keep-alive, signed in, app tab closed". */
  world: string;
  mode: 'keep-alive' | 'observe';
  signedIn: boolean;
  appTab: boolean;
  extension: Traffic;
  clientReadGaps: ReadGaps | null;
  syncAlarms: number;
  mintAlarms: number;
  /** The demo app's own requests (source `page`) while its tab is open; null when closed. */
  appTabTraffic: Traffic | null;
}

export interface TruthWorld {
  world: string;
  keepAlive: boolean;
  summary: TruthSummary;
  /** Every sample as a row of `columns` (TRUTH_COLUMNS in truth.ts; tS from the window's start). */
  columns: string[];
  rows: Array<Array<number | boolean | null>>;
}

export interface BenchResults {
  schema: 1;
  /** ISO time the bench finished. */
  at: string;
  machine: Machine;
  config: {
    windowS: number;
    tokenLifetimeMs: number;
    inactivityTimeoutMs: number | null;
    syncPeriodS: number;
    minAlarmS: number;
    truthEveryMs: number;
  };
  sizes: Record<string, Size>;
  popup: {
    config: RoundsConfig;
    order: readonly PageKey[];
    durationMs: number;
    summary: PopupSummary;
    samples: Record<PageKey, PageSamples>;
    heapBytes: { ours: number; baseline: number };
  };
  network: { windowMs: number; floorTokensPerMin: number; worlds: NetworkWorld[] };
  truth: { worlds: TruthWorld[]; mintCheck: Record<string, MintCheck> };
  serviceWorker: {
    coldStart: { wakeToWrite: Stats; alarmToWrite: Stats };
    coldSamples: ColdStart[];
    memory: Record<string, HeapUsage | null>;
  };
  totalSeconds: number;
}

export function machine(chromium: string): Machine {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    chromium,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Writes the JSON and formats it with the project's Biome (the file is committed and linted). */
export function writeResults(results: BenchResults, file = RESULTS_FILE): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const biome = spawnSync(resolve(ROOT, 'node_modules/.bin/biome'), ['format', '--write', file], { cwd: ROOT, encoding: 'utf8' });
  if (biome.status !== 0) throw new Error(`biome format ${file} failed:\n${biome.stdout}\n${biome.stderr}`);
}

export function readResults(file = RESULTS_FILE): BenchResults {
  return JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
}

export const README_FILES = { summary: resolve(ROOT, 'README.md'), details: resolve(ROOT, 'tests/bench/README.md') };

/** Rewrites the marked tables of README.md and tests/bench/README.md from `results`. */
export function rewriteReadmes(results: BenchResults): void {
  writeFileSync(README_FILES.summary, replaceMarked(readFileSync(README_FILES.summary, 'utf8'), renderSummary(results)));
  writeFileSync(README_FILES.details, replaceMarked(readFileSync(README_FILES.details, 'utf8'), renderDetails(results)));
}
