/**
 * The Clerk panel's view, in plain DOM (no React: the panel's bundle has its own small budget,
 * tests/e2e/budgets.e2e.ts). It keeps the inspected tab's Clerk entries in memory only, renders
 * the skew meter, the findings and the timeline, and offers Import HAR and the redacted exports.
 * Token claims are hidden until asked for. `onFinding` tells the service worker the newest
 * finding (names and reasons only). Everything it shows comes from lib/traffic.
 */
import { classifyEntries, classifyEntry, type TrafficRow } from '../../lib/traffic/classify';
import { exportHar, exportJson } from '../../lib/traffic/export';
import { findTrafficFindings, type TrafficFinding } from '../../lib/traffic/findings';
import type { HarEntry } from '../../lib/traffic/har';
import { describeSkew, measureSkew } from '../../lib/traffic/skew';

/** Enough for a long debugging session; older entries fall off (memory only). */
const MAX_ENTRIES = 2000;

export interface PanelOptions {
  version: string;
  onFinding(finding: TrafficFinding | null): void;
  now?: () => number;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function download(name: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const time = (ms: number) => new Date(ms).toISOString().slice(11, 23);

function tokenCell(row: TrafficRow, showClaims: boolean): Node {
  const t = row.token;
  if (!t) return document.createTextNode('');
  if (!showClaims) return el('span', { class: 'muted', title: `from ${t.from}` }, 'token (hidden)');
  const rel = (s: number | null) => (s === null ? '?' : `${Math.round(s - row.at / 1000)} s`);
  return el(
    'span',
    { class: 'claims' },
    `sid ${t.sid ?? '?'} · sub ${t.sub ?? '?'} · iat ${rel(t.iat)} · exp ${rel(t.exp)} · azp ${t.azp ?? '—'} · kid ${t.kid ?? '?'} (${t.from})`,
  );
}

function authCell(row: TrafficRow): string {
  const parts: string[] = [];
  if (row.auth) parts.push([row.auth.status, row.auth.reason].filter(Boolean).join(': '));
  const h = row.handshake;
  if (h) {
    if (h.reason && !parts.some((p) => p.includes(h.reason as string))) parts.push(`hs_reason ${h.reason}`);
    if (h.redirectCount !== null) parts.push(`redirect_count ${h.redirectCount}`);
    if (h.synced !== null) parts.push(`synced ${h.synced}`);
    if (h.hasHandshakeToken) parts.push('__clerk_handshake');
    if (h.hasSessionToken) parts.push('__session in URL');
    if (h.hasDevBrowser) parts.push('__clerk_db_jwt in URL');
  }
  if (row.redirectCountCookie !== null && h?.redirectCount == null) parts.push(`redirect count ${row.redirectCountCookie}`);
  return parts.join(' · ');
}

export function mountTrafficPanel(root: HTMLElement, options: PanelOptions) {
  const now = options.now ?? Date.now;
  let entries: HarEntry[] = [];
  let showClaims = false;
  let lastSent = '';

  const file = el('input', { type: 'file', accept: '.har,application/json', 'aria-label': 'HAR file to import', hidden: '' });
  const importButton = el('button', { type: 'button' }, 'Import HAR');
  const exportJsonButton = el('button', { type: 'button' }, 'Export JSON (redacted)');
  const exportHarButton = el('button', { type: 'button' }, 'Export HAR (redacted)');
  const clearButton = el('button', { type: 'button' }, 'Clear');
  const claimsToggle = el('input', { type: 'checkbox', id: 'show-claims' });
  const status = el('p', { class: 'muted', role: 'status', 'data-testid': 'traffic-status' });
  const skew = el('section', { 'aria-label': 'Clock skew', 'data-testid': 'skew-meter', class: 'skew' });
  const findings = el('section', { 'aria-label': 'Findings', 'data-testid': 'findings' });
  const body = el('tbody');
  const table = el(
    'table',
    { 'aria-label': 'Clerk traffic timeline' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['time', 'kind', 'request', 'status', 'Clerk says', 'session', 'token', 'trace id'].map((h) =>
          el('th', { scope: 'col' }, h),
        ),
      ),
    ),
    body,
  );
  root.append(
    el(
      'header',
      { class: 'bar' },
      el('h1', {}, 'Clerk traffic'),
      importButton,
      file,
      exportJsonButton,
      exportHarButton,
      clearButton,
      el('label', { for: 'show-claims' }, claimsToggle, ' Show token claims'),
    ),
    status,
    skew,
    findings,
    table,
  );

  function render() {
    const rows = classifyEntries(entries);
    const found = findTrafficFindings(rows);
    const reading = measureSkew(rows);
    status.textContent =
      rows.length === 0 ? 'No Clerk traffic yet: use your app, or import a HAR.' : `${rows.length} Clerk requests`;

    skew.replaceChildren(
      reading
        ? el(
            'p',
            { 'data-level': reading.level },
            el('meter', {
              min: '0',
              max: '10',
              low: '3',
              high: '5',
              optimum: '0',
              value: String(Math.min(10, Math.abs(reading.offsetMs) / 1000)),
              'aria-label': 'clock skew in seconds',
            }),
            ` Clock skew: ${describeSkew(reading)} — ${reading.level === 'ok' ? 'within' : reading.level === 'warn' ? 'close to' : 'beyond'} Clerk’s 5 s allowance`,
          )
        : el('p', { class: 'muted' }, 'Clock skew: no Frontend API answer yet'),
    );

    findings.replaceChildren(
      ...(found.length === 0
        ? [
            el(
              'p',
              { 'data-testid': 'no-findings' },
              rows.length > 0 ? 'No loop, no stale cookie, no skew: this traffic looks healthy.' : '',
            ),
          ]
        : found.map((f) =>
            el(
              'article',
              { class: `finding ${f.severity}`, 'data-testid': 'traffic-finding', 'data-finding': f.id },
              el('h2', {}, `${f.severity === 'fix' ? 'Fix' : 'Note'}: ${f.title}`),
              el('p', {}, f.detail),
              el('p', {}, el('strong', {}, 'What to do: '), f.fix),
              el('p', { class: 'muted' }, `${f.host} · ${time(f.at)}`),
            ),
          )),
    );

    body.replaceChildren(
      ...rows.map((row) =>
        el(
          'tr',
          { 'data-testid': 'traffic-row', 'data-kind': row.kind },
          el('td', {}, time(row.at)),
          el('td', {}, row.kind),
          el('td', { class: 'path' }, `${row.method} ${row.host}${row.path}${row.location ? ` → ${row.location}` : ''}`),
          el('td', {}, String(row.status)),
          el('td', {}, authCell(row)),
          el('td', {}, row.sessionId ?? ''),
          el('td', {}, tokenCell(row, showClaims)),
          el('td', {}, row.traceId ?? ''),
        ),
      ),
    );

    const top = found[0] ?? null;
    const key = top ? `${top.id}|${top.reason}|${top.at}` : '';
    if (key !== lastSent) {
      lastSent = key;
      options.onFinding(top);
    }
  }

  function add(more: readonly HarEntry[]) {
    // Only Clerk's entries are kept (in memory): the rest of the tab's traffic is not ours.
    const clerk = more.filter((e) => classifyEntry(e) !== null);
    if (clerk.length === 0) return;
    entries = [...entries, ...clerk].slice(-MAX_ENTRIES);
    render();
  }

  importButton.addEventListener('click', () => file.click());
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    try {
      const har = JSON.parse(await chosen.text()) as { log?: { entries?: HarEntry[] } };
      const list = har.log?.entries;
      if (!Array.isArray(list)) throw new Error('no log.entries');
      add(list);
      status.textContent = `${status.textContent} (imported ${chosen.name})`;
    } catch (error) {
      status.textContent = `Not a HAR file: ${error instanceof Error ? error.message : String(error)}`;
    }
    file.value = '';
  });
  exportJsonButton.addEventListener('click', () => {
    const rows = classifyEntries(entries);
    download('clerk-trace.redacted.json', exportJson(rows, findTrafficFindings(rows), measureSkew(rows), now()));
  });
  exportHarButton.addEventListener('click', () => download('clerk-trace.redacted.har', exportHar(entries, options.version)));
  clearButton.addEventListener('click', () => {
    entries = [];
    render();
  });
  claimsToggle.addEventListener('change', () => {
    showClaims = claimsToggle.checked;
    render();
  });
  render();
  return { add };
}
