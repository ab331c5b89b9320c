import { useState } from 'react';
import type { AppConfig } from '../../lib/apps';
import { organizationLabel, tokenAuth } from '../../lib/auth/token-auth';
import { formatClockOffset, formatDuration, formatRelative, formatSecondsSetting } from '../../lib/format';
import { type SessionNumbers, sessionNumbers, sessionStatusWord } from '../../lib/session-math';
import type { SessionRecord, SessionSnapshot } from '../../lib/snapshot';
import { localDateTime, localTime } from './format-time';
import { ProgressBar } from './ProgressBar';

function Avatar({ session }: { session: SessionRecord }) {
  const { user } = session;
  // An image that fails (offline, blocked) falls back to initials instead of a broken icon.
  const [failed, setFailed] = useState(false);
  const initials = (user.name ?? user.email ?? user.id)
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
  if (user.imageUrl?.startsWith('https://') && !failed) {
    return (
      <img
        className="avatar"
        src={user.imageUrl}
        alt=""
        width={40}
        height={40}
        referrerPolicy="no-referrer"
        onError={() => setFailed(true)}
      />
    );
  }
  return (
    <span className="avatar avatar-initials" aria-hidden="true">
      {initials || '?'}
    </span>
  );
}

/**
 * The active organization and role, and whether the session is pending or someone else acts in
 * it (stacked under the status word), from the current token (Clerk's parser, lib/auth/token-auth.ts). Nothing for a personal
 * account token of a normal session: most apps have no organizations.
 */
function TokenFacts({ claims }: { claims: Record<string, unknown> }) {
  const auth = tokenAuth(claims);
  const { organization, actor } = auth;
  const pending = auth.sessionStatus === 'pending';
  if (!organization && !actor && !pending) return null;
  return (
    <span className="glance-facts small" data-testid="glance-facts">
      {organization && (
        <span data-testid="glance-org" title={`Active organization: ${organizationLabel(organization)}`}>
          <span className="visually-hidden">Organization </span>
          <strong>{organizationLabel(organization)}</strong>
        </span>
      )}
      {pending && (
        <span className="tag" data-testid="glance-pending" title="sts: pending — session tasks are open">
          pending
        </span>
      )}
      {actor && (
        <span className="tag" data-testid="glance-actor" title={`act.sub: ${actor.sub ?? 'unknown'}`}>
          {actor.kind === 'agent' ? 'agent' : 'impersonated'}
        </span>
      )}
    </span>
  );
}

function left(ms: number | null): string {
  if (ms === null) return 'unknown';
  return ms > 0 ? formatDuration(ms) : 'ended';
}

function InactivityNumber({ numbers }: { numbers: SessionNumbers }) {
  const { inactivity } = numbers;
  const source = inactivity.setting.source;
  if (inactivity.enabled === true && inactivity.setting.seconds !== null) {
    return (
      <div className="big" data-testid="inactivity">
        <span className="big-label">Inactivity window left</span>
        <span className="big-value" data-testid="inactivity-left">
          {left(inactivity.leftMs)}
        </span>
        <ProgressBar leftMs={inactivity.leftMs} totalMs={inactivity.totalMs} />
        <span className="big-sub">
          of {formatSecondsSetting(inactivity.setting.seconds)} timeout · {source}
        </span>
      </div>
    );
  }
  return (
    <div className="big" data-testid="inactivity">
      <span className="big-label">Inactivity window left</span>
      <span className="big-value big-value-text" data-testid="inactivity-left">
        {inactivity.enabled === false ? 'Not enabled' : 'Unknown'}
      </span>
      <span className="big-sub">
        {inactivity.enabled === false
          ? `Inactivity timeout is off (${source})`
          : 'Not declared and not inferred yet; declare it in options'}
      </span>
    </div>
  );
}

export function SessionOverview({ snapshot, app, now }: { snapshot: SessionSnapshot; app: AppConfig; now: number }) {
  const numbers = sessionNumbers(snapshot, now);
  const session = numbers.session;
  if (!session) return null;
  const { token, maximumLifetime, effectiveEnd } = numbers;
  const status = sessionStatusWord(session, numbers);
  const offset = snapshot.clockOffsetMs;
  const offsetText = formatClockOffset(offset);
  const critical = app.thresholds.criticalSeconds * 1000;
  const tone = (ms: number | null) => (ms === null ? undefined : ms <= 0 ? 'ended' : ms <= critical ? 'critical' : undefined);

  return (
    <section className="card" aria-labelledby="current-session-heading">
      <h2 id="current-session-heading" className="visually-hidden">
        Current session
      </h2>
      <div className="user">
        <Avatar session={session} />
        <div className="user-text">
          <strong>{session.user.name ?? session.user.email ?? 'Unnamed user'}</strong>
          {session.user.email && <span className="muted">{session.user.email}</span>}
          <code className="muted small">{session.user.id}</code>
        </div>
        {/* The organization and role sit under the status word: a line of their own would push
            the numbers below Chrome's 600 px popup cap (the stale state measured 607 px). */}
        <div className="user-side">
          <span className={`session-status session-status-${status.status}`} data-testid="session-state">
            {status.word}
          </span>
          {snapshot.token && <TokenFacts claims={snapshot.token.claims} />}
        </div>
      </div>

      <div className="bigs">
        <div className="big" data-testid="session-age">
          <span className="big-label">Session age</span>
          <span className="big-value" data-testid="session-age-value">
            {numbers.sessionAgeMs === null ? 'unknown' : formatDuration(numbers.sessionAgeMs)}
          </span>
          <span className="big-sub">since {localDateTime(session.createdAt, offset)}</span>
        </div>
        <InactivityNumber numbers={numbers} />
        <div className="big" data-testid="last-refresh">
          <span className="big-label">Last token refresh</span>
          <span className="big-value" data-testid="last-refresh-ago">
            {numbers.tokenAgeMs === null ? 'none' : formatDuration(numbers.tokenAgeMs)}
          </span>
          <span className="big-sub" data-testid="last-refresh-by">
            {snapshot.token
              ? `ago, by ${snapshot.token.mintedBy === 'extension' ? 'this extension' : 'the app'}${
                  snapshot.token.mintLatencyMs !== null ? ` · ${snapshot.token.mintLatencyMs} ms` : ''
                }`
              : 'none on the client'}
          </span>
        </div>
      </div>

      <dl className="deadlines">
        <div>
          <dt>Maximum lifetime</dt>
          <dd data-testid="max-lifetime">
            {maximumLifetime.deadline === null ? (
              maximumLifetime.setting.seconds === 0 ? (
                `off (${maximumLifetime.setting.source})`
              ) : (
                'unknown (declare it in options)'
              )
            ) : (
              <>
                {left(maximumLifetime.leftMs)} left · {localDateTime(maximumLifetime.deadline, offset)}
                <span className="muted">
                  {' '}
                  ({formatSecondsSetting(maximumLifetime.setting.seconds ?? 0)}, {maximumLifetime.setting.source})
                </span>
              </>
            )}
            <ProgressBar leftMs={maximumLifetime.leftMs} totalMs={maximumLifetime.totalMs} />
          </dd>
        </div>
        <div>
          <dt>Effective end</dt>
          <dd data-testid="effective-end">
            {effectiveEnd.deadline === null
              ? 'unknown'
              : `${formatRelative(effectiveEnd.leftMs ?? 0)} · ${localDateTime(effectiveEnd.deadline, offset)}`}
            <ProgressBar leftMs={effectiveEnd.leftMs} totalMs={effectiveEnd.totalMs} tone={tone(effectiveEnd.leftMs)} />
          </dd>
        </div>
        <div>
          <dt>Token expires</dt>
          <dd data-testid="token-countdown">
            {token.leftMs === null ? 'no token' : formatRelative(token.leftMs)}
            <ProgressBar leftMs={token.leftMs} totalMs={token.totalMs} />
          </dd>
        </div>
        <div>
          <dt>Last sync</dt>
          <dd data-testid="last-sync">
            {numbers.lastRefreshAgoMs === null ? 'never' : `${formatDuration(numbers.lastRefreshAgoMs)} ago`}
            {snapshot.lastRefresh && (
              <span className="muted">
                {' '}
                ({snapshot.lastRefresh.trigger}, {snapshot.lastRefresh.latencyMs} ms
                {snapshot.lastRefresh.minted ? ', minted' : ''})
              </span>
            )}
          </dd>
        </div>
        {snapshot.nextRefreshAt !== null && (
          <div>
            <dt>Next refresh</dt>
            <dd>
              {formatRelative(snapshot.nextRefreshAt - now)} · {localTime(snapshot.nextRefreshAt)}
            </dd>
          </div>
        )}
        {offsetText && (
          <div>
            <dt>Server clock</dt>
            <dd data-testid="clock-offset">{offsetText} (times above are corrected)</dd>
          </div>
        )}
      </dl>
      {snapshot.mode === 'observe' && snapshot.token?.mintedBy === 'app' && (
        <p className="note">Observe mode: the last token refresh is the app’s own token (its iat), not one minted here.</p>
      )}
    </section>
  );
}
