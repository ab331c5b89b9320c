/**
 * Reverification (clerk-docs `guides/secure/reverification.mdx`): "Revoke session" is a sensitive
 * action that needs the strongest available factor verified within the last 10 minutes. The
 * emulator tracks when each session last verified its first factor (sign-in, or a reverification
 * through `POST /v1/client/sessions/{id}/verify` + `…/verify/attempt_first_factor`, the routes
 * clerk-js's `session.startVerification()` and `session.attemptFirstFactorVerification()` call),
 * reports it as `factor_verification_age` / the token's `fva`, and refuses a revoke from a
 * session whose verification is older with 403 `session_reverification_required`. The only
 * factor modelled is the password. Whether Clerk's Frontend API itself enforces this on
 * `/v1/me/sessions/{id}/revoke` is not documented (Clerk's own UI wraps revoke in
 * `useReverification`): the `requireReverificationForRevoke` switch.
 */
import { errors, FapiError } from './http.ts';
import type { Session } from './state.ts';

/** "Revoke session: strongest available, 10m" (the reverification guide's table). */
export const REVOKE_REVERIFY_AFTER_MS = 10 * 60_000;

/** Whole minutes since the session's first factor was last verified (`fva[0]`). */
export function firstFactorAgeMinutes(session: Session, now: number): number {
  return Math.max(0, Math.floor((now - session.firstFactorVerifiedAt) / 60_000));
}

/** A revoke from `session` at `now`: refused when its verification is 10 minutes old or more. */
export function assertRecentVerification(session: Session, now: number): void {
  if (now - session.firstFactorVerifiedAt >= REVOKE_REVERIFY_AFTER_MS) throw errors.reverificationRequired();
}

export type ReverificationLevel = 'first_factor' | 'second_factor' | 'multi_factor';

/** The session's open reverification, started by `/verify` and completed by a password attempt. */
export interface Reverification {
  level: ReverificationLevel;
  status: 'needs_first_factor' | 'complete';
}

export function parseLevel(value: unknown): ReverificationLevel {
  if (value === 'first_factor' || value === 'second_factor' || value === 'multi_factor') return value;
  if (value === undefined || value === '') throw errors.paramMissing('level');
  throw errors.paramInvalid('level', 'level must be one of first_factor, second_factor, multi_factor.');
}

/**
 * `Client.SessionReverification`. With no second factor modelled, a second or multi factor level
 * falls back to the first factor, as the spec says Clerk does for users without one.
 */
export function reverificationJson(reverification: Reverification, session: Record<string, unknown>): Record<string, unknown> {
  const complete = reverification.status === 'complete';
  return {
    object: 'session_reverification',
    level: reverification.level,
    status: reverification.status,
    supported_first_factors: [{ strategy: 'password' }],
    supported_second_factors: null,
    first_factor_verification: complete
      ? { object: 'verification_password', status: 'verified', strategy: 'password', attempts: 1, expire_at: null }
      : null,
    second_factor_verification: null,
    session,
  };
}

/** `verify/attempt_first_factor` before `/verify` (catalogue `SessionReverificationMissing`). */
export function reverificationMissing(): FapiError {
  return new FapiError(
    400,
    'session_reverification_missing',
    'is missing',
    'You need to start a new session verification flow first',
  );
}
