/**
 * "Clerk detected on …" and "Inspect this app" in the popup and the side panel, plus the explicit
 * "Check this tab". Loaded lazily (React.lazy in Popup.tsx): detection is not part of the popup's
 * first paint. Views take their data from lib/detect/detect-store.
 *
 * Unasked (the popup opening) it says something only for a Clerk app that is not configured yet;
 * a plain page, a restricted page or a failed check stays silent until the user asks.
 */
import { useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import {
  type Adoption,
  inspectDetected,
  recheckOnActivated,
  recheckOnUpdated,
  runDetection,
  switchToDetectedApp,
  useDetectStore,
} from '../../lib/detect/detect-store';
import { type Verdict, worthShowingUnasked } from '../../lib/detect/verdict';

export type Layout = 'popup' | 'panel';

let started = false;

/** One unasked check per page; the side panel re-checks when the user switches tabs. */
function useAutoDetection(layout: Layout) {
  useEffect(() => {
    if (!started) {
      started = true;
      void runDetection({ explicit: false });
    }
    if (layout !== 'panel') return;
    // Only this panel's window and the tab it shows (issue 19, item 7): another window's tab
    // finishing its load must not replace the verdict under the user's pointer.
    const recheck = (info: { tabId: number; windowId: number }) => {
      if (recheckOnActivated(info, useDetectStore.getState().tab)) void runDetection({ explicit: false });
    };
    const onUpdated = (id: number, change: { status?: string }, tab: { windowId?: number; active?: boolean }) => {
      if (recheckOnUpdated(id, change, tab, useDetectStore.getState().tab)) void runDetection({ explicit: false });
    };
    browser.tabs.onActivated.addListener(recheck);
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => {
      browser.tabs.onActivated.removeListener(recheck);
      browser.tabs.onUpdated.removeListener(onUpdated);
    };
  }, [layout]);
}

function AdoptionMessage({ adoption, origins }: { adoption: Adoption; origins: string[] }) {
  const hosts = origins.map((o) => o.replace(/\/\*$/, '')).join(' and ');
  switch (adoption.kind) {
    case 'asking':
      return (
        <p className="small" role="status">
          Chrome asks you for access to {hosts}…
        </p>
      );
    case 'refused':
      return (
        <p className="inline-error" role="alert">
          Permission refused: nothing was saved. The extension needs access to {hosts} to read this app’s session.
        </p>
      );
    case 'failed':
      return (
        <p className="inline-error" role="alert">
          Could not add the app: {adoption.message}
        </p>
      );
    case 'added':
      return (
        <p className="small" role="status" data-testid="detect-added">
          <span aria-hidden="true">✓ </span>Added “{adoption.app.label}”: its session shows below after the first sync.
        </p>
      );
    default:
      return null;
  }
}

function Detected({ verdict, adoption }: { verdict: Extract<Verdict, { kind: 'detected' }>; adoption: Adoption }) {
  // A host not under the tab's site: the first click shows the warning, the second one adopts.
  const [confirming, setConfirming] = useState(false);
  if (adoption.kind === 'added') {
    // Done: one line, the popup below now shows the app itself.
    return (
      <section className="card detect" aria-label="Clerk app in this tab" data-testid="detect-card">
        <AdoptionMessage adoption={adoption} origins={verdict.origins} />
      </section>
    );
  }
  const busy = adoption.kind === 'asking';
  return (
    <section className="card detect" aria-labelledby="detect-heading" data-testid="detect-card">
      <h2 id="detect-heading" className="visually-hidden">
        Clerk app in this tab
      </h2>
      <p className="detect-summary" data-testid="detect-summary">
        {verdict.summary}
      </p>
      {verdict.pageFrontendApi && (
        <p className="small">
          The page’s Frontend API: <code>{verdict.pageFrontendApi}</code> ({verdict.route})
        </p>
      )}
      {verdict.notes.map((note) => (
        <p key={note.text} className={note.tone === 'warn' ? 'note note-warn' : 'note'}>
          {note.tone === 'warn' && <span aria-hidden="true">! </span>}
          {note.text}
        </p>
      ))}
      {verdict.hostWarning && confirming ? (
        <div className="note note-warn" role="alert" data-testid="detect-host-warning">
          <p>
            <span aria-hidden="true">! </span>
            {verdict.hostWarning}
          </p>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void inspectDetected({ confirmedHost: verdict.fapiHost, shown: verdict })}
          >
            Trust {verdict.fapiHost} and inspect
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => (verdict.hostWarning ? setConfirming(true) : void inspectDetected({ shown: verdict }))}
        >
          Inspect this app
        </button>
      )}
      <AdoptionMessage adoption={adoption} origins={verdict.origins} />
    </section>
  );
}

function sentence(verdict: Verdict): string {
  switch (verdict.kind) {
    case 'configured':
      return verdict.sameOrigin
        ? `This tab runs “${verdict.app.label}”, which is configured: it is shown here.`
        : `This page uses the key of “${verdict.app.label}”, which is configured for ${verdict.app.syncHost ?? 'no sync host'}, not for ${verdict.origin}. It was not switched to.`;
    case 'not-clerk':
    case 'no-tab':
    case 'restricted':
    case 'unreachable':
    case 'key-unreadable':
    case 'bad-key':
    case 'refused-host':
      return verdict.message;
    default:
      return '';
  }
}

/** The detection result; renders nothing when there is nothing worth saying. */
export function DetectCard({ layout }: { layout: Layout }) {
  useAutoDetection(layout);
  const { verdict, explicit, adoption } = useDetectStore();
  const ref = useRef<HTMLDivElement>(null);
  // "Check this tab" sits at the bottom of a long popup; its answer appears up here.
  useEffect(() => {
    if (explicit && verdict) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [explicit, verdict]);
  return (
    <div ref={ref} className="detect-slot">
      {verdict && <VerdictView verdict={verdict} explicit={explicit} adoption={adoption} />}
    </div>
  );
}

function VerdictView({ verdict, explicit, adoption }: { verdict: Verdict; explicit: boolean; adoption: Adoption }) {
  if (verdict.kind === 'detected') return <Detected verdict={verdict} adoption={adoption} />;
  if (!explicit && !worthShowingUnasked(verdict)) return null;
  const problem = verdict.kind === 'key-unreadable' || verdict.kind === 'bad-key';
  const refused = verdict.kind === 'refused-host';
  return (
    <section className="card detect" aria-label="Tab check" data-testid="detect-card">
      {refused && (
        <strong className="inline-error">Not inspected: this page names a Frontend API host the extension refuses.</strong>
      )}
      <p data-testid="detect-result" role={refused ? 'alert' : 'status'} data-verdict={verdict.kind}>
        {sentence(verdict)}
      </p>
      {verdict.kind === 'configured' && !verdict.sameOrigin && (
        <button type="button" onClick={() => void switchToDetectedApp()}>
          Show “{verdict.app.label}”
        </button>
      )}
      {problem && (
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Open options
        </button>
      )}
    </section>
  );
}

/** "Check this tab": an explicit check, which reports every verdict. */
export function CheckTabButton() {
  const running = useDetectStore((s) => s.running);
  return (
    <button type="button" className="link-button" disabled={running} onClick={() => void runDetection({ explicit: true })}>
      {running ? 'Checking…' : 'Check this tab for Clerk'}
    </button>
  );
}

/** For tests: forget that the unasked check ran. */
export function resetAutoDetection(): void {
  started = false;
}
