/**
 * The last sign-out as the worker saved it, shown when the popup opens: one that is still
 * running (the popup was closed while it ran), one a stopped worker interrupted, with what
 * Clerk says really ended (lib/engine/signout.ts, finishInterrupted), and one waiting for the
 * user to re-verify in the app, which it retries when the user comes back (the popup opened
 * again after that sign-out, or this page shown again), then shows how the retry ended. A
 * finished sign-out was already shown in its own dialog, so it is not repeated here
 * (`signOutToReport`). A lazy chunk (components/Popup.tsx): most popups never show it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { sendMessage } from '../../lib/messaging';
import { signOutToReport } from '../../lib/popup-view';
import type { SignOutReport } from '../../lib/protocol';
import { signOutReportItem } from '../../lib/storage';
import { localTime } from './format-time';
import { ReverifyPrompt } from './ReverifyPrompt';
import { ResultList } from './SignOutFlow';

/** Retries a sign-out awaiting reverification when the user comes back, at most one at a time. */
function useResume(report: SignOutReport | null, syncHost: string | null) {
  const [retrying, setRetrying] = useState(false);
  const inFlight = useRef(false);
  const awaiting = report?.status === 'awaiting-reverification' ? report : null;
  const retry = useCallback(async () => {
    if (!awaiting || inFlight.current) return;
    inFlight.current = true;
    setRetrying(true);
    try {
      // The worker saves the new report; the popup's storage watch brings it here.
      await sendMessage('signOutAll', { appId: awaiting.appId, scope: 'all-devices' });
    } catch {
      // The prompt stays; "Retry now" is there.
    } finally {
      inFlight.current = false;
      setRetrying(false);
    }
  }, [awaiting]);
  useEffect(() => {
    if (!awaiting) return;
    // Coming back: this page opened after the sign-out stopped (the popup is a new page each time).
    if (awaiting.at < performance.timeOrigin) void retry();
    const onShow = () => {
      if (document.visibilityState === 'visible') void retry();
    };
    document.addEventListener('visibilitychange', onShow);
    window.addEventListener('focus', onShow);
    return () => {
      document.removeEventListener('visibilitychange', onShow);
      window.removeEventListener('focus', onShow);
    };
  }, [awaiting, retry]);
  return { retrying, retry, syncHost };
}

export default function SignOutNotice({ report, syncHost = null }: { report: SignOutReport | null; syncHost?: string | null }) {
  const resume = useResume(report, syncHost);
  if (!signOutToReport(report)) return null;
  if (report.status === 'awaiting-reverification') {
    return (
      <section className="card danger-zone" data-testid="signout-notice" role="alert">
        <h2>Sign-out waits for a re-verification</h2>
        <p>Started {localTime(report.at)}: the other devices were not signed out.</p>
        <ResultList title="Needs reverification" items={report.needsReverification} mark="!" />
        <ReverifyPrompt report={report} syncHost={syncHost} onRetry={() => void resume.retry()} retrying={resume.retrying} />
        <button type="button" onClick={() => void signOutReportItem(report.appId).removeValue()}>
          Cancel the sign-out
        </button>
      </section>
    );
  }
  if (report.status === 'done') {
    return (
      <section className="card note" data-testid="signout-notice" aria-live="polite">
        <h2>Sign-out resumed after re-verification</h2>
        <ResultList title="Ended" items={report.ended} mark="✓" />
        <ResultList title="Failed" items={report.failed} mark="✕" />
        <ResultList title="Needs reverification" items={report.needsReverification} mark="!" />
        <button type="button" onClick={() => void signOutReportItem(report.appId).removeValue()}>
          Dismiss
        </button>
      </section>
    );
  }
  if (report.status === 'running') {
    return (
      <section className="card note" data-testid="signout-notice" aria-live="polite">
        <p>A sign-out of all sessions is running (started {localTime(report.at)})…</p>
      </section>
    );
  }
  return (
    <section className="card danger-zone" data-testid="signout-notice" role="alert">
      <h2>Sign-out interrupted</h2>
      <p>
        The extension was stopped during the sign-out started at {localTime(report.at)}. Clerk was asked afterwards what really
        ended:
      </p>
      <ResultList title="Ended" items={report.ended} mark="✓" />
      <ResultList title="Not ended" items={report.failed} mark="✕" />
      {report.failed.length > 0 && <p>Sign out again to end {report.failed.length === 1 ? 'it' : 'them'}.</p>}
      <button type="button" onClick={() => void signOutReportItem(report.appId).removeValue()}>
        Dismiss
      </button>
    </section>
  );
}
