/**
 * The setup doctor's shapes: one check (status, the words, the fix, a command to copy) and what the
 * doctor reads (the app, host permissions, the latest snapshot, this build's extension id).
 */
import type { AppConfig } from '../apps';
import type { SessionSnapshot } from '../snapshot';
import type { DiagnosticCheckId, DiagnosticsInput } from './diagnostic-checks';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'info' | 'skip' | 'unknown';

export interface DoctorCheck {
  id:
    | 'key'
    | 'permission'
    | 'reachable'
    | 'environment'
    | 'native-api'
    | 'identity-cookie'
    | 'client-read'
    | 'token-mint'
    | 'clock'
    | 'reads-activity'
    | 'remint-on-read'
    | 'side-effects'
    | 'traffic'
    | DiagnosticCheckId;
  title: string;
  status: CheckStatus;
  detail: string;
  /** What to do, in words. */
  fix?: string;
  /** A command or path to copy (never containing a secret). */
  command?: string;
  /** Clerk's error code behind a failure. */
  code?: string;
}

export interface DoctorInput {
  app: AppConfig;
  /** Host permissions: granted, missing, or not known yet. */
  permission: 'granted' | 'missing' | 'unknown';
  snapshot: SessionSnapshot | null;
  /** `chrome.runtime.id` of this build. */
  extensionId: string;
  /** Token verdict, claims budget, cookie findings (diagnostic-checks.ts); by default from the snapshot. */
  diagnostics?: DiagnosticsInput | null;
}
