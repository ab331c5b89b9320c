/** Display helpers for the popup's views: server ms to a local date string. No derived math here. */
import { NO_VALUE } from '../../lib/format';

/** A server timestamp shown in this browser's clock ("12 Mar, 14:05:09"); an em dash, never "Invalid Date". */
export function localDateTime(serverMs: number, clockOffsetMs: number): string {
  const date = new Date(serverMs - clockOffsetMs);
  if (Number.isNaN(date.getTime())) return NO_VALUE;
  return date.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function localTime(localMs: number): string {
  const date = new Date(localMs);
  if (Number.isNaN(date.getTime())) return NO_VALUE;
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** 0..1 of a window still left, for progress bars; null when the window length is unknown. */
export function fractionLeft(leftMs: number | null, totalMs: number | null): number | null {
  if (leftMs === null || totalMs === null || !(totalMs > 0) || !Number.isFinite(leftMs)) return null;
  return Math.min(1, Math.max(0, leftMs / totalMs));
}
