/**
 * Diagnostics below the details (issue 13): would a Clerk backend accept the current token, the
 * custom claims' share of the token and cookie, what the last refresh changed, and the Clerk
 * cookies on the app's hosts (metadata only: a value is never in the snapshot, so never here).
 * A lazy chunk inside the already lazy Details; plain data in, computed by lib/doctor/diagnostic-checks.ts.
 */
import { CUSTOM_CLAIMS_GUIDANCE_BYTES } from '../../lib/diagnostics/claims-budget';
import { diagnosticsOf } from '../../lib/doctor/diagnostic-checks';
import { serverNow } from '../../lib/session-math';
import type { RefreshAttempt, SessionSnapshot } from '../../lib/snapshot';
import { CookieTable } from './CookieTable';
import { ReportButtons } from './ReportButtons';

export default function DiagnosticsPanel({
  snapshot,
  history = [],
  now,
}: {
  snapshot: SessionSnapshot;
  history?: RefreshAttempt[];
  now: number;
}) {
  const d = diagnosticsOf(snapshot);
  if (!d) return null;
  const { verdict, budget, diff } = d;
  // The verdict is computed once per token; its expiry is re-judged here, on Clerk's clock.
  const expiredSince =
    snapshot.token && verdict?.accepted && serverNow(snapshot, now) > snapshot.token.expiresAt + 5_000
      ? Math.round((serverNow(snapshot, now) - snapshot.token.expiresAt) / 1000)
      : null;
  const changed = diff ? [...diff.added.map((n) => `+${n}`), ...diff.removed.map((n) => `−${n}`), ...diff.changed] : [];
  return (
    <details className="card diagnostics" data-testid="diagnostics">
      <summary>
        <h2>
          Diagnostics{' '}
          <span className="muted small">
            {verdict ? (verdict.accepted ? 'token accepted' : 'token refused') : 'token not checked'}
            {d.cookies ? ` · ${d.cookies.cookies.length} Clerk cookies` : ''}
          </span>
        </h2>
      </summary>
      <section aria-label="Token verdict">
        <h3 className="small">Would a Clerk backend accept this token?</h3>
        {!snapshot.token ? (
          <p className="small muted">No token.</p>
        ) : !verdict ? (
          <p className="small muted">Not checked yet (the worker checks each new token against the instance’s JWKS).</p>
        ) : verdict.accepted ? (
          <p className="small" data-testid="verdict" data-accepted="true">
            <span className="tag doctor-tag-pass">Accepted</span> signature (JWKS), sub, exp/nbf/iat (5 s allowance)
            {d.verdict?.notes?.some((n) => n.code === 'azp-unchecked') ? '' : ' and azp among your authorized parties'} check out
            {expiredSince === null ? '.' : `; it has expired since (${expiredSince} s ago), so a backend refuses it now.`}
          </p>
        ) : (
          <div data-testid="verdict" data-accepted="false">
            <p className="small">
              <span className="tag doctor-tag-fail">Refused</span>{' '}
              {verdict.reasons.length === 1 ? 'one reason' : `${verdict.reasons.length} reasons`}:
            </p>
            <ul className="small">
              {verdict.reasons.map((r) => (
                <li key={r.code} data-code={r.code}>
                  <code>{r.code}</code> {r.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {verdict?.notes?.length ? (
          <ul className="small muted" data-testid="verdict-notes">
            {verdict.notes.map((n) => (
              <li key={n.code} data-code={n.code}>
                <code>{n.code}</code> {n.message}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {budget && (
        <section aria-label="Claims budget" data-testid="claims-budget">
          <h3 className="small">Claims budget</h3>
          <p className="small">
            Custom claims: <strong>{budget.customBytes} B</strong> of {CUSTOM_CLAIMS_GUIDANCE_BYTES} B advised
            {budget.overGuidance ? ' (over)' : ''}; token ≈ {budget.tokenBytesEstimate} B of the 4096 B cookie
            {budget.overCookie ? ' (over)' : ''}.
          </p>
          <meter
            className="budget"
            min={0}
            max={CUSTOM_CLAIMS_GUIDANCE_BYTES}
            high={CUSTOM_CLAIMS_GUIDANCE_BYTES * 0.8}
            value={Math.min(budget.customBytes, CUSTOM_CLAIMS_GUIDANCE_BYTES)}
            aria-label="Custom claims against Clerk's 1.2 KB guidance"
          />
          {budget.custom.length > 0 && (
            <ul className="small budget-claims">
              {budget.custom.map((c) => (
                <li key={c.name}>
                  <code>{c.name}</code> {c.bytes} B
                </li>
              ))}
            </ul>
          )}
          {d.diff && snapshot.previousTokenClaims && (
            <p className="small" data-testid="claims-diff">
              Last refresh changed: {changed.length ? changed.join(', ') : 'no claim besides iat/exp/jti'}
            </p>
          )}
        </section>
      )}
      {d.cookies && <CookieTable report={d.cookies} now={now} />}
      <ReportButtons snapshot={snapshot} history={history} now={now} />
    </details>
  );
}
