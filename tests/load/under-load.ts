/**
 * Runs a command (default: `npm test`) with a CPU hog on every core (issue 22): one busy loop per
 * core in child processes, started before the command and killed after it. A bound the suite only
 * meets on an idle machine shows up here as a failure. Prints the wall time and the exit code.
 *
 *   npm run test:loaded                 # npm test with both cores busy
 *   npm run test:loaded -- npx vitest run --config vitest.e2e.config.ts tests/e2e/two-apps.e2e.ts
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const command = process.argv.slice(2);
const [program, ...args] = command.length ? command : ['npm', 'test'];
const hogs: ChildProcess[] = Array.from({ length: availableParallelism() }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
const stopHogs = () => {
  for (const hog of hogs) hog.kill('SIGKILL');
};
process.on('exit', stopHogs);

const started = Date.now();
console.info(`== ${hogs.length} busy loops running; ${[program, ...args].join(' ')}`);
const child = spawn(program as string, args, { stdio: 'inherit' });
child.on('exit', (code, signal) => {
  stopHogs();
  const seconds = Math.round((Date.now() - started) / 1000);
  console.info(`== under load: exit ${code ?? signal} after ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
  process.exit(code ?? 1);
});
