/**
 * Preconfigured builds of the extension for the real-browser tests and the demo: the same code
 * as `npm run build`, with build-time defaults (lib/build-defaults.ts) pointing at the emulator,
 * in their own folder under .output/.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface VariantEnv {
  /** Unset: a build with no app configured (the zero-configuration flow). */
  WXT_CLERK_PUBLISHABLE_KEY?: string;
  WXT_CLERK_SYNC_HOST?: string;
  WXT_CLERK_APP_LABEL?: string;
  WXT_CLERK_MODE?: 'keep-alive' | 'observe';
  /** Unpacked extensions may use alarms shorter than Chrome's 30 s floor: tests do. */
  WXT_MIN_ALARM_SECONDS?: string;
  WXT_SYNC_PERIOD_SECONDS?: string;
  WXT_MEASURE_EVERY_SECONDS?: string;
}

function withoutClerkDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('WXT_CLERK_')));
}

/**
 * Builds into .output/<name>-<hash of env>/chrome-mv3 and returns that folder. The hash keeps
 * scenario files that run in parallel (vitest.e2e.config.ts) out of each other's build folder:
 * each world's env names its own emulator and demo ports.
 */
export function buildVariant(name: string, env: VariantEnv): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(Object.entries(env).sort()))
    .digest('hex')
    .slice(0, 8);
  const outDir = resolve(ROOT, '.output', `${name}-${hash}`);
  mkdirSync(resolve(ROOT, '.output'), { recursive: true });
  // One build at a time across processes (util-linux flock): wxt rewrites the shared .wxt/ folder.
  const result = spawnSync('flock', [resolve(ROOT, '.output/.build-lock'), resolve(ROOT, 'node_modules/.bin/wxt'), 'build'], {
    cwd: ROOT,
    // The variant's env replaces any WXT_CLERK_* of the caller's shell (an unset key stays unset).
    env: { ...withoutClerkDefaults(process.env), ...env, WXT_OUT_DIR: outDir },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`wxt build (${name}) failed:\n${result.stdout}\n${result.stderr}`);
  return resolve(outDir, 'chrome-mv3');
}
