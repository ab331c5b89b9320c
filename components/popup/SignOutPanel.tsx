/**
 * The trigger of "Sign out of all sessions…" on the glance. What follows a click (confirmation,
 * request, result) is SignOutFlow.tsx, a lazy chunk fetched right after the first paint.
 * `compact` (the popup's glance) shows the trigger alone, without a card heading.
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { AppConfig } from '../../lib/apps';
import { liveSessions } from '../../lib/popup-view';
import type { SessionSnapshot } from '../../lib/snapshot';

const loadFlow = () => import('./SignOutFlow');
const SignOutFlow = lazy(loadFlow);

export function SignOutPanel({
  snapshot,
  app,
  compact = false,
}: {
  snapshot: SessionSnapshot;
  app: AppConfig;
  compact?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [allDevices, setAllDevices] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const live = liveSessions(snapshot);

  // Fetched once the glance is shown, so that the dialog is there when the user clicks.
  useEffect(() => {
    const prefetch = setTimeout(() => void loadFlow().catch(() => undefined), 0);
    return () => clearTimeout(prefetch);
  }, []);

  // Back to the trigger once the dialog is gone: while a modal dialog is open, the rest of the
  // page is inert and cannot take the focus.
  useEffect(() => {
    if (open || !returnFocus.current) return;
    returnFocus.current = false;
    triggerRef.current?.focus();
  }, [open]);

  if (live.length === 0 && !open) return null;

  const close = () => {
    returnFocus.current = true;
    setOpen(false);
  };

  return (
    <section
      className={compact ? 'danger-zone signout-bar' : 'card danger-zone'}
      aria-labelledby={compact ? undefined : 'signout-heading'}
      aria-label={compact ? 'Sign out' : undefined}
    >
      {!compact && <h2 id="signout-heading">Sign out of all sessions</h2>}
      {live.length > 0 && (
        <button
          ref={triggerRef}
          type="button"
          className="danger"
          aria-haspopup="dialog"
          onClick={() => setOpen(true)}
          data-testid="signout-trigger"
        >
          Sign out of all sessions…
        </button>
      )}
      {open && (
        <Suspense fallback={null}>
          <SignOutFlow app={app} live={live} allDevices={allDevices} onAllDevices={setAllDevices} onClose={close} />
        </Suspense>
      )}
    </section>
  );
}
