import { fractionLeft } from './format-time';

/** A thin bar of the window still left. The number beside it carries the meaning; the bar is decoration. */
export function ProgressBar({ leftMs, totalMs, tone }: { leftMs: number | null; totalMs: number | null; tone?: string }) {
  const fraction = fractionLeft(leftMs, totalMs);
  if (fraction === null) return null;
  return (
    <div className="bar" aria-hidden="true" data-tone={tone}>
      <span style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
    </div>
  );
}
