/**
 * Sign out of all sessions, once the user asked for it: the confirmation of what will end, the
 * request, and what did (and did not) end, in a modal dialog. A lazy chunk: nothing of it is
 * needed before the trigger (SignOutPanel.tsx) is clicked, and it is fetched right after the
 * first paint, so the dialog is there by the time the user clicks. `ResultList` also shows an
 * interrupted sign-out (SignOutNotice.tsx, lazy too).
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { AppConfig } from '../../lib/apps';
import { sendMessage } from '../../lib/messaging';
import type { SignOutItem, SignOutReport } from '../../lib/protocol';
import type { SessionRecord } from '../../lib/snapshot';
import { ReverifyPrompt } from './ReverifyPrompt';

type Step =
  | { kind: 'confirm' }
  | { kind: 'running' }
  | { kind: 'done'; report: SignOutReport }
  | { kind: 'failed'; message: string };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default function SignOutFlow({
  app,
  live,
  allDevices,
  onAllDevices,
  onClose,
}: {
  app: AppConfig;
  /** The sessions a sign-out of this browser would end, as the trigger counted them. */
  live: SessionRecord[];
  /** Kept by the panel, so that it survives closing and reopening the dialog. */
  allDevices: boolean;
  onAllDevices: (checked: boolean) => void;
  onClose: () => void;
}) {
  const [step, setStep] = useState<Step>({ kind: 'confirm' });

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
    <SignOutDialog
      onClose={onClose}
      step={step.kind}
      closable={step.kind !== 'running'}
      title={step.kind === 'done' ? 'Sign-out result' : 'Sign out of all sessions'}
    >
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
            <input type="checkbox" checked={allDevices} onChange={(event) => onAllDevices(event.target.checked)} />
            Also sign out the user’s other devices (revokes their other active sessions)
          </label>
          <p className="small muted">Your app will ask the user to sign in again. This cannot be undone.</p>
          <div className="button-row">
            <button type="button" className="danger" onClick={() => void run()} disabled={step.kind === 'running'}>
              {step.kind === 'running'
                ? 'Signing out…'
                : `Sign out ${plural(live.length, 'session')}${allDevices ? ' and other devices' : ''}`}
            </button>
            <button type="button" onClick={onClose} disabled={step.kind === 'running'}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {step.kind === 'failed' && (
        <div role="alert">
          <p>Sign-out did not run: {step.message}</p>
          <div className="button-row">
            <button type="button" onClick={() => setStep({ kind: 'confirm' })}>
              Try again
            </button>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      )}
      {step.kind === 'done' && <SignOutResult report={step.report} syncHost={app.syncHost} onClose={onClose} />}
    </SignOutDialog>
  );
}

/**
 * A modal <dialog>: Chrome puts it in the top layer (fully visible, the page behind inert).
 * Escape closes it through `onClose` (the native cancel is turned into our close, so React state
 * stays the one truth). The jsdom of the unit tests has no showModal: the element is then only
 * `open`, and the keydown handler provides Escape.
 */
function SignOutDialog({
  title,
  step,
  closable,
  onClose,
  children,
}: {
  title: string;
  step: Step['kind'];
  closable: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || dialog.open) return;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
  }, []);
  // Each new step (confirm, failed, result) starts at its heading; "running" keeps the focus.
  useEffect(() => {
    if (step !== 'running') headingRef.current?.focus();
  }, [step]);
  const closeByEscape = () => {
    if (closable) onClose();
  };
  return (
    <dialog
      ref={dialogRef}
      className="signout-dialog"
      aria-labelledby="signout-dialog-heading"
      data-testid="signout-dialog"
      onCancel={(event) => {
        event.preventDefault();
        closeByEscape();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          closeByEscape();
        }
      }}
    >
      <h2 id="signout-dialog-heading" className="dialog-heading" ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </dialog>
  );
}

const WHERE = { 'this-browser': 'this browser', 'other-device': 'other device' } as const;

export function ResultList({
  title,
  items,
  mark,
}: {
  title: string;
  items: Array<SignOutItem & { reason?: string }>;
  mark: string;
}) {
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
      {reverify > 0 && report.status === 'awaiting-reverification' && <ReverifyPrompt report={report} syncHost={syncHost} />}
      {reverify > 0 && report.status !== 'awaiting-reverification' && (
        <p className="note">
          Clerk refused to revoke {plural(reverify, 'session')} until the user re-verifies: open {syncHost ?? 'your app'}, verify
          again, then sign out again.
        </p>
      )}
      <button type="button" onClick={onClose}>
        Done
      </button>
    </div>
  );
}
