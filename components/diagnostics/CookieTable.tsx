/** The Clerk cookies of the app's hosts, metadata only (lib/diagnostics/cookies.ts never keeps a value). */
import type { CookieMeta, CookieReport } from '../../lib/diagnostics/cookies';
import { formatRelative } from '../../lib/format';

function ownerWords(owner: CookieMeta['owner']): string {
  if (!owner) return '';
  if (owner.kind === 'this-app') return 'this app';
  if (owner.kind === 'other-app') return owner.label;
  return 'unknown instance';
}

export function CookieTable({ report, now }: { report: CookieReport; now: number }) {
  if (report.cookies.length === 0) {
    return <p className="small muted">No Clerk cookies on the app’s hosts.</p>;
  }
  return (
    <section aria-label="Clerk cookies" className="cookie-table-wrap">
      <h3 className="small">Clerk cookies</h3>
      <table className="claims cookies" data-testid="cookie-table">
        <caption className="visually-hidden">Clerk cookies on the app's hosts, without values</caption>
        <thead>
          <tr>
            <th scope="col">Cookie</th>
            <th scope="col">Where</th>
            <th scope="col">Expires</th>
            <th scope="col">Flags</th>
            <th scope="col">Size</th>
          </tr>
        </thead>
        <tbody>
          {report.cookies.map((c) => (
            <tr key={`${c.name}|${c.domain}|${c.path}|${c.partitioned}`} data-cookie={c.name}>
              <th scope="row">
                <code>{c.name}</code>
                {c.owner && (
                  <span className={`tag${c.owner.kind === 'this-app' ? ' doctor-tag-pass' : ''}`}>{ownerWords(c.owner)}</span>
                )}
              </th>
              <td className="small">
                {c.domain}
                {c.path !== '/' ? c.path : ''}
              </td>
              <td className="small">{c.expiresAt === null ? 'session' : formatRelative(c.expiresAt - now)}</td>
              <td className="small">
                {[c.sameSite, c.secure && 'Secure', c.httpOnly && 'HttpOnly', c.partitioned && 'Partitioned']
                  .filter(Boolean)
                  .join(' · ')}
              </td>
              <td className="small">{c.size} B</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
