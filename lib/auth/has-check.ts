/**
 * "Would `has({ permission })` pass?" for a permission the developer types, decided by
 * `@clerk/shared`'s own `createCheckAuthorization` (what `auth().has()` in @clerk/backend and
 * @clerk/nextjs runs) over the token's parsed claims (token-auth.ts), then explained in words.
 * Pure.
 *
 * One Clerk rule sits outside `createCheckAuthorization`: the server SDKs treat a `pending`
 * session as signed out by default (`treatPendingAsSignedOut`, `resolveAuthState`), so their
 * `has()` is then false whatever the permissions say. The verdict reports both.
 */
import { createCheckAuthorization } from '@clerk/shared/authorization';
import type { TokenAuth } from './token-auth';

export interface HasVerdict {
  /** The permission as `has()` compares it: `org:` prefixed (Clerk adds the prefix too). */
  permission: string;
  /** `createCheckAuthorization(...)({ permission })`. */
  pass: boolean;
  /** Pending session: with the SDKs' default `treatPendingAsSignedOut`, `has()` is false anyway. */
  pendingOverride: boolean;
  /** Why, in words. */
  reason: string;
}

function normalise(input: string): string {
  return input.trim().replace(/^(org:)*/, 'org:');
}

/** Null for an empty input. */
export function wouldHavePermission(auth: TokenAuth, input: string): HasVerdict | null {
  if (input.trim() === '') return null;
  const permission = normalise(input);
  const org = auth.organization;
  const check = createCheckAuthorization({
    userId: auth.userId,
    orgId: org?.id ?? null,
    orgRole: org?.role ?? null,
    orgPermissions: org?.permissions ?? null,
    factorVerificationAge: auth.factorVerificationAge,
    features: null,
    plans: null,
  });
  const pass = check({ permission } as Parameters<typeof check>[0]);
  const pendingOverride = auth.sessionStatus === 'pending';
  let reason: string;
  if (!auth.userId) reason = 'The token has no user (`sub`): `has()` is false for a signed-out request.';
  else if (!org)
    reason = 'No active organization in this token: organization permissions need one (`setActive({ organization })`).';
  else if (pass) reason = `${org.slug ?? org.id} grants ${permission} to this member.`;
  else if (org.permissions.length === 0)
    reason = `The role ${org.role ?? '(none)'} in ${org.slug ?? org.id} carries no permissions in this token.`;
  else reason = `${permission} is not among this member's ${org.permissions.length} permissions in ${org.slug ?? org.id}.`;
  if (pendingOverride)
    reason +=
      ' The session is pending (session tasks open): Clerk’s server SDKs treat it as signed out by default, so `has()` returns false until the tasks are done.';
  return { permission, pass, pendingOverride, reason };
}
