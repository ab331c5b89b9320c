/** Display helpers for the popup's views: server ms to a local date string. No derived math here. */

/** A server timestamp shown in this browser's clock ("12 Mar, 14:05:09"). */
export function localDateTime(serverMs: number, clockOffsetMs: number): string {
  return new Date(serverMs - clockOffsetMs).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function localTime(localMs: number): string {
  return new Date(localMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** 0..1 of a window still left, for progress bars; null when the window length is unknown. */
export function fractionLeft(leftMs: number | null, totalMs: number | null): number | null {
  if (leftMs === null || totalMs === null || totalMs <= 0) return null;
  return Math.min(1, Math.max(0, leftMs / totalMs));
}
