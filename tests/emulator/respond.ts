/**
 * Writing responses: Clerk-style JSON, and injected faults (latency, dropped connections,
 * malformed bodies, error statuses) as the control API's fault table asks for them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorEnvelope, FapiError } from './http.ts';
import type { Fault } from './traffic.ts';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]>): void {
  if (res.headersSent || res.destroyed) return;
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Applies a fault; false when it only added latency and the real handler should answer. */
export async function applyFault(
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string | string[]>,
): Promise<boolean> {
  if (fault.latencyMs) await sleep(fault.latencyMs);
  if (fault.drop) {
    req.socket.destroy();
    return true;
  }
  if (fault.status === undefined && !fault.malformed) return false;
  const status = fault.status ?? 200;
  const out = { ...headers };
  if (fault.retryAfter !== undefined) out['Retry-After'] = String(fault.retryAfter);
  if (fault.malformed) {
    res.writeHead(status, { ...out, 'Content-Type': 'application/json; charset=utf-8' });
    res.end('{"response": {"object": "client", "id": ');
    return true;
  }
  const error = new FapiError(
    status,
    'emulator_fault',
    'Injected fault',
    `The emulator answered ${status} by request (${fault.id}).`,
  );
  send(res, status, errorEnvelope(error), out);
  return true;
}
