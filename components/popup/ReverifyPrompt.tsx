/**
 * What the user does when Clerk refused to revoke other devices until a recent verification
 * (403 `session_reverification_required`; Clerk's reverification docs: revoking a session needs
 * the strongest factor verified within 10 minutes): re-verify in the app, then come back. Shown
 * in the sign-out dialog and, once the popup is opened again, by SignOutNotice, which retries.
 */
import type { SignOutReport } from '../../lib/protocol';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function ReverifyPrompt({
  report,
  syncHost,
  onRetry,
  retrying = false,
}: {
  report: SignOutReport;
  syncHost: string | null;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  const count = report.needsReverification.length;
  return (
    <div className="note" data-testid="signout-reverify">
      <p>
        Clerk revokes another device only after a recent verification (the strongest factor within the last 10 minutes), so{' '}
        {plural(count, 'other session')} {count === 1 ? 'is' : 'are'} still active, and this browser was not signed out yet.
      </p>
      <ol className="small">
        <li>
          Open{' '}
          {syncHost ? (
            <a href={syncHost} target="_blank" rel="noreferrer" data-testid="signout-reverify-link">
              {syncHost}
            </a>
          ) : (
            'your app'
          )}{' '}
          and verify again there (for example, enter the password again).
        </li>
        <li>Come back here: the sign-out resumes by itself.</li>
      </ol>
      {onRetry && (
        <button type="button" onClick={onRetry} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry now'}
        </button>
      )}
    </div>
  );
}
