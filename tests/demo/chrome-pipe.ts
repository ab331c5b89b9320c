/**
 * Loading the unpacked extension into Google Chrome 137+, which ignores --load-extension:
 * Chrome is started with --remote-debugging-pipe and asked over the DevTools protocol
 * (`Extensions.loadUnpacked`, allowed with --enable-unsafe-extension-debugging). Playwright
 * refuses a pipe it did not open itself, hence this small raw client: messages are JSON
 * terminated by a NUL byte, written to fd 3 and read from fd 4.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface PipedChrome {
  process: ChildProcess;
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): void;
}

export function launchPipedChrome(executable: string, args: string[]): PipedChrome {
  const child = spawn(executable, ['--remote-debugging-pipe', '--enable-unsafe-extension-debugging', ...args], {
    stdio: ['ignore', 'ignore', 'inherit', 'pipe', 'pipe'],
  });
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  const waiting = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  let buffer = '';
  let nextId = 1;
  output.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end = buffer.indexOf('\0');
    while (end !== -1) {
      const message = JSON.parse(buffer.slice(0, end)) as {
        id?: number;
        result?: Record<string, unknown>;
        error?: { message: string };
      };
      buffer = buffer.slice(end + 1);
      const pending = message.id === undefined ? undefined : waiting.get(message.id);
      if (pending && message.id !== undefined) {
        waiting.delete(message.id);
        if (message.error) pending.reject(new Error(message.error.message));
        else pending.resolve(message.result ?? {});
      }
      end = buffer.indexOf('\0');
    }
  });
  return {
    process: child,
    send(method, params = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        input.write(`${JSON.stringify({ id, method, params })}\0`);
      });
    },
    close() {
      child.kill();
    },
  };
}

/** Returns the id Chrome gave the extension. */
export async function loadUnpacked(chrome: PipedChrome, path: string): Promise<string> {
  const result = await chrome.send('Extensions.loadUnpacked', { path });
  return String(result.id);
}
