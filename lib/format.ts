/**
 * Human formatting of durations and times, shared by the popup and the badge. Pure.
 * Never prints NaN or Infinity: a value that is not a finite, humanly sized duration (a corrupt
 * snapshot, an implausible timestamp that slipped through) reads as an em dash.
 */

/** Shown instead of a number that cannot be right. */
export const NO_VALUE = '—';
/** Longer than any real countdown (10-year lifetimes, a clock decades off), short of 1e300. */
const MAX_SHOWN_MS = 1000 * 365.25 * 86_400_000;

function showable(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_SHOWN_MS;
}

const UNITS: Array<[number, string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1000, 's'],
];

/** "2d 3h", "14m 05s", "45s": the two largest units, for countdowns that tick every second. */
export function formatDuration(ms: number): string {
  if (!showable(ms)) return NO_VALUE;
  const negative = ms < 0;
  let rest = Math.floor(Math.abs(ms) / 1000) * 1000;
  const parts: string[] = [];
  for (const [size, unit] of UNITS) {
    if (parts.length === 0 && rest < size && unit !== 's') continue;
    const value = Math.floor(rest / size);
    rest -= value * size;
    parts.push(parts.length === 0 ? `${value}${unit}` : `${String(value).padStart(2, '0')}${unit}`);
    if (parts.length === 2) break;
  }
  // Less than a second past zero reads "0s", not "-0s".
  return `${negative && Math.abs(ms) >= 1000 ? '-' : ''}${parts.join(' ')}`;
}

/** At most four characters for the toolbar badge: "45s", "12m", "3h", "5d". */
export function formatBadge(ms: number): string {
  if (!showable(ms)) return NO_VALUE;
  if (ms <= 0) return '0s';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.min(999, Math.floor(seconds / 86_400))}d`;
}

/** "in 14m 05s" / "3m 10s ago". */
export function formatRelative(ms: number): string {
  if (!showable(ms)) return NO_VALUE;
  return ms >= 0 ? `in ${formatDuration(ms)}` : `${formatDuration(-ms)} ago`;
}

/**
 * For a moment known to be past ("3m 10s ago"). An event stamped after the popup's last tick
 * (the clock ticks once a second) would otherwise read "in 0s".
 */
export function formatAgo(ms: number): string {
  if (!showable(ms)) return NO_VALUE;
  return `${formatDuration(Math.max(0, ms))} ago`;
}

export function formatSecondsSetting(seconds: number): string {
  if (!showable(seconds * 1000)) return NO_VALUE;
  return formatDuration(seconds * 1000).replace(/ 00[a-z]$/, '');
}

/**
 * The server clock offset (server minus local) in words, rounded to the nearest second:
 * 119.9 s is "ahead by 2m 00s", not "1m 59s". null when it rounds to less than a second.
 */
export function formatClockOffset(offsetMs: number): string | null {
  if (!showable(offsetMs)) return null;
  const rounded = Math.round(Math.abs(offsetMs) / 1000) * 1000;
  if (rounded < 1000) return null;
  return `${offsetMs > 0 ? 'ahead' : 'behind'} by ${formatDuration(rounded)}`;
}
