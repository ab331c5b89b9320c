import { formatAgo } from '../../lib/format';
import type { RefreshAttempt } from '../../lib/snapshot';
import { localTime } from './format-time';

const SHOWN = 40;
const OUTCOME_WORDS: Record<RefreshAttempt['outcome'], string> = { ok: 'ok', 'signed-out': 'signed out', error: 'error' };

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}

/** The last attempts as a sparkline (bar height = latency; failures drawn as crosses) plus the newest few in words. */
export function RefreshHistory({ history, now }: { history: RefreshAttempt[]; now: number }) {
  const recent = history.slice(-SHOWN);
  if (recent.length === 0) {
    return (
      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">Refresh history</h2>
        <p className="muted small">No refresh attempts yet.</p>
      </section>
    );
  }
  const failures = recent.filter((a) => a.outcome === 'error').length;
  const latencies = recent.filter((a) => a.outcome !== 'error').map((a) => a.latencyMs);
  // Failures (often a timeout) are drawn as crosses, so they do not flatten the scale of the others.
  const maxLatency = Math.max(1, ...latencies);
  const med = median(latencies);
  const width = 8;
  const height = 32;
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">Refresh history</h2>
      <p className="small" data-testid="history-summary">
        Last {recent.length}: {recent.length - failures} ok, {failures} failed
        {med !== null ? ` · median ${med} ms` : ''}
      </p>
      <svg
        className="sparkline"
        viewBox={`0 0 ${SHOWN * width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Latency of the last ${recent.length} refresh attempts; ${failures} failed`}
      >
        {recent.map((a, i) => {
          const x = i * width + 1;
          if (a.outcome === 'error') {
            return (
              <g key={`${a.at}-${a.trigger}-${a.latencyMs}`} className="spark-fail">
                <line x1={x} y1={height - 12} x2={x + width - 2} y2={height - 2} />
                <line x1={x} y1={height - 2} x2={x + width - 2} y2={height - 12} />
              </g>
            );
          }
          const h = Math.max(2, (a.latencyMs / maxLatency) * (height - 2));
          return (
            <rect
              key={`${a.at}-${a.trigger}-${a.latencyMs}`}
              className={a.outcome === 'ok' ? 'spark-ok' : 'spark-signed-out'}
              x={x}
              y={height - h}
              width={width - 2}
              height={h}
            />
          );
        })}
      </svg>
      <ol className="history-list small" reversed>
        {recent
          .slice(-4)
          .reverse()
          .map((a) => (
            <li key={`${a.at}-${a.trigger}-${a.latencyMs}`} data-outcome={a.outcome}>
              <span aria-hidden="true">{a.outcome === 'ok' ? '✓' : a.outcome === 'error' ? '✕' : '○'}</span> {localTime(a.at)} (
              {formatAgo(now - a.at)}) · {a.trigger} · {OUTCOME_WORDS[a.outcome]} · {a.latencyMs} ms
              {a.minted ? ' · minted' : ''}
              {a.error ? ` · ${a.error}` : ''}
            </li>
          ))}
      </ol>
    </section>
  );
}
