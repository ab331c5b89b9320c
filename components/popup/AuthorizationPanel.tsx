/**
 * The token's authorization, as a Clerk backend reads it (lib/auth/): the format, the active
 * organization with its role and every `org:<feature>:<permission>` expanded from `o.fpm`/`o.per`
 * (or v1's `org_permissions`), pending and actor notes, and a field that answers "would
 * `has({ permission })` pass?" with `@clerk/shared`'s own check. Part of the token panel (a lazy
 * chunk).
 */
import { useId, useState } from 'react';
import { wouldHavePermission } from '../../lib/auth/has-check';
import { tokenAuth } from '../../lib/auth/token-auth';

export function AuthorizationPanel({ claims }: { claims: Record<string, unknown> }) {
  const auth = tokenAuth(claims);
  const [permission, setPermission] = useState('');
  const inputId = useId();
  const verdict = wouldHavePermission(auth, permission);
  const { organization, actor } = auth;
  return (
    <section className="authorization" aria-label="Authorization" data-testid="token-authorization">
      <p className="small" data-testid="token-format">
        <span className="muted">Format</span>{' '}
        {auth.format === 'v2' ? (
          <>
            session token v2 (<code>v: 2</code>)
          </>
        ) : (
          'session token v1 (deprecated since 2025-04-14: upgrade it under Updates in the Clerk Dashboard)'
        )}
      </p>
      {auth.problem && (
        <p className="inline-error small" role="alert">
          {auth.problem}
        </p>
      )}
      {auth.sessionStatus === 'pending' && (
        <p className="note" data-testid="token-pending">
          <strong>Pending session</strong> (<code>sts: pending</code>): session tasks are open (e.g. choose an organization).
          Clerk’s server SDKs treat it as signed out until the user finishes them.
        </p>
      )}
      {actor && (
        <p className="note" data-testid="token-actor">
          {actor.kind === 'agent' ? (
            <>
              <strong>An agent</strong> acts for this user (<code>act.type: agent</code>, <code>{actor.sub ?? '?'}</code>).
            </>
          ) : (
            <>
              <strong>Impersonated:</strong> <code>{actor.sub ?? '?'}</code> is signed in as this user (<code>act</code>).
            </>
          )}
        </p>
      )}
      {organization ? (
        <div data-testid="token-org">
          <p className="small">
            <span className="muted">Active organization</span> <strong>{organization.slug ?? organization.id}</strong>{' '}
            <code className="muted">{organization.id}</code> · <span className="muted">role</span>{' '}
            <code>{organization.role ?? 'none'}</code>
          </p>
          <p className="small muted">
            {organization.permissions.length} permission{organization.permissions.length === 1 ? '' : 's'}
            {auth.format === 'v2' ? ' (expanded from o.fpm and o.per by Clerk’s own parser)' : ' (org_permissions)'}:
          </p>
          <ul className="permissions small" data-testid="token-permissions">
            {organization.permissions.map((p) => (
              <li key={p}>
                <code>{p}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="small muted" data-testid="token-org">
          No active organization (personal account).
        </p>
      )}
      <form className="has-check small" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={inputId}>
          Would <code>has({'{ permission }'})</code> pass?
        </label>{' '}
        <input
          id={inputId}
          type="text"
          placeholder="org:invoices:create"
          value={permission}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setPermission(event.target.value)}
          data-testid="has-input"
        />
        {verdict && (
          <p role="status" data-testid="has-verdict" className={verdict.pass && !verdict.pendingOverride ? 'pass' : 'fail'}>
            <code>has({`{ permission: '${verdict.permission}' }`})</code> →{' '}
            <strong>{verdict.pass && !verdict.pendingOverride ? 'true' : 'false'}</strong>. {verdict.reason}
          </p>
        )}
      </form>
    </section>
  );
}
