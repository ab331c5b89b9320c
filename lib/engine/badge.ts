/**
 * What the toolbar badge says for the selected app: the most urgent countdown, compact, with a
 * colour by status. Pure; the text always carries the meaning (colour is never the only signal).
 */
import type { AppConfig } from '../apps';
import { formatBadge } from '../format';
import { type HealthStatus, healthStatus, mostUrgentLeftMs, sessionNumbers } from '../session-math';
import type { SessionSnapshot } from '../snapshot';
import type { BadgeState } from './ports';

export const BADGE_COLORS: Record<HealthStatus, string> = {
  healthy: '#1a7f37',
  warning: '#9a6700',
  expiring: '#cf222e',
  expired: '#6e7781',
  'signed-out': '#6e7781',
  error: '#8250df',
};

const STATUS_WORDS: Record<HealthStatus, string> = {
  healthy: 'active',
  warning: 'ending soon',
  expiring: 'about to end',
  expired: 'expired',
  'signed-out': 'signed out',
  error: 'cannot reach Clerk (showing last known state)',
};

export function badgeFor(app: AppConfig | null, snapshot: SessionSnapshot | null, now: number): BadgeState {
  if (!app) return { text: '', color: BADGE_COLORS['signed-out'], title: 'Clerk Session Inspector: no app configured' };
  if (!snapshot) return { text: '…', color: BADGE_COLORS['signed-out'], title: `${app.label}: syncing…` };
  const status = healthStatus(snapshot, app.thresholds, now);
  const left = mostUrgentLeftMs(sessionNumbers(snapshot, now));
  const text =
    status === 'signed-out'
      ? ''
      : status === 'expired'
        ? 'exp'
        : status === 'error'
          ? '!'
          : left === null
            ? 'on'
            : formatBadge(left);
  const suffix = left !== null && status !== 'expired' && status !== 'signed-out' ? `, ${formatBadge(left)} left` : '';
  return { text, color: BADGE_COLORS[status], title: `${app.label}: session ${STATUS_WORDS[status]}${suffix}` };
}
