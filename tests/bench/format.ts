/**
 * Number and table formatting shared by the console report and the README tables. JSON turns
 * NaN into null, so every formatter takes both and prints "–" for a missing figure.
 */
import type { BenchResults } from './results';

type Num = number | null | undefined;

const missing = (n: Num): n is null | undefined => n === null || n === undefined || !Number.isFinite(n);

/** Rounded to `digits`, without trailing zeros: 4, 3.2, 0.67. */
export const num = (n: Num, digits = 0): string => (missing(n) ? '–' : String(Number(n.toFixed(digits))));
export const ms = (n: Num): string => (missing(n) ? '–' : `${n.toFixed(0)} ms`);
export const kb = (bytes: Num): string => (missing(bytes) ? '–' : `${(bytes / 1024).toFixed(1)} KB`);
export const times = (n: Num): string => (missing(n) ? '–' : `${n.toFixed(2)}×`);
export const pct = (n: Num, digits = 0): string => (missing(n) ? '–' : `${n.toFixed(digits)} %`);

/** Plain-text table for the console: columns padded to their widest cell. */
export function textTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A Markdown table, padded like the repository's formatter writes them. */
export function mdTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** "2026-12-02 14:50 UTC". */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function machineLine(r: BenchResults): string {
  const m = r.machine;
  return `${m.cpuModel}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.chromium}, Node ${m.node}, ${m.platform}`;
}

export const worldLabel = (w: { mode: string; signedIn: boolean; appTab: boolean }): string =>
  `${w.mode}, ${w.signedIn ? 'signed in' : 'signed out'}, app tab ${w.appTab ? 'open' : 'closed'}`;
