/**
 * The diagnostics report (Copy report / Download JSON): the snapshot, the refresh history, the
 * doctor's checks (the diagnostics' findings among them), the cookie metadata and the versions,
 * with every token, cookie value and identity redacted. Pure: the popup serialises what this
 * returns and nothing else.
 *
 * Redaction is by structure and by content, erring on the side of removing too much (issue 19):
 * - by key: tokens, cookie values, the token's `sub`, and every key that names a person
 *   (`email`, `first_name`, `primaryEmail`, `image_url`, …);
 * - token claims (current and previous): Clerk's standard claims keep their values, every custom
 *   claim only its name, JSON type and size in bytes (custom claims are where apps put e-mails
 *   and names: Clerk's own examples are `primaryEmail` and `fullName`);
 * - by content, every string: redactSecrets (JWTs, dev browser ids, Bearer values, identity query
 *   parameters, cookie pairs), then e-mail addresses, people's Clerk ids, phone numbers, and URLs
 *   cut to their origin and Clerk's API path, so what slipped into an error message goes too.
 */
import type { DoctorCheck } from '../doctor/checks';
import { redactSecrets } from '../engine/redact';
import type { RefreshAttempt, SessionSnapshot } from '../snapshot';
import { isStandardClaim } from './claims-budget';

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
  /** REPORT_CONTENTS: what this report holds and what was removed. */
  contents: string;
  versions: { extension: string; clerkChromeExtension: string };
  snapshot: unknown;
  history: unknown;
  checks: unknown;
}

/** Keys whose value is a token or cookie value, or the user's id, whatever it looks like. */
const IDENTITY_KEYS = new Set(['sub', 'preview', 'value', 'token', 'rawToken', 'jwt']);

/**
 * Keys that name a person, compared without case, `_` and `-` (`first_name`, `firstName`,
 * `primaryEmail`, `email_address`, `image_url`, …): their value never appears.
 */
const PERSON_KEYS = new Set([
  'address',
  'avatar',
  'avatarurl',
  'birthday',
  'dateofbirth',
  'displayname',
  'email',
  'familyname',
  'firstname',
  'fullname',
  'givenname',
  'imageurl',
  'lastname',
  'middlename',
  'name',
  'nickname',
  'phone',
  'picture',
  'profileimageurl',
  'userlabel',
  'username',
]);

function isPersonKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[_-]/g, '');
  return PERSON_KEYS.has(k) || /(?:email|emailaddress|phonenumber|imageurl)$/.test(k);
}

/** Path segments of Clerk's APIs (and ids of things that are not people), kept in a URL. */
const API_SEGMENTS = new Set([
  'v1',
  'client',
  'sessions',
  'tokens',
  'environment',
  'me',
  'active',
  'revoke',
  'remove',
  'touch',
  'end',
  'jwks',
  '.well-known',
  'jwks.json',
  'dev_browser',
  'sign_ins',
  'sign_ups',
  'instance',
  '__clerk',
]);
const NON_PERSON_ID = /^(?:sess|client|ins|org|jwk|app)_[A-Za-z0-9]+$/;

/** A URL with only its origin, Clerk's API path words and non-person ids; query values and fragment dropped. */
function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '[url]';
  }
  const path = url.pathname
    .split('/')
    .map((segment) => (segment === '' || API_SEGMENTS.has(segment) || NON_PERSON_ID.test(segment) ? segment : '[…]'))
    .join('/');
  const query = [...url.searchParams.keys()].map((k) => `${encodeURIComponent(k)}=[redacted]`).join('&');
  return `${url.origin}${path}${query ? `?${query}` : ''}`;
}

const CONTENT_RULES: Array<[RegExp, string | ((match: string) => string)]> = [
  [/\bhttps?:\/\/[^\s"'<>()`]+/gi, redactUrl],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, '[email]'],
  // Clerk ids of people and their identifiers (`user_2NNEq…`, `idn_…`); not `email_address`.
  [/\b(user|idn|orgmem|phone|sms|web3|eaddr)_(?=[A-Za-z0-9]*[0-9A-Z])[A-Za-z0-9]{6,}\b/g, '$1_[redacted]'],
  [/\+\d[\d\s().-]{6,}\d/g, '[phone]'],
];

/**
 * Content-based redaction, for every string of the report: secrets first (redactSecrets), then
 * URLs reduced to their origin and API path, e-mail addresses, people's Clerk ids, phone numbers.
 */
export function redactPersonal(text: string): string {
  let out = redactSecrets(text);
  for (const [pattern, replacement] of CONTENT_RULES) {
    // Two calls: `replace` has one overload for a string and one for a function.
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}

const utf8 = new TextEncoder();

function claimShape(value: unknown): { type: string; bytes: number } {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return { type, bytes: utf8.encode(JSON.stringify(value) ?? '').length };
}

/** Token claims: Clerk's standard claims with their (redacted) values, every other claim by shape only. */
function redactClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) {
    out[name] = isStandardClaim(name) ? redact(value, name, 'claims') : claimShape(value);
  }
  return out;
}

const CLAIM_KEYS = new Set(['claims', 'previousTokenClaims']);

function redact(value: unknown, key: string | null, parent: string | null): unknown {
  if (key !== null && (IDENTITY_KEYS.has(key) || isPersonKey(key)) && value !== null && typeof value !== 'object') {
    return '[redacted]';
  }
  // A user record's id is the user's identity too.
  if (key === 'id' && parent === 'user' && typeof value === 'string') return '[redacted]';
  if (key !== null && CLAIM_KEYS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
    return redactClaims(value as Record<string, unknown>);
  }
  if (typeof value === 'string') return redactPersonal(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, null, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, k, key);
    return out;
  }
  return value;
}

/** What the report holds, word for word what the popup says next to its buttons. */
export const REPORT_CONTENTS =
  'The report holds: versions; the app’s label, instance type and hosts; session ids, statuses and times; ' +
  'standard token claims (the user id removed); custom claims: names, types and sizes only; ' +
  'the refresh history, the doctor’s checks and cookie metadata. ' +
  'From every text, e-mail addresses, people’s ids, phone numbers and URL paths are removed. ' +
  'It never holds a token, a cookie value, a name, an e-mail address or a picture.';

export function buildReport(input: ReportInput): DiagnosticsReport {
  return {
    kind: 'clerk-session-inspector-report',
    generatedAt: new Date(input.now).toISOString(),
    contents: REPORT_CONTENTS,
    versions: { extension: input.extensionVersion, clerkChromeExtension: input.sdkVersion },
    snapshot: redact(input.snapshot, null, null),
    history: redact(input.history, null, null),
    checks: redact(input.checks, null, null),
  };
}
