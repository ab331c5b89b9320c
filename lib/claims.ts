/**
 * Explains a Clerk session token's decoded claims for the popup's claims table. Pure: takes the
 * claims and the server-clock now, returns rows. Never sees a raw token.
 *
 * Standard claims are the session-token v2 set (FIELD-NOTES section 1) and v1's organization
 * claims; lib/auth/token-auth.ts reads what they grant. Anything else was added by the app ("Customize session token" in the Clerk Dashboard) and is flagged as custom.
 */
import { formatRelative } from './format';

export const STANDARD_CLAIMS = [
  'iss',
  'sub',
  'sid',
  'iat',
  'exp',
  'nbf',
  'jti',
  'azp',
  'v',
  'fva',
  'sts',
  'pla',
  'fea',
  'o',
  'act',
  // Session token v1 (deprecated 2025-04-14): the organization as flat claims.
  'org_id',
  'org_slug',
  'org_role',
  'org_permissions',
];

const TIME_CLAIMS = new Set(['iat', 'exp', 'nbf']);

const MEANINGS: Record<string, string> = {
  iss: 'Issuer: your Frontend API',
  sub: 'Subject: the user id',
  sid: 'Session id',
  iat: 'Issued at',
  exp: 'Expires at (set by the server; tokens live 60 s by default)',
  nbf: 'Not valid before',
  jti: 'Token id',
  azp: 'Authorized party: the origin that asked for the token',
  v: 'Session token format version',
  fva: 'Factor verification age',
  sts: 'Session status',
  pla: 'Plan (billing)',
  fea: 'Features (billing)',
  o: 'Active organization',
  act: 'Actor: someone is impersonating this user (or an agent acts for them: type agent)',
  org_id: 'Active organization id (v1 format)',
  org_slug: 'Active organization slug (v1 format)',
  org_role: 'Role in the active organization (v1 format)',
  org_permissions: 'Permissions in the active organization (v1 format)',
};

export interface ClaimRow {
  name: string;
  /** Display text of the value. */
  value: string;
  meaning: string;
  custom: boolean;
  /** For iat/exp/nbf: the date and the relative time. */
  time?: { iso: string; relative: string };
}

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** `fva: [first, second]`: minutes since each factor was verified; -1 = never (no second factor). */
export function explainFva(value: unknown): string {
  if (!Array.isArray(value) || value.length !== 2) return 'Factor verification age (unexpected shape)';
  const [first, second] = value as unknown[];
  const part = (age: unknown, which: string) =>
    typeof age !== 'number' ? `${which}: unknown` : age < 0 ? `${which}: not verified` : `${which} verified ${age} min ago`;
  return `${part(first, 'First factor')}; ${part(second, 'second factor')}`;
}

/** `o: { id, slg, rol, per, fpm }`: the active organization, the user's role and permissions. */
export function explainOrganization(value: unknown): string {
  if (typeof value !== 'object' || value === null) return 'Active organization (unexpected shape)';
  const o = value as Record<string, unknown>;
  const parts = [`Active organization ${display(o.slg ?? o.id ?? '?')}`];
  if (o.id !== undefined && o.slg !== undefined) parts.push(`id ${display(o.id)}`);
  if (o.rol !== undefined) parts.push(`role ${display(o.rol)}`);
  if (o.per !== undefined) parts.push(`permissions ${display(o.per)}`);
  if (o.fpm !== undefined) parts.push('fpm maps features to permissions');
  return parts.join('; ');
}

export function explainClaims(claims: Record<string, unknown>, serverNow: number): ClaimRow[] {
  const standard = STANDARD_CLAIMS.filter((name) => name in claims);
  const custom = Object.keys(claims)
    .filter((name) => !STANDARD_CLAIMS.includes(name))
    .sort();
  return [...standard, ...custom].map((name) => {
    const value = claims[name];
    const row: ClaimRow = {
      name,
      value: display(value),
      meaning: MEANINGS[name] ?? 'Custom claim',
      custom: !STANDARD_CLAIMS.includes(name),
    };
    // `new Date(1e303).toISOString()` throws: a time claim out of Date's range is shown as a plain value.
    if (TIME_CLAIMS.has(name) && typeof value === 'number' && Math.abs(value * 1000) <= 8.64e15) {
      const ms = value * 1000;
      row.time = { iso: new Date(ms).toISOString().replace('.000Z', 'Z'), relative: formatRelative(ms - serverNow) };
    }
    if (name === 'fva') row.meaning = `${MEANINGS.fva}: ${explainFva(value)}`;
    if (name === 'o') row.meaning = explainOrganization(value);
    if (name === 'act' && typeof value === 'object' && value !== null)
      row.meaning =
        (value as Record<string, unknown>).type === 'agent'
          ? 'Actor: an agent acts for this user (type agent)'
          : 'Actor: someone is impersonating this user (act.sub)';
    if (name === 'sts')
      row.meaning =
        value === 'pending' ? 'Session status: pending (session tasks are open)' : `Session status: ${display(value)}`;
    return row;
  });
}
