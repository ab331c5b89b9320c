/**
 * The diagnostics report (Copy report / Download JSON): the snapshot, the refresh history, the
 * doctor's checks (the diagnostics' findings among them), the cookie metadata and the versions,
 * with every token, cookie value and identity redacted. Pure: the popup serialises what this
 * returns and nothing else.
 *
 * Redaction is by structure and by content, erring on the side of removing too much: user
 * identities (ids, emails, names, images; the token's `sub`) by key, and every string through
 * redactSecrets (JWTs, dev browser ids, Bearer values, identity query parameters and cookie
 * pairs), so a secret that slipped into an error message does not survive either.
 */
import type { DoctorCheck } from '../doctor/checks';
import { redactSecrets } from '../engine/redact';
import type { RefreshAttempt, SessionSnapshot } from '../snapshot';

/** The @clerk/chrome-extension version the worker bundles (a unit test keeps it equal to package.json). */
export const CLERK_SDK_VERSION = '3.1.84';

export interface ReportInput {
  snapshot: SessionSnapshot | null;
  history: RefreshAttempt[];
  checks: DoctorCheck[];
  extensionVersion: string;
  sdkVersion: string;
  /** Local ms. */
  now: number;
}

export interface DiagnosticsReport {
  kind: 'clerk-session-inspector-report';
  generatedAt: string;
  versions: { extension: string; clerkChromeExtension: string };
  snapshot: unknown;
  history: unknown;
  checks: unknown;
}

/** Keys whose value identifies a person, or is a token or cookie value, whatever it looks like. */
const IDENTITY_KEYS = new Set([
  'email',
  'name',
  'imageUrl',
  'firstName',
  'lastName',
  'username',
  'sub',
  'preview',
  'value',
  'token',
  'rawToken',
  'jwt',
]);

function redact(value: unknown, key: string | null, parent: string | null): unknown {
  if (key !== null && IDENTITY_KEYS.has(key) && value !== null && typeof value !== 'object') return '[redacted]';
  // A user record's id is the user's identity too.
  if (key === 'id' && parent === 'user' && typeof value === 'string') return '[redacted]';
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, null, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, k, key);
    return out;
  }
  return value;
}

export function buildReport(input: ReportInput): DiagnosticsReport {
  return {
    kind: 'clerk-session-inspector-report',
    generatedAt: new Date(input.now).toISOString(),
    versions: { extension: input.extensionVersion, clerkChromeExtension: input.sdkVersion },
    snapshot: redact(input.snapshot, null, null),
    history: redact(input.history, null, null),
    checks: redact(input.checks, null, null),
  };
}
