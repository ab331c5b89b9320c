/**
 * The traffic finding as it travels from the DevTools panel to the service worker
 * (`trafficFinding`) and sits in `storage.session` for the popup, the side panel and the doctor.
 * Checked at the boundary: a finding is short text (names, reasons, times), never a value; one
 * that is malformed or too long is refused. Pure.
 */
import type { TrafficFinding } from './findings';

export interface StoredTrafficFinding extends TrafficFinding {
  /** Local ms when the worker stored it. */
  receivedAt: number;
}

const IDS = new Set(['loop', 'client-uat-zero', 'duplicate-session-cookies', 'clock-skew']);
const text = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;

export function isTrafficFinding(value: unknown): value is TrafficFinding {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return (
    IDS.has(f.id as string) &&
    (f.severity === 'fix' || f.severity === 'note') &&
    text(f.title, 200) &&
    text(f.detail, 2000) &&
    text(f.fix, 1000) &&
    text(f.host, 300) &&
    (f.reason === null || text(f.reason, 200)) &&
    typeof f.at === 'number' &&
    Number.isFinite(f.at)
  );
}

export function parseStoredFinding(value: unknown): StoredTrafficFinding | null {
  if (!isTrafficFinding(value)) return null;
  const receivedAt = (value as { receivedAt?: unknown }).receivedAt;
  return typeof receivedAt === 'number' && Number.isFinite(receivedAt) ? (value as StoredTrafficFinding) : null;
}
