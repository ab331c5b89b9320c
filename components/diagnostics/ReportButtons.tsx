/**
 * Copy report / Download JSON: the redacted report (lib/diagnostics/report.ts) for a bug report or
 * a support ticket. Nothing secret or personal is in it; the buttons only serialise what buildReport
 * returns, and say word for word what it holds (REPORT_CONTENTS).
 */
import { useState } from 'react';
import { browser } from 'wxt/browser';
import { buildReport, CLERK_SDK_VERSION, REPORT_CONTENTS } from '../../lib/diagnostics/report';
import { diagnosticChecks, diagnosticsOf } from '../../lib/doctor/diagnostic-checks';
import type { RefreshAttempt, SessionSnapshot } from '../../lib/snapshot';

export function ReportButtons({ snapshot, history, now }: { snapshot: SessionSnapshot; history: RefreshAttempt[]; now: number }) {
  const [status, setStatus] = useState<string | null>(null);
  const json = () =>
    JSON.stringify(
      buildReport({
        snapshot,
        history,
        checks: diagnosticChecks(diagnosticsOf(snapshot)),
        extensionVersion: browser.runtime.getManifest().version,
        sdkVersion: CLERK_SDK_VERSION,
        now,
      }),
      null,
      2,
    );
  const copy = () =>
    navigator.clipboard.writeText(json()).then(
      () => setStatus('Report copied.'),
      () => setStatus('Copy failed: use Download JSON.'),
    );
  const download = () => {
    const url = URL.createObjectURL(new Blob([json()], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `clerk-session-report-${new Date(now).toISOString().replace(/[:.]/g, '-')}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setStatus('Report downloaded.');
  };
  return (
    <div className="report-buttons">
      <button type="button" className="small" onClick={() => void copy()}>
        Copy report
      </button>{' '}
      <button type="button" className="small" onClick={download}>
        Download JSON
      </button>
      <p className="small muted" data-testid="report-contents">
        {REPORT_CONTENTS}
      </p>
      {status && (
        <p className="small" role="status">
          {status}
        </p>
      )}
    </div>
  );
}
