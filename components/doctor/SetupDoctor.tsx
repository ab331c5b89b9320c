/**
 * The setup doctor's checklist (lib/doctor/checks.ts), for the options page (every check) and the
 * top of the popup and side panel (`compact`: only what needs the user). Status words, never
 * colour alone; commands in a block with a copy button. Takes plain data.
 */
import { useState } from 'react';
import { type CheckStatus, type DoctorCheck, failingChecks } from '../../lib/doctor/checks';

const WORDS: Record<CheckStatus, string> = {
  pass: 'OK',
  fail: 'Fix',
  warn: 'Note',
  info: 'Info',
  skip: 'Skipped',
  unknown: 'Unknown',
};

function CopyCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  return (
    <div className="doctor-command">
      <pre>
        <code>{command}</code>
      </pre>
      <button
        type="button"
        className="small"
        onClick={() =>
          navigator.clipboard.writeText(command).then(
            () => setCopied('yes'),
            () => setCopied('failed'),
          )
        }
      >
        {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed: select the text' : 'Copy'}
      </button>
    </div>
  );
}

export function SetupDoctor({
  checks,
  compact = false,
  title = 'Setup doctor',
}: {
  checks: DoctorCheck[];
  compact?: boolean;
  title?: string;
}) {
  const shown = compact ? failingChecks(checks) : checks;
  if (shown.length === 0) return null;
  return (
    <section className={`card doctor${compact ? ' doctor-compact' : ''}`} aria-label={title} data-testid="doctor">
      <h2>{title}</h2>
      <ul className="doctor-list">
        {shown.map((check) => (
          <li key={check.id} className={`doctor-check doctor-${check.status}`} data-check={check.id} data-status={check.status}>
            <span className={`tag doctor-tag doctor-tag-${check.status}`}>{WORDS[check.status]}</span>
            <div className="doctor-body">
              <strong>{check.title}</strong>
              {check.code && <code className="doctor-code">{check.code}</code>}
              <p className="doctor-detail">{check.detail}</p>
              {check.fix && <p className="doctor-fix">{check.fix}</p>}
              {check.command && <CopyCommand command={check.command} />}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
