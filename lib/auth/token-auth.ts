/**
 * What a session token says about authorization, read the way Clerk's SDKs read it: the
 * organization (id, slug, role, permissions), the session status, the actor, the factor
 * verification age, features and plans. Pure; never sees a raw token, only decoded claims.
 *
 * The parsing is `@clerk/shared`'s own (`__experimental_JWTPayloadToAuthObjectProperties`, the
 * parser behind `auth()` in @clerk/backend and @clerk/nextjs), so both formats work as Clerk's
 * backends see them: v2 (`v: 2`, `o: { id, slg, rol, per, fpm }`, where `fpm` holds one decimal
 * bitmask per org feature of `fea`, least significant bit = the first `per` entry, and each set
 * bit is a permission `org:<feature>:<permission>`) and v1 (`org_id`, `org_role`, `org_slug`,
 * `org_permissions`). Both modules are a few hundred bytes and free of the Clerk SDK, so the
 * popup's first paint may use them (tests/e2e/budgets.e2e.ts counts it).
 */
import { splitByScope } from '@clerk/shared/authorization';
import { __experimental_JWTPayloadToAuthObjectProperties as authObjectFromClaims } from '@clerk/shared/jwtPayloadParser';
import type { JwtPayload } from '@clerk/shared/types';

export interface TokenOrganization {
  id: string;
  slug: string | null;
  /** As the SDKs expose it (`orgRole`): `org:<role>`. */
  role: string | null;
  /** `org:<feature>:<permission>`, expanded from `o.per`/`o.fpm` (v2) or `org_permissions` (v1). */
  permissions: string[];
}

export interface TokenActor {
  /** `act.type: 'agent'` marks an agent acting for the user; any other `act` is an impersonator. */
  kind: 'impersonation' | 'agent';
  /** Who acts: the impersonator's user id, or the agent's id. */
  sub: string | null;
}

export interface TokenAuth {
  /** `v: 2` is the current format (Clerk changelog 2025-04-14); no `v` is the deprecated v1. */
  format: 'v1' | 'v2';
  userId: string | null;
  sessionId: string | null;
  organization: TokenOrganization | null;
  /** `sts`: `pending` while session tasks are open (v2 only); null when absent. */
  sessionStatus: string | null;
  actor: TokenActor | null;
  factorVerificationAge: [number, number] | null;
  /** `fea` and `pla` split by scope (`o:` organization, `u:` user). */
  features: { org: string[]; user: string[] };
  plans: { org: string[]; user: string[] };
  /** A claim Clerk's parser refused (e.g. a `fea` entry without its scope); what is shown is partial. */
  problem: string | null;
}

function scoped(value: unknown): { org: string[]; user: string[] } {
  return splitByScope(typeof value === 'string' ? value : undefined);
}

function actorOf(act: unknown): TokenActor | null {
  if (typeof act !== 'object' || act === null) return null;
  const record = act as Record<string, unknown>;
  return { kind: record.type === 'agent' ? 'agent' : 'impersonation', sub: typeof record.sub === 'string' ? record.sub : null };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The token's authorization facts; never throws (a malformed claim becomes `problem`). */
export function tokenAuth(claims: Record<string, unknown>): TokenAuth {
  const format = claims.v === 2 ? 'v2' : 'v1';
  const empty: TokenAuth['features'] = { org: [], user: [] };
  let problem: string | null = null;
  let parsed: ReturnType<typeof authObjectFromClaims> | null = null;
  try {
    parsed = authObjectFromClaims(claims as JwtPayload);
  } catch (error) {
    problem = `Clerk's parser refused this token's claims: ${errorText(error)}`;
  }
  let features = empty;
  let plans = empty;
  try {
    features = scoped(claims.fea);
    plans = scoped(claims.pla);
  } catch (error) {
    problem ??= `Clerk's parser refused fea/pla: ${errorText(error)}`;
  }
  const orgId = parsed?.orgId;
  const organization: TokenOrganization | null =
    typeof orgId === 'string' && orgId
      ? {
          id: orgId,
          slug: parsed?.orgSlug ?? null,
          role: parsed?.orgRole ?? null,
          permissions: Array.isArray(parsed?.orgPermissions) ? [...parsed.orgPermissions] : [],
        }
      : null;
  const fva = claims.fva;
  const fvaPair =
    Array.isArray(fva) && fva.length === 2 && typeof fva[0] === 'number' && typeof fva[1] === 'number'
      ? ([fva[0], fva[1]] as [number, number])
      : null;
  return {
    format,
    userId: typeof claims.sub === 'string' ? claims.sub : null,
    sessionId: typeof claims.sid === 'string' ? claims.sid : null,
    organization,
    sessionStatus: typeof claims.sts === 'string' ? claims.sts : null,
    actor: actorOf(claims.act),
    factorVerificationAge: fvaPair,
    features,
    plans,
    problem,
  };
}

/** "acme · admin", for the glance; the `org:` prefix of the role is Clerk's, not the user's word. */
export function organizationLabel(organization: TokenOrganization): string {
  const role = organization.role?.replace(/^org:/, '');
  return `${organization.slug ?? organization.id}${role ? ` · ${role}` : ''}`;
}
