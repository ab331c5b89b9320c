/**
 * What sits below the glance: every session on the client, the decoded token and the refresh
 * history. A lazy chunk (React.lazy in Popup.tsx): none of it is needed for the popup's first
 * paint, which Chrome's 600 px popup fills with the status, sign-out and the numbers. The
 * diagnostics (token verdict, claims budget, cookies) are a further lazy chunk, last.
 */
import { lazy, Suspense } from 'react';
import type { RefreshAttempt, SessionSnapshot } from '../../lib/snapshot';
import { RefreshHistory } from './RefreshHistory';
import { SessionList } from './SessionList';
import { TokenPanel } from './TokenPanel';

const DiagnosticsPanel = lazy(() => import('../diagnostics/DiagnosticsPanel'));

export default function Details({
  snapshot,
  history,
  now,
}: {
  snapshot: SessionSnapshot;
  history: RefreshAttempt[];
  now: number;
}) {
  return (
    <>
      <SessionList snapshot={snapshot} now={now} />
      <TokenPanel snapshot={snapshot} now={now} />
      <RefreshHistory history={history} now={now} />
      <Suspense fallback={null}>
        <DiagnosticsPanel snapshot={snapshot} history={history} now={now} />
      </Suspense>
    </>
  );
}
