/**
 * What the timeline means: a handshake or redirect loop with the reason Clerk gave and its fix,
 * a stale `__client_uat=0` next to a session token, duplicate `__session_<suffix>` cookies, and a
 * clock skew near Clerk's allowance. A finding carries names, reasons and times, never a value,
 * so it may travel to the service worker (`trafficFinding`) and be stored. Pure.
 */
import type { TrafficRow } from './classify';
import { reasonHelp } from './reasons';
import { describeSkew, measureSkew } from './skew';

export type TrafficFindingId = 'loop' | 'client-uat-zero' | 'duplicate-session-cookies' | 'clock-skew';

export interface TrafficFinding {
  id: TrafficFindingId;
  severity: 'fix' | 'note';
  title: string;
  /** What was seen, in Clerk's terms. */
  detail: string;
  /** Clerk's reason string, when Clerk gave one. */
  reason: string | null;
  fix: string;
  /** The app's host (the page's origin host) the evidence came from. */
  host: string;
  /** Local ms of the newest evidence. */
  at: number;
}

/** Clerk's backend stops a handshake chain at this count (`checkAndTrackRedirectLoop`). */
export const CLERK_REDIRECT_LIMIT = 3;
export const LOOP_ROUND_TRIPS = 3;
/** "A short time": Clerk's counter cookie lives 2 s per hop; a loop a user sees is within seconds. */
export const LOOP_WINDOW_MS = 20_000;

/**
 * The loop's reason: the most common one, with the clock's reasons (`session-token-nbf`,
 * `…-iat-in-the-future`, which one backend answer or the next may give for the same skew)
 * counted as one cause; a tie goes to the latest, since a loop repeats its cause until Clerk
 * gives up while a healthy hop before it (the first visit's `dev-browser-missing`) comes first.
 * Answers the latest reason of that cause.
 */
function loopReason(values: Array<string | null>): string | null {
  const causes = new Map<string, { n: number; last: number; reason: string }>();
  values.forEach((reason, i) => {
    if (!reason) return;
    const cause = reasonHelp(reason)?.clock ? 'clock' : reason;
    causes.set(cause, { n: (causes.get(cause)?.n ?? 0) + 1, last: i, reason });
  });
  let best: { n: number; last: number; reason: string } | null = null;
  for (const c of causes.values()) if (!best || c.n > best.n || (c.n === best.n && c.last > best.last)) best = c;
  return best?.reason ?? null;
}

/**
 * Round trips, in two kinds: Clerk's handshake (the Frontend API's `/v1/client/handshake`, or,
 * when that hop is not in the trace, the app's redirects answered `x-clerk-auth-status: handshake`),
 * and app redirects the backend answered signed out (a protected page sending a signed-in
 * browser to sign-in and back).
 */
function roundTrips(rows: readonly TrafficRow[]): TrafficRow[][] {
  const fapi = rows.filter((r) => r.kind === 'handshake');
  const appHandshakes = rows.filter((r) => r.kind === 'redirect' && r.auth?.status === 'handshake');
  const signedOut = rows.filter((r) => r.kind === 'redirect' && r.auth?.status === 'signed-out' && r.handshake === null);
  return [fapi.length > 0 ? fapi : appHandshakes, signedOut];
}

function densest(trips: readonly TrafficRow[]): TrafficRow[] {
  for (let end = trips.length - 1; end >= LOOP_ROUND_TRIPS - 1; end--) {
    const last = trips[end] as TrafficRow;
    const inWindow = trips.slice(0, end + 1).filter((r) => last.at - r.at <= LOOP_WINDOW_MS);
    if (inWindow.length >= LOOP_ROUND_TRIPS) return inWindow;
  }
  return [];
}

function appHost(rows: readonly TrafficRow[], fallback: TrafficRow): string {
  const page = [...rows].reverse().find((r) => r.kind === 'navigation' || r.kind === 'redirect');
  if (page) return page.host;
  const back = fallback.handshake?.redirectTo;
  return back ? new URL(back).host : fallback.host;
}

function loopFinding(rows: readonly TrafficRow[]): TrafficFinding | null {
  const atLimit = rows.filter(
    (r) => (r.redirectCountCookie ?? 0) >= CLERK_REDIRECT_LIMIT || (r.handshake?.redirectCount ?? 0) >= CLERK_REDIRECT_LIMIT,
  );
  const window = roundTrips(rows)
    .map(densest)
    .reduce<TrafficRow[]>((a, b) => (b.length > a.length ? b : a), []);
  if (window.length === 0 && atLimit.length === 0) return null;
  const evidence = window.length > 0 ? window : atLimit;
  const last = evidence[evidence.length - 1] as TrafficRow;
  const since = (evidence[0] as TrafficRow).at;
  // What Clerk said on the loop's own round trips (a healthy handshake just before the loop can
  // fall in its window); else, around them, the handshake's reason, then x-clerk-auth-reason.
  const related = rows.filter((r) => r.at >= since - 1000);
  const reason =
    loopReason(evidence.map((r) => r.handshake?.reason ?? r.auth?.reason ?? null)) ??
    loopReason(related.map((r) => r.handshake?.reason ?? null)) ??
    loopReason(related.map((r) => r.auth?.reason ?? null));
  const help = reasonHelp(reason);
  const handshakes = evidence.filter((r) => r.kind === 'handshake').length;
  const what = handshakes > 0 ? `${handshakes} handshake round trips` : `${evidence.length} redirects answered signed out`;
  const seconds = Math.max(1, Math.round((last.at - since) / 1000));
  const limit = atLimit.length > 0 ? ` Clerk’s redirect counter reached its limit (${CLERK_REDIRECT_LIMIT}) and it gave up.` : '';
  return {
    id: 'loop',
    severity: 'fix',
    title: reason ? `Loop: ${reason}` : 'Loop: no reason given',
    detail: `${what} in ${seconds} s.${limit}${help ? ` ${help.cause}` : ''}`,
    reason,
    fix: help?.fix ?? 'Read x-clerk-auth-message on the last answer and your server log; send Clerk the clerk_trace_id.',
    host: appHost(evidence, last),
    at: last.at,
  };
}

/** A token that had not expired when it was sent (Clerk's 5 s allowance on top). */
function isLive(row: TrafficRow): boolean {
  return row.token?.exp != null && row.token.exp * 1000 + 5000 >= row.at;
}

function uatZeroFinding(rows: readonly TrafficRow[]): TrafficFinding | null {
  const hit = [...rows]
    .reverse()
    .find((r) => r.cookies.clientUat.some((c) => c.value === '0') && r.cookies.sessions.length > 0 && r.token !== null);
  if (!hit) return null;
  const zero = hit.cookies.clientUat.filter((c) => c.value === '0').map((c) => c.name);
  const live = isLive(hit) ? 'a live session token' : 'a session token';
  return {
    id: 'client-uat-zero',
    severity: 'fix',
    title: 'Stale __client_uat=0 next to a session',
    detail: `${zero.join(', ')} = 0 (signed out) was sent with ${live} (${hit.cookies.sessions.join(', ')}, session ${hit.token?.sid ?? '?'}) to ${hit.host}${hit.path}: Clerk’s backend sends such a request through a handshake (session-token-but-no-client-uat), which loops while the stale copy stays.`,
    reason: 'session-token-but-no-client-uat',
    fix: reasonHelp('session-token-but-no-client-uat')?.fix ?? '',
    host: hit.host,
    at: hit.at,
  };
}

function duplicateSessionsFinding(rows: readonly TrafficRow[]): TrafficFinding | null {
  const hit = [...rows].reverse().find((r) => {
    const suffixed = r.cookies.sessions.filter((n) => n.startsWith('__session_'));
    return new Set(suffixed).size > 1 || suffixed.length !== new Set(suffixed).size;
  });
  if (!hit) return null;
  const names = hit.cookies.sessions.filter((n) => n.startsWith('__session_'));
  const distinct = [...new Set(names)];
  const detail =
    distinct.length > 1
      ? `${distinct.join(', ')} were sent together to ${hit.host}: several Clerk instances write cookies on this host, and the unsuffixed __session is whichever app ran last.`
      : `${distinct[0]} was sent ${names.length} times to ${hit.host} (copies on several paths or domains): a server reads the first one.`;
  return {
    id: 'duplicate-session-cookies',
    severity: 'note',
    title: 'Duplicate __session cookies',
    detail,
    reason: null,
    fix: 'Give each app its own host (or port and upgraded Clerk SDKs, which read their suffixed cookie), and delete the stray copies.',
    host: hit.host,
    at: hit.at,
  };
}

function skewFinding(rows: readonly TrafficRow[]): TrafficFinding | null {
  const reading = measureSkew(rows);
  if (!reading || reading.level === 'ok') return null;
  const last = [...rows].reverse().find((r) => r.serverDate !== null) ?? rows[rows.length - 1];
  if (!last) return null;
  return {
    id: 'clock-skew',
    severity: reading.level === 'breaks' ? 'fix' : 'note',
    title: reading.level === 'breaks' ? 'Clock skew beyond Clerk’s 5 s' : 'Clock skew near Clerk’s 5 s',
    detail: `${describeSkew(reading)} (${reading.samples} samples). A backend on this computer’s clock ${reading.level === 'breaks' ? 'refuses' : 'will soon refuse'} fresh tokens (session-token-iat-in-the-future, session-token-nbf).`,
    reason: null,
    fix: reasonHelp('session-token-iat-in-the-future')?.fix ?? '',
    host: appHost(rows, last),
    at: last.at,
  };
}

/** Every finding, most important first (a loop names its cause; the others may explain it). */
export function findTrafficFindings(rows: readonly TrafficRow[]): TrafficFinding[] {
  return [loopFinding(rows), uatZeroFinding(rows), skewFinding(rows), duplicateSessionsFinding(rows)].filter(
    (f): f is TrafficFinding => f !== null,
  );
}
