import { formatRelative } from '../../lib/format';
import { numbersForSession } from '../../lib/popup-view';
import type { SessionSnapshot } from '../../lib/snapshot';

/** Every session on this browser's client (multi-session apps), the current one marked. */
export function SessionList({ snapshot, now }: { snapshot: SessionSnapshot; now: number }) {
  if (snapshot.sessions.length === 0) return null;
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">
        Sessions on this client <span className="muted">({snapshot.sessions.length})</span>
        {snapshot.multiSession !== null && (
          <span className="muted small"> · {snapshot.multiSession ? 'multi-session' : 'single-session'} app</span>
        )}
      </h2>
      <ul className="session-list">
        {snapshot.sessions.map((s) => {
          const numbers = numbersForSession(snapshot, s.id, now);
          const current = s.id === snapshot.currentSessionId;
          return (
            <li
              key={s.id}
              aria-current={current ? 'true' : undefined}
              className={current ? 'current' : undefined}
              data-testid="session-row"
            >
              <span className="session-who">
                {current && (
                  <span className="current-mark" title="current session">
                    ● current
                  </span>
                )}{' '}
                {s.user.name ?? s.user.email ?? s.user.id}
                <code className="muted small"> {s.id}</code>
              </span>
              <span className={`session-status session-status-${s.status}`}>{s.status}</span>
              <span className="small">
                {numbers.effectiveEnd.leftMs === null ? '' : `ends ${formatRelative(numbers.effectiveEnd.leftMs)}`}
                {numbers.inactivity.leftMs !== null && ` · idle ${formatRelative(numbers.inactivity.leftMs)}`}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
