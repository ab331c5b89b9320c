/**
 * The diagnostics' findings (issue 13) as doctor checks: the token verdict, the claims budget,
 * each cookie finding, and declared lifetimes that Clerk's own `expire_at` contradicts. Pure, from
 * what the worker stored in the snapshot (lib/diagnostics/*). Kept apart from checks.ts, which
 * walks a request's path; these judge what came back.
 */

import {
  type ClaimsBudget,
  type ClaimsDiff,
  CUSTOM_CLAIMS_GUIDANCE_BYTES,
  claimsBudget,
  claimsDiff,
} from '../diagnostics/claims-budget';
import type { CookieFinding, CookieReport } from '../diagnostics/cookies';
import type { StoredVerdict } from '../diagnostics/token-verdict';
import { formatSecondsSetting } from '../format';
import { currentSession } from '../session-math';
import type { SessionRecord, SessionSnapshot } from '../snapshot';

/** What the doctor (and the popup's diagnostics section) judge. */
export interface DiagnosticsInput {
  verdict: StoredVerdict | null;
  /** Who minted the current token: an `azp` other than the app's is expected on the extension's own mints. */
  tokenMintedBy: 'extension' | 'app' | 'read' | null;
  budget: ClaimsBudget | null;
  diff: ClaimsDiff | null;
  cookies: CookieReport | null;
  /** The current session and the lifetimes in force, for "declared vs Clerk's expire_at". */
  session: SessionRecord | null;
  declaredInactivitySeconds: number | null;
  declaredMaximumSeconds: number | null;
}

export type DiagnosticCheckId = 'token-verdict' | 'claims-budget' | CookieFinding['id'] | 'lifetime-disagree';

export interface DiagnosticCheck {
  id: DiagnosticCheckId;
  title: string;
  status: 'pass' | 'fail' | 'warn' | 'info';
  detail: string;
  fix?: string;
}

export function diagnosticsOf(snapshot: SessionSnapshot | null): DiagnosticsInput | null {
  if (!snapshot) return null;
  const token = snapshot.token;
  return {
    verdict: snapshot.tokenVerdict ?? null,
    tokenMintedBy: token?.mintedBy ?? null,
    budget: token ? claimsBudget(token.claims, token.header) : null,
    diff: token ? claimsDiff(snapshot.previousTokenClaims, token.claims) : null,
    cookies: snapshot.cookieReport ?? null,
    session: currentSession(snapshot),
    declaredInactivitySeconds: snapshot.inactivityTimeout.source === 'declared' ? snapshot.inactivityTimeout.seconds : null,
    declaredMaximumSeconds: snapshot.maximumLifetime.source === 'declared' ? snapshot.maximumLifetime.seconds : null,
  };
}

/** A minute of slack: `expire_at` and `last_active_at` are written at slightly different moments. */
const LIFETIME_SLACK_MS = 60_000;

/** Declared settings that Clerk's `expire_at` contradicts; null when they agree or nothing is declared. */
export function lifetimeDisagreement(d: DiagnosticsInput): string | null {
  const s = d.session;
  if (s?.status !== 'active') return null;
  const sinceActivity = s.expireAt - s.lastActiveAt;
  const sinceCreation = s.expireAt - s.createdAt;
  const max = d.declaredMaximumSeconds;
  const idle = d.declaredInactivitySeconds;
  const fmt = (ms: number) => formatSecondsSetting(Math.round(ms / 1000));
  if (max && sinceCreation > max * 1000 + LIFETIME_SLACK_MS) {
    return `You declared a maximum lifetime of ${formatSecondsSetting(max)}, but Clerk's expire_at is ${fmt(sinceCreation)} after the session began.`;
  }
  if (idle) {
    // Capped by the maximum lifetime: expire_at is created_at + max, and says nothing about the timeout.
    const capped = max ? Math.abs(sinceCreation - max * 1000) <= LIFETIME_SLACK_MS : false;
    if (!capped && Math.abs(sinceActivity - idle * 1000) > LIFETIME_SLACK_MS) {
      return sinceActivity < idle * 1000
        ? `You declared a ${formatSecondsSetting(idle)} inactivity timeout, but Clerk's expire_at says ${fmt(sinceActivity)} after the last activity.`
        : `You declared a ${formatSecondsSetting(idle)} inactivity timeout, but Clerk's expire_at is ${fmt(sinceActivity)} after the last activity: the timeout is longer, or off.`;
    }
  }
  return null;
}

export function diagnosticChecks(d: DiagnosticsInput | null): DiagnosticCheck[] {
  if (!d) return [];
  const checks: DiagnosticCheck[] = [];
  if (d.verdict) {
    checks.push(
      d.verdict.accepted
        ? {
            id: 'token-verdict',
            title: 'Token verdict',
            status: 'pass',
            detail: `A Clerk backend would accept this token.${notesOf(d.verdict)}`,
          }
        : {
            id: 'token-verdict',
            title: 'Token verdict',
            status: verdictStatus(d.verdict, d.tokenMintedBy),
            detail: `A Clerk backend would refuse this token: ${d.verdict.reasons.map((r) => r.message).join(' ')}${notesOf(d.verdict)}`,
            fix: verdictFix(d.verdict),
          },
    );
  }
  if (d.budget && d.budget.custom.length > 0) {
    const top = d.budget.custom
      .slice(0, 3)
      .map((c) => `${c.name} ${c.bytes} B`)
      .join(', ');
    checks.push(
      d.budget.overGuidance || d.budget.overCookie
        ? {
            id: 'claims-budget',
            title: 'Claims budget',
            status: d.budget.overCookie ? 'fail' : 'warn',
            detail: `Custom claims take ${d.budget.customBytes} B (Clerk advises under ${CUSTOM_CLAIMS_GUIDANCE_BYTES} B); the token is about ${d.budget.tokenBytesEstimate} B of the 4096 B cookie. Largest: ${top}.`,
            fix: 'Keep only what every request needs in the session token (Dashboard → Sessions → Customize session token); fetch the rest from your backend or user metadata.',
          }
        : {
            id: 'claims-budget',
            title: 'Claims budget',
            status: 'pass',
            detail: `Custom claims take ${d.budget.customBytes} B of Clerk's ${CUSTOM_CLAIMS_GUIDANCE_BYTES} B guidance.`,
          },
    );
  }
  for (const f of d.cookies?.findings ?? []) {
    checks.push({
      id: f.id,
      title: COOKIE_TITLES[f.id],
      status: f.id === 'cookie-other-instance' || f.id === 'cookie-handshake' ? 'warn' : 'fail',
      detail: `${f.detail} (${f.names.join(', ')})`,
      fix: f.fix,
    });
  }
  const disagreement = lifetimeDisagreement(d);
  if (disagreement) {
    checks.push({
      id: 'lifetime-disagree',
      title: 'Declared lifetime',
      status: 'warn',
      detail: disagreement,
      fix: 'Check Clerk Dashboard → Configure → Sessions and correct the declared values on the options page (the numbers here use what you declared).',
    });
  }
  return checks;
}

const COOKIE_TITLES: Record<CookieFinding['id'], string> = {
  'cookie-other-instance': 'Cookies of another Clerk instance',
  'cookie-uat-zero': '__client_uat is 0',
  'cookie-handshake': 'Leftover handshake cookie',
  'cookie-partitioned': 'Partitioned cookies',
  'cookie-session-size': '__session near 4 KB',
};

/**
 * Not every refusal is a setup problem: a token the extension minted carries an `azp` that is
 * not the app's (Clerk takes azp from the request's Origin: chrome-extension://<id>, or none, and
 * the emulator then uses the Frontend API URL), and the app's last token in observe mode is simply
 * expired once the app's tab stopped refreshing it. Those are information; a wrong key, a
 * missing azp among declared parties or a future nbf/iat need a fix.
 */
function verdictStatus(v: StoredVerdict, mintedBy: DiagnosticsInput['tokenMintedBy']): DiagnosticCheck['status'] {
  const benign = (r: StoredVerdict['reasons'][number]) =>
    r.code === 'expired' ||
    r.code === 'jwks-unavailable' ||
    (r.code === 'azp-mismatch' && (mintedBy === 'extension' || r.message.includes('chrome-extension://')));
  return v.reasons.every(benign) ? 'info' : 'fail';
}

/** The verdict's information (a different `iss`, an unchecked `azp`), never a reason to fail. */
function notesOf(v: StoredVerdict): string {
  return v.notes?.length ? ` Note: ${v.notes.map((n) => n.message).join(' ')}` : '';
}

function verdictFix(v: StoredVerdict): string {
  const codes = new Set(v.reasons.map((r) => r.code));
  if (codes.has('unknown-kid') || codes.has('bad-signature') || codes.has('bad-header'))
    return "Check that the app's publishable key and the backend's secret key (or JWT key) belong to the same Clerk instance.";
  if (codes.has('azp-missing') || codes.has('azp-mismatch'))
    return "Add the token's origin to authorizedParties in your backend (and to the list declared on the options page), and mint tokens from the app's own origin.";
  if (codes.has('sub-missing')) return 'A session token always carries sub: this token is not a Clerk session token.';
  if (codes.has('not-yet-valid') || codes.has('iat-in-future'))
    return "Check the backend's clock (NTP): Clerk allows 5 s of skew.";
  return 'Get a fresh token with getToken(): session tokens live 60 s.';
}
