/**
 * The DevTools Clerk panel's newest finding as a doctor check (`traffic`), for the app whose sync
 * host it was seen on (or an app with no sync host): the popup, the side panel and the options
 * page list it with the other checks. Pure.
 */
import type { AppConfig } from '../apps';
import type { StoredTrafficFinding } from '../traffic/finding-message';
import type { DoctorCheck } from './types';

function hostOf(origin: string | null): string | null {
  if (!origin) return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

export function trafficCheck(finding: StoredTrafficFinding | null, app: Pick<AppConfig, 'syncHost'>): DoctorCheck | null {
  if (!finding) return null;
  const host = hostOf(app.syncHost);
  if (host !== null && host !== finding.host) return null;
  const at = new Date(finding.at).toLocaleTimeString();
  return {
    id: 'traffic',
    title: `Traffic (DevTools Clerk panel): ${finding.title}`,
    status: finding.severity === 'fix' ? 'fail' : 'warn',
    detail: `${finding.detail} Seen on ${finding.host} at ${at}.`,
    fix: finding.fix,
    ...(finding.reason ? { code: finding.reason } : {}),
  };
}
