/**
 * Request-log analysis of the bench (tests/bench/network.ts): categories and rates, the gaps
 * between client reads, and the mint-before-exp check.
 */
import { describe, expect, it } from 'vitest';
import { categorize, clientReadGaps, mintCheck, traffic } from '../../bench/network';
import type { RequestLogEntry } from '../../emulator/traffic';

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
let seq = 0;
function entry(atMs: number, method: string, path: string, overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    seq: ++seq,
    at: new Date(atMs).toISOString(),
    serverTime: atMs,
    instance: 'development',
    host: 'inspector-emu.clerk.accounts.dev',
    method,
    wireMethod: method === 'GET' ? 'GET' : 'POST',
    path,
    query: {},
    source: 'extension',
    origin: null,
    status: 200,
    durationMs: 1,
    faultId: null,
    ...overrides,
  };
}
const read = (at: number, o: Partial<RequestLogEntry> = {}) => entry(at, 'GET', '/v1/client', o);
const mint = (at: number, o: Partial<RequestLogEntry> = {}) => entry(at, 'POST', '/v1/client/sessions/sess_abc/tokens', o);

describe('categorize and traffic', () => {
  it('sorts requests into categories and rates per minute', () => {
    expect(categorize(mint(0))).toBe('token');
    expect(categorize(entry(0, 'POST', '/v1/client/sessions/sess_abc/tokens/supabase'))).toBe('token');
    expect(categorize(entry(0, 'POST', '/v1/client/sessions/sess_abc/touch'))).toBe('touch');
    expect(categorize(read(0))).toBe('client');
    expect(categorize(entry(0, 'PUT', '/v1/client'))).toBe('other');
    expect(categorize(entry(0, 'GET', '/v1/environment'))).toBe('environment');
    const t = traffic([read(0), read(1), mint(2)], 120_000);
    expect(t.perMinute).toEqual({ total: 1.5, token: 0.5, touch: 0, client: 1 });
    expect(t.paths['POST /v1/client/sessions/{sid}/tokens']).toBe(1);
  });
});

describe('clientReadGaps', () => {
  it('takes the last read before the window as the first anchor, ignores reads after it', () => {
    const log = [read(T0 - 10_000), read(T0 - 4_000), read(T0 + 26_000), read(T0 + 56_000), read(T0 + 400_000), mint(T0 + 1)];
    expect(clientReadGaps(log, T0, T0 + 300_000)).toEqual({ reads: 3, minS: 30, maxS: 30 });
  });

  it('a single read is no gap', () => {
    expect(clientReadGaps([read(T0 + 5)], T0, T0 + 300_000)).toBeNull();
  });
});

describe('mintCheck', () => {
  const LIFETIME = 60_000;

  it('a mint 5 s before the previous exp is on time, with its margin', () => {
    const log = [mint(T0 - 1_000, { source: 'page' }), mint(T0 + 54_000), mint(T0 + 109_000)];
    const check = mintCheck(log, T0, T0 + 300_000, LIFETIME);
    expect(check.mints).toBe(2);
    expect(check.lapses).toBe(0);
    expect(check.minMarginS).toBe(5);
  });

  it('a mint at or after the previous exp is a lapse; a refused mint is no predecessor', () => {
    const log = [mint(T0), mint(T0 + 30_000, { status: 401 }), mint(T0 + 61_000)];
    const check = mintCheck(log, T0 - 1, T0 + 300_000, LIFETIME);
    expect(check).toEqual({ mints: 1, lapses: 1, minMarginS: -1 });
  });

  it('the app tab’s mints are predecessors but not counted as the extension’s', () => {
    const log = [mint(T0 + 1_000), mint(T0 + 40_000, { source: 'page' }), mint(T0 + 95_000)];
    expect(mintCheck(log, T0, T0 + 300_000, LIFETIME)).toEqual({ mints: 1, lapses: 0, minMarginS: 5 });
  });
});
