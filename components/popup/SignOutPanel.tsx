import { useEffect, useRef, useState } from 'react';
import type { AppConfig } from '../../lib/apps';
import { sendMessage } from '../../lib/messaging';
import { liveSessions } from '../../lib/popup-view';
import type { SignOutItem, SignOutReport } from '../../lib/protocol';
import type { SessionSnapshot } from '../../lib/snapshot';

type Step =
  | { kind: 'idle' }
  | { kind: 'confirm' }
  | { kind: 'running' }
  | { kind: 'done'; report: SignOutReport }
  | { kind: 'failed'; message: string };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Sign out of all sessions: confirm what will end, then show what did (and what did not). */
export function SignOutPanel({ snapshot, app }: { snapshot: SessionSnapshot; app: AppConfig }) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [allDevices, setAllDevices] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const live = liveSessions(snapshot);

  useEffect(() => {
    if (step.kind === 'confirm' || step.kind === 'done' || step.kind === 'failed') headingRef.current?.focus();
  }, [step.kind]);

  if (live.length === 0 && step.kind === 'idle') return null;

  const run = async () => {
    setStep({ kind: 'running' });
    try {
      const report = await sendMessage('signOutAll', { appId: app.id, scope: allDevices ? 'all-devices' : 'this-browser' });
      setStep({ kind: 'done', report });
    } catch (error) {
      setStep({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <section className="card danger-zone" aria-labelledby="signout-heading">
      <h2 id="signout-heading" ref={headingRef} tabIndex={-1}>
        {step.kind === 'done' ? 'Sign-out result' : 'Sign out of all sessions'}
      </h2>
      {step.kind === 'idle' && (
        <button type="button" className="danger" onClick={() => setStep({ kind: 'confirm' })}>
          Sign out of all sessions…
        </button>
      )}
      {(step.kind === 'confirm' || step.kind === 'running') && (
        <div data-testid="signout-confirm">
          <p>
            This ends <strong>{plural(live.length, 'session')} in this browser</strong>:
          </p>
          <ul className="small">
            {live.map((s) => (
              <li key={s.id}>
                {s.user.name ?? s.user.email ?? s.user.id} <code className="muted">{s.id}</code> ({s.status})
              </li>
            ))}
          </ul>
          <label className="checkbox">
            <input type="checkbox" checked={allDevices} onChange={(event) => setAllDevices(event.target.checked)} />
            Also sign out the user’s other devices (revokes their other active sessions)
          </label>
          <p className="small muted">Your app will ask the user to sign in again. This cannot be undone.</p>
          <div className="button-row">
            <button type="button" className="danger" onClick={() => void run()} disabled={step.kind === 'running'}>
              {step.kind === 'running'
                ? 'Signing out…'
                : `Sign out ${plural(live.length, 'session')}${allDevices ? ' and other devices' : ''}`}
            </button>
            <button type="button" onClick={() => setStep({ kind: 'idle' })} disabled={step.kind === 'running'}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {step.kind === 'failed' && (
        <div role="alert">
          <p>Sign-out did not run: {step.message}</p>
          <button type="button" onClick={() => setStep({ kind: 'confirm' })}>
            Try again
          </button>
        </div>
      )}
      {step.kind === 'done' && (
        <SignOutResult report={step.report} syncHost={app.syncHost} onClose={() => setStep({ kind: 'idle' })} />
      )}
    </section>
  );
}

const WHERE = { 'this-browser': 'this browser', 'other-device': 'other device' } as const;

function ResultList({ title, items, mark }: { title: string; items: Array<SignOutItem & { reason?: string }>; mark: string }) {
  if (items.length === 0) return null;
  return (
    <>
      <p>
        <span aria-hidden="true">{mark} </span>
        {title}: <strong data-testid={`signout-${title.toLowerCase().replace(/\W+/g, '-')}`}>{items.length}</strong>
      </p>
      <ul className="small" aria-label={title}>
        {items.map((item) => (
          <li key={item.sessionId}>
            {item.userLabel} ({WHERE[item.where]}) <code className="muted">{item.sessionId}</code>
            {item.reason ? `: ${item.reason}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

function SignOutResult({ report, syncHost, onClose }: { report: SignOutReport; syncHost: string | null; onClose: () => void }) {
  const reverify = report.needsReverification.length;
  return (
    <div data-testid="signout-result">
      {report.ended.length === 0 && <p>No session was ended.</p>}
      <ResultList title="Ended" items={report.ended} mark="✓" />
      <ResultList title="Failed" items={report.failed} mark="✕" />
      <ResultList title="Needs reverification" items={report.needsReverification} mark="!" />
      {reverify > 0 && (
        <p className="note">
          Clerk refused to revoke {plural(reverify, 'session')} until the user re-verifies: open {syncHost ?? 'your app'}, verify
          again, then retry.
        </p>
      )}
      <button type="button" onClick={onClose}>
        Done
      </button>
    </div>
  );
}
