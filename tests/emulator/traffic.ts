/**
 * Fault injection and the request log: what the control API sets and reads about FAPI traffic.
 * Pure data structures; server.ts applies faults and appends log entries.
 */
import type { InstanceType } from './state.ts';

export interface FaultSpec {
  /** Effective method (after `_method`), e.g. `POST`, `DELETE`; any when omitted. */
  method?: string;
  /**
   * Path glob: a single star matches within one segment, a double star across segments (a token
   * route is `/v1/client/sessions/` + star + `/tokens`). A string starting with `^` is a regular
   * expression over the path.
   */
  path: string;
  /** Only requests to this instance; both when omitted. */
  instance?: InstanceType;
  /** Answer with this status and a Clerk error envelope (code `emulator_fault`). */
  status?: number;
  /** `Retry-After` header (seconds) on the fault response. */
  retryAfter?: number;
  /** Delay before answering (or before the real handler runs when no status is set). */
  latencyMs?: number;
  /** Destroy the connection without an answer. */
  drop?: boolean;
  /** Answer with a body that is not valid JSON (status `status` or 200). */
  malformed?: boolean;
  /** Apply to the next N matching requests; until cleared when omitted. */
  times?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  /** Requests this fault has been applied to. */
  hits: number;
}

export type RequestSource = 'extension' | 'page' | 'node';

export interface RequestLogEntry {
  seq: number;
  /** Real wall-clock time (ISO) the request arrived. */
  at: string;
  /** Server time (ms) the request arrived, with the instance's clock offset. */
  serverTime: number | null;
  instance: InstanceType | null;
  host: string;
  /** Effective method (after `_method`). */
  method: string;
  wireMethod: string;
  path: string;
  /** Query parameters, identity values masked. */
  query: Record<string, string>;
  source: RequestSource;
  origin: string | null;
  status: number;
  durationMs: number;
  faultId: string | null;
  /** The names of the body's fields (never their values), sorted: e.g. a mint's `organization_id`, `token`. */
  bodyKeys?: string[];
}

const SECRET_PARAMS = new Set(['__clerk_db_jwt', '__dev_session', 'expired_token', '__session']);

/** Never keep identity or token values in the log: first 8 characters only. */
export function maskQuery(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of query) out[key] = SECRET_PARAMS.has(key) ? `${value.slice(0, 8)}…` : value;
  return out;
}

/** FIELD-NOTES §5: the extension sends `Sec-Fetch-Site: none` (POSTs: a chrome-extension Origin). */
export function classifySource(headers: { origin?: string; 'sec-fetch-site'?: string }): RequestSource {
  const origin = headers.origin;
  const site = headers['sec-fetch-site'];
  if (origin?.startsWith('chrome-extension://') || site === 'none') return 'extension';
  if (origin || site) return 'page';
  return 'node';
}

function globToRegExp(glob: string): RegExp {
  if (glob.startsWith('^')) return new RegExp(glob);
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else source += '[^/]*';
    } else source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export class FaultTable {
  #faults: Fault[] = [];
  #next = 1;

  add(spec: FaultSpec): Fault {
    globToRegExp(spec.path); // throws on a bad pattern, before it is stored
    const fault: Fault = { ...spec, id: `fault_${this.#next++}`, hits: 0 };
    this.#faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  remove(id: string): boolean {
    const before = this.#faults.length;
    this.#faults = this.#faults.filter((f) => f.id !== id);
    return this.#faults.length !== before;
  }

  clear(): void {
    this.#faults = [];
  }

  /** The first fault matching the request; consumes one of its `times`. */
  take(method: string, path: string, instance: InstanceType | null): Fault | null {
    for (const fault of this.#faults) {
      if (fault.method && fault.method.toUpperCase() !== method) continue;
      if (fault.instance && fault.instance !== instance) continue;
      if (!globToRegExp(fault.path).test(path)) continue;
      fault.hits++;
      if (fault.times !== undefined && fault.hits >= fault.times) this.remove(fault.id);
      return { ...fault };
    }
    return null;
  }
}

export class RequestLog {
  static readonly LIMIT = 10_000;
  #entries: RequestLogEntry[] = [];
  #seq = 0;

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { ...entry, seq: ++this.#seq };
    this.#entries.push(full);
    if (this.#entries.length > RequestLog.LIMIT) this.#entries.shift();
    return full;
  }

  list(
    filter: { sinceSeq?: number; instance?: string; path?: string; method?: string; source?: string } = {},
  ): RequestLogEntry[] {
    return this.#entries.filter(
      (e) =>
        (filter.sinceSeq === undefined || e.seq > filter.sinceSeq) &&
        (!filter.instance || e.instance === filter.instance) &&
        (!filter.path || e.path === filter.path) &&
        (!filter.method || e.method === filter.method.toUpperCase()) &&
        (!filter.source || e.source === filter.source),
    );
  }

  clear(): void {
    this.#entries = [];
  }
}
