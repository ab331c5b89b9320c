/**
 * Per-field caps for what is stored from a server or a page (issue 19, item 10): snapshots,
 * history entries and sign-out reports pass through `capStored` on their way to storage.
 * `storage.session` holds 10 MB for the whole extension and `storage.local` 10 MB; the Frontend
 * API host (or whoever a key names) chooses every string in its answers (an e-mail, a session
 * status, a token's claims), so none may reach storage at any length. Pure and small.
 *
 * A string is cut at its field's cap (by key name), else at `default`; arrays and objects keep
 * their first `arrayItems` / `objectKeys` entries; below `depth` levels a value is dropped. The
 * session list has its own, smarter cap (limits.ts, capSessions) before this one.
 */
import { capText, MAX_ERROR_MESSAGE_CHARS } from './limits';

export const STORED_CAPS = {
  /** Any string without a cap of its own. */
  default: 1000,
  id: 100,
  status: 60,
  email: 320,
  name: 200,
  label: 320,
  url: 2048,
  message: MAX_ERROR_MESSAGE_CHARS,
  /**
   * A string inside a token's claims: a session token over 4 KB no longer fits its cookie, so
   * nothing longer is a real claim; shorter ones stay whole, because the claims budget
   * (diagnostics/claims-budget.ts) measures them from the stored snapshot (a 1.4 KB claim cut to
   * the default 1000 chars hid the budget finding).
   */
  claim: 4096,
  /** Keys of one claims object: with `claim`, at most 200 KB from a hostile host. */
  claimKeys: 50,
  arrayItems: 200,
  objectKeys: 100,
  depth: 8,
} as const;

const FIELD_CAPS: Record<string, number> = {
  id: STORED_CAPS.id,
  appId: STORED_CAPS.id,
  sessionId: STORED_CAPS.id,
  currentSessionId: STORED_CAPS.id,
  clientId: STORED_CAPS.id,
  status: STORED_CAPS.status,
  kind: STORED_CAPS.status,
  code: STORED_CAPS.status,
  email: STORED_CAPS.email,
  name: STORED_CAPS.name,
  label: STORED_CAPS.label,
  userLabel: STORED_CAPS.label,
  imageUrl: STORED_CAPS.url,
  message: STORED_CAPS.message,
  error: STORED_CAPS.message,
  reason: STORED_CAPS.message,
  detail: STORED_CAPS.message,
  sideEffectError: STORED_CAPS.message,
};

/** Objects whose every string is a token claim (the snapshot's token, the previous token's claims). */
const CLAIMS_KEYS = new Set(['claims', 'previousTokenClaims']);

function cap(value: unknown, key: string | null, depth: number, inClaims = false): unknown {
  if (typeof value === 'string') {
    const max = inClaims ? STORED_CAPS.claim : ((key !== null ? FIELD_CAPS[key] : undefined) ?? STORED_CAPS.default);
    return value.length > max ? capText(value, max) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= STORED_CAPS.depth) return null;
  if (Array.isArray(value)) return value.slice(0, STORED_CAPS.arrayItems).map((item) => cap(item, key, depth + 1, inClaims));
  const out: Record<string, unknown> = {};
  let keys = 0;
  for (const [k, v] of Object.entries(value)) {
    if (keys++ === (inClaims ? STORED_CAPS.claimKeys : STORED_CAPS.objectKeys)) break;
    out[k.length > STORED_CAPS.id ? capText(k, STORED_CAPS.id) : k] = cap(v, k, depth + 1, inClaims || CLAIMS_KEYS.has(k));
  }
  return out;
}

/** `value` with every string, array and object within its cap (a copy; the input is untouched). */
export function capStored<T>(value: T): T {
  return cap(value, null, 0) as T;
}
