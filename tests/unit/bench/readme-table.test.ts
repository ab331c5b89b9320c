/**
 * The README's performance tables cannot drift from the committed figures: the marked sections
 * of README.md and tests/bench/README.md must equal the render of bench-results/latest.json
 * (re-render with `npm run bench:readme`). Also the marker handling itself.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { END, markedSection, renderDetails, renderSummary, replaceMarked, START } from '../../bench/readme-table';
import type { BenchResults } from '../../bench/results';

const ROOT = resolve(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');
const results = JSON.parse(read('bench-results/latest.json')) as BenchResults;

describe('README performance tables', () => {
  it('README.md shows exactly the render of bench-results/latest.json, under its one "## Performance"', () => {
    const readme = read('README.md');
    expect(readme.match(/^## Performance$/gm)).toHaveLength(1);
    expect(readme.indexOf(START)).toBeGreaterThan(readme.indexOf('## Performance'));
    expect(markedSection(readme)).toBe(renderSummary(results));
  });

  it('tests/bench/README.md shows exactly the detailed render', () => {
    expect(markedSection(read('tests/bench/README.md'))).toBe(renderDetails(results));
  });

  it('the summary names the date, the machine and the keep-alive request rate of the JSON', () => {
    const summary = renderSummary(results);
    expect(summary).toContain(results.at.slice(0, 10));
    expect(summary).toContain(results.machine.cpuModel);
    expect(summary).toContain(results.machine.chromium);
    const keepAlive = results.network.worlds.find((w) => w.mode === 'keep-alive' && w.signedIn && !w.appTab);
    expect(summary).toContain(String(keepAlive?.extension.perMinute.total));
  });
});

describe('the observe and signed-out request target', () => {
  const row = (r: BenchResults) =>
    renderSummary(r)
      .split('\n')
      .find((line) => line.includes('observe or signed out')) ?? '';
  const withObserveTabOpen = (client: number, appMints: number): BenchResults => {
    const copy = structuredClone(results);
    const world = copy.network.worlds.find((w) => w.mode === 'observe' && w.signedIn && w.appTab);
    if (!world?.appTabTraffic) throw new Error('the observe world with the app tab open');
    world.extension.byCategory.client = client;
    world.appTabTraffic.byCategory.token = appMints;
    return copy;
  };

  it('allows one read per sync alarm and one per mint of the app’s own tab, and no more', () => {
    const alarms = results.network.worlds.find((w) => w.mode === 'observe' && w.appTab)?.syncAlarms ?? 0;
    expect(row(withObserveTabOpen(alarms + 7, 7))).toContain('(met)');
    expect(row(withObserveTabOpen(alarms + 9, 7))).toContain('(**missed**)');
  });
});

describe('replaceMarked / markedSection', () => {
  it('replaces only what is between the markers and reads it back', () => {
    const text = `# t\n\n${START}\nold\n${END}\n\nafter\n`;
    const next = replaceMarked(text, 'new | table');
    expect(next).toBe(`# t\n\n${START}\nnew | table\n${END}\n\nafter\n`);
    expect(markedSection(next)).toBe('new | table');
    expect(replaceMarked(next, 'new | table')).toBe(next);
  });

  it('refuses a text without markers', () => {
    expect(() => replaceMarked('no markers here', 'x')).toThrow(/markers/);
    expect(markedSection('no markers here')).toBeNull();
  });
});
