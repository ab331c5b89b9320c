/**
 * axe-core in real Chromium: WCAG 2.1 A and AA rules on the current state of a page. The source
 * is evaluated over the DevTools protocol (extension pages' CSP refuses an inline <script>).
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import type { CdpPage } from './real-popup';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

async function runAxe(tags: string[]): Promise<AxeViolation[]> {
  const w = window as unknown as { axe: typeof axe };
  const result = await w.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`.slice(0, 300)),
  }));
}

/** The violations of `page` as it is now (an empty list is the goal). */
export async function axeViolations(page: Page | CdpPage): Promise<AxeViolation[]> {
  if ('goto' in page) {
    await page.evaluate(axe.source);
    return page.evaluate(runAxe, WCAG_TAGS);
  }
  await page.evaluate(axe.source);
  return page.evaluate<AxeViolation[]>(runAxe as (arg: never) => unknown, WCAG_TAGS);
}
