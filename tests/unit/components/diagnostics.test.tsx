import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import DiagnosticsPanel from '../../../components/diagnostics/DiagnosticsPanel';
import Details from '../../../components/popup/Details';
import { cookieForensics } from '../../../lib/diagnostics/cookies';
import { REPORT_CONTENTS } from '../../../lib/diagnostics/report';
import type { SessionSnapshot } from '../../../lib/snapshot';
import { snapshot, T0, tokenInfoAt } from '../engine/builders';

const SECRET = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl';

function withToken(extra: Record<string, unknown> = {}, overrides: Partial<SessionSnapshot> = {}) {
  const t = tokenInfoAt(T0);
  return snapshot({ token: { ...t, claims: { ...t.claims, ...extra } }, ...overrides });
}

describe('DiagnosticsPanel', () => {
  it('accepted: one line', () => {
    render(
      <DiagnosticsPanel
        snapshot={withToken({}, { tokenVerdict: { accepted: true, reasons: [], checkedAt: T0, tokenKey: 'jti_x' } })}
        now={T0}
      />,
    );
    expect(screen.getByTestId('verdict').dataset.accepted).toBe('true');
    expect(screen.getByText(/token accepted/)).toBeTruthy();
    expect(screen.getByTestId('verdict').textContent).not.toContain('expired since');
  });

  it('accepted when checked, expired since: said, on Clerk’s clock', () => {
    const s = withToken({}, { tokenVerdict: { accepted: true, reasons: [], checkedAt: T0, tokenKey: 'jti_x' } });
    const exp = s.token?.expiresAt ?? 0;
    const { unmount } = render(<DiagnosticsPanel snapshot={s} now={exp + 4_000} />);
    expect(screen.getByTestId('verdict').textContent).not.toContain('expired since');
    unmount();
    render(<DiagnosticsPanel snapshot={s} now={exp + 30_000} />);
    expect(screen.getByTestId('verdict').textContent).toContain('expired since (30 s ago)');
  });

  it('refused: every reason with its code', () => {
    render(
      <DiagnosticsPanel
        snapshot={withToken(
          {},
          {
            tokenVerdict: {
              accepted: false,
              reasons: [
                { code: 'unknown-kid', message: 'Signed with key ins_x.' },
                { code: 'azp-missing', message: 'The token has no azp claim.' },
              ],
              checkedAt: T0,
              tokenKey: 'jti_x',
            },
          },
        )}
        now={T0}
      />,
    );
    const verdict = screen.getByTestId('verdict');
    expect(verdict.dataset.accepted).toBe('false');
    expect([...verdict.querySelectorAll('li')].map((li) => li.dataset.code)).toEqual(['unknown-kid', 'azp-missing']);
    expect(within(verdict).getByText(/2 reasons/)).toBeTruthy();
  });

  it('no verdict yet, and no token', () => {
    const { unmount } = render(<DiagnosticsPanel snapshot={withToken()} now={T0} />);
    expect(screen.getByText(/Not checked yet/)).toBeTruthy();
    unmount();
    render(<DiagnosticsPanel snapshot={snapshot({ token: null })} now={T0} />);
    expect(screen.getByText('No token.')).toBeTruthy();
  });

  it('claims budget per claim, over 1.2 KB, and what the last refresh changed', () => {
    render(
      <DiagnosticsPanel
        snapshot={withToken(
          { perms: 'p'.repeat(1300), plan: 'pro' },
          { previousTokenClaims: { ...tokenInfoAt(T0).claims, plan: 'free', beta: true } },
        )}
        now={T0}
      />,
    );
    const budget = screen.getByTestId('claims-budget');
    expect(budget.textContent).toMatch(/Custom claims: 13\d\d B of 1200 B advised \(over\)/);
    expect(within(budget).getByText('perms')).toBeTruthy();
    expect(screen.getByTestId('claims-diff').textContent).toBe('Last refresh changed: +perms, −beta, plan');
  });

  it('cookie table: metadata, owner, flags, size; never a value', () => {
    const report = cookieForensics(
      [
        {
          name: '__session_AbCd1234',
          value: SECRET,
          domain: 'localhost',
          path: '/',
          sameSite: 'lax',
          secure: false,
          httpOnly: false,
          expirationDate: (T0 + 3600_000) / 1000,
        },
        {
          name: '__client',
          value: SECRET,
          domain: 'clerk.example.com',
          path: '/',
          sameSite: 'none',
          secure: true,
          httpOnly: true,
        },
        {
          name: '__session_ZzYy9876',
          value: SECRET,
          domain: 'localhost',
          path: '/',
          sameSite: 'lax',
          secure: false,
          httpOnly: false,
          partitionKey: { topLevelSite: 'https://x' },
        },
      ],
      { label: 'demo', suffix: 'AbCd1234' },
      [{ label: 'second app', suffix: 'ZzYy9876' }],
      T0,
    );
    const { container } = render(<DiagnosticsPanel snapshot={withToken({}, { cookieReport: report })} now={T0} />);
    const table = screen.getByTestId('cookie-table');
    const row = (name: string) => table.querySelector(`tr[data-cookie="${name}"]`) as HTMLElement;
    expect(row('__session_AbCd1234').textContent).toContain('this app');
    expect(row('__session_AbCd1234').textContent).toContain('in 1h');
    expect(row('__session_ZzYy9876').textContent).toContain('second app');
    expect(row('__session_ZzYy9876').textContent).toContain('Partitioned');
    expect(row('__client').textContent).toContain('none · Secure · HttpOnly');
    expect(row('__client').textContent).toContain(`${'__client'.length + SECRET.length} B`);
    expect(container.innerHTML).not.toContain(SECRET);
    expect(container.innerHTML).not.toContain('c2VjcmV0');
  });

  it('loads lazily inside Details', async () => {
    render(<Details snapshot={withToken()} history={[]} now={T0} />);
    expect(await screen.findByTestId('diagnostics')).toBeTruthy();
  });

  it('Copy report puts a redacted JSON on the clipboard: no token, cookie value or email', async () => {
    const user = userEvent.setup();
    const write = vi.spyOn(navigator.clipboard, 'writeText');
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ version: '0.1.0' } as never);
    const t = tokenInfoAt(T0);
    const s = withToken(
      { note: SECRET },
      {
        error: { kind: 'network', message: `failed ?__clerk_db_jwt=dvb_SeCrEt1 ${SECRET}`, at: T0 },
        token: { ...t, claims: { ...t.claims, note: SECRET } },
      },
    );
    render(<DiagnosticsPanel snapshot={s} history={[]} now={T0} />);
    await user.click(screen.getByRole('button', { name: 'Copy report' }));
    expect(write).toHaveBeenCalledTimes(1);
    const text = String(write.mock.calls[0]?.[0]);
    expect(JSON.parse(text)).toMatchObject({
      kind: 'clerk-session-inspector-report',
      versions: { extension: '0.1.0', clerkChromeExtension: '3.1.84' },
    });
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('dvb_SeCrEt1');
    expect(text).not.toContain('ada@example.com');
    expect(await screen.findByRole('status')).toBeTruthy();
  });

  it('says next to the buttons exactly what the report holds (issue 19, item 3)', () => {
    render(<DiagnosticsPanel snapshot={withToken()} history={[]} now={T0} />);
    expect(screen.getByTestId('report-contents').textContent).toBe(REPORT_CONTENTS);
  });
});
