/**
 * A small raw DevTools-protocol client over the browser's WebSocket endpoint
 * (`--remote-debugging-port=0` on loopback; the port is read from `DevToolsActivePort`). The
 * benchmark needs what Playwright does not expose: sessions on the extension's service-worker
 * target (heap usage) and target life-cycle events with timestamps (worker stop and wake).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'undici';

type Handler = (params: Record<string, unknown>, sessionId?: string) => void;

export interface Cdp {
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>, sessionId?: string): Promise<T>;
  on(event: string, handler: Handler): () => void;
  close(): void;
}

export async function waitForDevToolsEndpoint(userDataDir: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const [port, path] = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').trim().split('\n');
      if (port && path) return `ws://127.0.0.1:${port}${path}`;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('Chromium did not write DevToolsActivePort');
}

export async function connectCdp(endpoint: string): Promise<Cdp> {
  const ws = new WebSocket(endpoint);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error(`CDP connect failed: ${endpoint}`)), { once: true });
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  const handlers = new Map<string, Set<Handler>>();
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as {
      id?: number;
      method?: string;
      params?: Record<string, unknown>;
      sessionId?: string;
      result?: Record<string, unknown>;
      error?: { message: string };
    };
    if (message.id !== undefined) {
      const pending = waiting.get(message.id);
      if (!pending) return;
      waiting.delete(message.id);
      if (message.error) pending.reject(new Error(message.error.message));
      else pending.resolve(message.result ?? {});
    } else if (message.method) {
      for (const handler of handlers.get(message.method) ?? []) handler(message.params ?? {}, message.sessionId);
    }
  });
  return {
    send(method, params = {}, sessionId) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: Record<string, unknown>) => void, reject });
        ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      });
    },
    on(event, handler) {
      const set = handlers.get(event) ?? new Set<Handler>();
      handlers.set(event, set);
      set.add(handler);
      return () => set.delete(handler);
    },
    close() {
      ws.close();
    },
  };
}
