import { useState } from 'react';
import { explainClaims } from '../../lib/claims';
import { formatAgo } from '../../lib/format';
import { sendMessage } from '../../lib/messaging';
import { serverNow } from '../../lib/session-math';
import type { SessionSnapshot } from '../../lib/snapshot';
import { AuthorizationPanel } from './AuthorizationPanel';

/** The decoded token: a claims table, custom claims marked. The raw token is never rendered. */
export function TokenPanel({ snapshot, now }: { snapshot: SessionSnapshot; now: number }) {
  const [copyState, setCopyState] = useState<string | null>(null);
  const token = snapshot.token;
  if (!token) return null;
  const rows = explainClaims(token.claims, serverNow(snapshot, now));
  const customCount = rows.filter((r) => r.custom).length;

  const copy = async () => {
    setCopyState('Copying…');
    try {
      const { token: raw, expiredAgoMs } = await sendMessage('copyToken', { appId: snapshot.appId });
      if (!raw) {
        setCopyState('No token to copy right now.');
        return;
      }
      await navigator.clipboard.writeText(raw);
      // After a worker restart the only token at hand may be the last one, already expired.
      setCopyState(
        expiredAgoMs !== null && expiredAgoMs > 0
          ? `Copied, but this token expired ${formatAgo(expiredAgoMs)}: a backend will refuse it. Refresh now for a fresh one.`
          : 'Token copied to the clipboard. Treat it like a password until it expires.',
      );
    } catch (error) {
      setCopyState(`Could not copy: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <details className="card" open>
      <summary>
        <h2>
          Session token{' '}
          <span className="muted small">
            {String(token.header.alg ?? '')} · {rows.length} claims{customCount ? ` · ${customCount} custom` : ''}
          </span>
        </h2>
      </summary>
      <p className="token-preview small">
        <span className="muted">Raw token hidden:</span> <code>{token.preview}</code>{' '}
        <button type="button" onClick={() => void copy()}>
          Copy token
        </button>
      </p>
      {copyState && (
        <p className="small" role="status">
          {copyState}
        </p>
      )}
      <AuthorizationPanel claims={token.claims} />
      <table className="claims">
        <caption className="visually-hidden">Decoded claims</caption>
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Value</th>
            <th scope="col">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name} className={row.custom ? 'custom' : undefined} data-testid={`claim-${row.name}`}>
              <th scope="row">
                <code>{row.name}</code>
                {row.custom && <span className="tag">custom</span>}
              </th>
              <td>
                {row.time ? (
                  <>
                    <time dateTime={row.time.iso}>{row.time.iso.replace('T', ' ').replace('Z', ' UTC')}</time>
                    <span className="muted small"> {row.time.relative}</span>
                  </>
                ) : (
                  <code className="claim-value">{row.value}</code>
                )}
              </td>
              <td className="small">{row.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
