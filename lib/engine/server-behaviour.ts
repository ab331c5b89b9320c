/**
 * Measures two Frontend API behaviours Clerk does not document, instead of assuming them
 * (FIELD-NOTES section 6, "still unknown"). Pure: a function of two consecutive reads of the
 * same session and the server time of the second read.
 *
 * - Reads count as activity: the read moved `last_active_at` to the moment of the read (within
 *   the clock estimate's slack) although nobody minted: the token is the same one as before.
 * - Re-mint on read: the read came back with a new `last_active_token` issued at the moment of
 *   the read.
 * An app tab refreshing its token looks different: its mint (new token and new
 * `last_active_at`) happens at its own ~50 s rhythm, not at the instant of our read. One read
 * could coincide; two in a row make a verdict ("yes"). A read that clearly did not do it (its
 * `last_active_at` / token older than the read by more than the slack) makes it "no".
 * Only syncs in which the extension minted nothing are observations.
 */
import type { BehaviourObservation, ServerBehaviour, SessionRecord } from '../snapshot';

/** `Date` has one-second resolution and `iat` is whole seconds: allow for both plus latency. */
export const BEHAVIOUR_SLACK_MS = 2_000;
const VERDICT_STREAK = 2;

const UNKNOWN: BehaviourObservation = { verdict: 'unknown', streak: 0, at: null };

export const UNKNOWN_BEHAVIOUR: ServerBehaviour = { readsCountAsActivity: UNKNOWN, remintOnRead: UNKNOWN };

export interface ReadObservation {
  /** The current session in the previous and in this read. */
  before: SessionRecord | null;
  after: SessionRecord | null;
  /** `jti` (or, without one, `iat`) of the session's token in each read. */
  tokenBefore: string | null;
  tokenAfter: string | null;
  /** Server ms of this read (local midpoint + clock offset). */
  readServerTime: number | null;
  /** Someone minted right before this read (the extension in this sync, or the app's tab whose mint caused it): nothing can be told from it. */
  mintedThisSync: boolean;
  /** Local ms, for the record. */
  at: number;
}

function step(previous: BehaviourObservation, seen: boolean | null, at: number): BehaviourObservation {
  if (seen === null) return previous;
  if (!seen) return { verdict: 'no', streak: 0, at };
  const streak = previous.streak + 1;
  return { verdict: streak >= VERDICT_STREAK ? 'yes' : previous.verdict === 'yes' ? 'yes' : previous.verdict, streak, at };
}

export function observeServerBehaviour(previous: ServerBehaviour | null, read: ReadObservation): ServerBehaviour {
  const carried = previous ?? UNKNOWN_BEHAVIOUR;
  const { before, after, readServerTime } = read;
  if (read.mintedThisSync || !before || !after || before.id !== after.id || readServerTime === null) return carried;
  if (after.status !== 'active' && after.status !== 'pending') return carried;
  const near = (t: number) => Math.abs(t - readServerTime) <= BEHAVIOUR_SLACK_MS;
  const older = (t: number) => t < readServerTime - BEHAVIOUR_SLACK_MS;

  // Re-mint on read: a new token issued at the instant of this read.
  const iat = after.lastActiveTokenIssuedAt;
  const newToken = read.tokenAfter !== null && read.tokenAfter !== read.tokenBefore;
  const remint = iat === null ? null : newToken && near(iat) ? true : older(iat) ? false : null;

  // Reads as activity: `last_active_at` moved to the instant of this read, and no one minted a
  // token for it (the same token as before, or one Clerk re-minted for this very read).
  const moved = after.lastActiveAt > before.lastActiveAt;
  const noMint = !newToken || remint === true;
  const activity = moved && near(after.lastActiveAt) && noMint ? true : older(after.lastActiveAt) ? false : null;

  return {
    remintOnRead: step(carried.remintOnRead, remint, read.at),
    readsCountAsActivity: step(carried.readsCountAsActivity, activity, read.at),
  };
}
