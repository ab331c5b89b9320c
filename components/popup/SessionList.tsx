import { useState } from 'react';
import { formatRelative } from '../../lib/format';
import { capSessions } from '../../lib/limits';
import { sendMessage } from '../../lib/messaging';
import { numbersForSession } from '../../lib/popup-view';
import { isEndedStatus, sessionStatusWord } from '../../lib/session-math';
import type { SessionRecord, SessionSnapshot } from '../../lib/snapshot';

/** Sign one session out from its row (`POST …/sessions/{id}/remove`), after a confirmation. */
function RemoveSession({ appId, session }: { appId: string; session: SessionRecord }) {
  const [state, setState] = useState<'idle' | 'confirm' | 'busy' | { error: string }>('idle');
  const who = session.user.email ?? session.user.name ?? session.user.id;
  if (state === 'idle' || typeof state === 'object')
    return (
      <span className="session-remove">
        <button
          type="button"
          className="small"
          onClick={() => setState('confirm')}
          aria-label={`Sign out ${who} (${session.id})…`}
        >
          Sign out…
        </button>
        {typeof state === 'object' && (
          <span className="small" role="alert">
            {' '}
            Not signed out: {state.error}
          </span>
        )}
      </span>
    );
  const remove = async () => {
    setState('busy');
    try {
      await sendMessage('removeSession', { appId, sessionId: session.id });
      setState('idle');
    } catch (error) {
      setState({ error: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <span className="session-remove">
      <span className="small">Sign out {who} on this browser? </span>
      <button type="button" className="small danger" disabled={state === 'busy'} onClick={() => void remove()}>
        {state === 'busy' ? 'Signing out…' : 'Sign out'}
      </button>{' '}
      <button type="button" className="small" disabled={state === 'busy'} onClick={() => setState('idle')}>
        Cancel
      </button>
    </span>
  );
}

/** Every session on this browser's client (multi-session apps), the current one marked. */
export function SessionList({ snapshot, now }: { snapshot: SessionSnapshot; now: number }) {
  if (snapshot.sessions.length === 0) return null;
  // The engine stores at most MAX_STORED_SESSIONS; a snapshot from an older version may hold more.
  const { kept, omitted } = capSessions(snapshot.sessions, snapshot.currentSessionId);
  const more = omitted + (Number.isFinite(snapshot.sessionsOmitted) ? Math.max(0, snapshot.sessionsOmitted ?? 0) : 0);
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">
        Sessions on this client <span className="muted">({kept.length + more})</span>
        {snapshot.multiSession !== null && (
          <span className="muted small"> · {snapshot.multiSession ? 'multi-session' : 'single-session'} app</span>
        )}
      </h2>
      <ul className="session-list">
        {kept.map((s) => {
          const numbers = numbersForSession(snapshot, s.id, now);
          const status = sessionStatusWord(s, numbers);
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
              <span className={`session-status session-status-${status.status}`} data-testid="session-row-status">
                {status.word}
              </span>
              <span className="small">
                {numbers.effectiveEnd.leftMs === null ? '' : `ends ${formatRelative(numbers.effectiveEnd.leftMs)}`}
                {numbers.inactivity.leftMs !== null && ` · idle ${formatRelative(numbers.inactivity.leftMs)}`}
              </span>
              {!isEndedStatus(s.status) && <RemoveSession appId={snapshot.appId} session={s} />}
            </li>
          );
        })}
      </ul>
      {more > 0 && (
        <p className="muted small" data-testid="sessions-more">
          +{more} more not shown
        </p>
      )}
    </section>
  );
}
