/**
 * Organizations and session token v2 in the popup (issue 22): the glance names the active
 * organization and role and says pending / impersonated; the token panel lists the permissions
 * expanded from `o.fpm`/`o.per` and answers "would has({ permission }) pass?".
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetPopupStore } from '../../../lib/popup-store';
import type { SessionSnapshot } from '../../../lib/snapshot';
import { fixtureSnapshot } from './fixtures';
import { showPopup } from './popup-harness';

vi.mock('../../../lib/messaging', () => ({ sendMessage: vi.fn() }));

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

function withClaims(claims: Record<string, unknown>): SessionSnapshot {
  const base = fixtureSnapshot(NOW);
  if (!base.token) throw new Error('fixture has a token');
  const { o: _o, ...rest } = base.token.claims;
  return { ...base, token: { ...base.token, claims: { ...rest, ...claims } } };
}

const V2_ORG = {
  v: 2,
  fea: 'o:invoices,o:members',
  o: { id: 'org_2globex', slg: 'globex', rol: 'billing', per: 'read,create,manage', fpm: '3,1' },
};

beforeEach(() => resetPopupStore());

describe('the glance', () => {
  it('names the active organization and role from a v2 token', () => {
    showPopup({ snapshot: withClaims(V2_ORG), now: NOW });
    expect(screen.getByTestId('glance-org').textContent).toBe('Organization globex · billing');
    expect(screen.queryByTestId('glance-pending')).toBeNull();
    expect(screen.queryByTestId('glance-actor')).toBeNull();
  });

  it('names the organization of a v1 token', () => {
    showPopup({ snapshot: withClaims({ v: undefined, org_id: 'org_1', org_slug: 'legacy', org_role: 'org:member' }), now: NOW });
    expect(screen.getByTestId('glance-org').textContent).toBe('Organization legacy · member');
  });

  it('says nothing for a personal-account token', () => {
    showPopup({ snapshot: withClaims({ v: 2 }), now: NOW });
    expect(screen.queryByTestId('glance-facts')).toBeNull();
  });

  it('says when the session is pending and when it is impersonated or an agent acts', () => {
    const { unmount } = showPopup({ snapshot: withClaims({ v: 2, sts: 'pending', act: { sub: 'user_admin' } }), now: NOW });
    expect(screen.getByTestId('glance-pending').textContent).toBe('pending');
    expect(screen.getByTestId('glance-actor').textContent).toBe('impersonated');
    unmount();
    showPopup({ snapshot: withClaims({ v: 2, act: { sub: 'agt_1', type: 'agent' } }), now: NOW });
    expect(screen.getByTestId('glance-actor').textContent).toBe('agent');
  });
});

describe('the token panel', () => {
  it('lists org:<feature>:<permission> expanded from o.fpm and o.per', async () => {
    showPopup({ snapshot: withClaims(V2_ORG), now: NOW });
    const list = await screen.findByTestId('token-permissions');
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['org:invoices:read', 'org:invoices:create', 'org:members:read']);
    expect(screen.getByTestId('token-org').textContent).toContain('org:billing');
    expect(screen.getByTestId('token-format').textContent).toContain('v2');
  });

  it('answers "would has({ permission }) pass?" as the user types', async () => {
    showPopup({ snapshot: withClaims(V2_ORG), now: NOW });
    const input = await screen.findByTestId('has-input');
    const user = userEvent.setup();
    await user.type(input, 'org:invoices:create');
    expect(screen.getByTestId('has-verdict').textContent).toMatch(/→ true\. globex grants org:invoices:create/);
    await user.clear(input);
    await user.type(input, 'members:manage');
    expect(screen.getByTestId('has-verdict').textContent).toMatch(
      /has\(\{ permission: 'org:members:manage' \}\) → false\. org:members:manage is not among/,
    );
  });

  it('a pending session: has() is false in the server SDKs even with the permission', async () => {
    showPopup({ snapshot: withClaims({ ...V2_ORG, sts: 'pending' }), now: NOW });
    expect((await screen.findByTestId('token-pending')).textContent).toMatch(/session tasks are open/);
    await userEvent.setup().type(screen.getByTestId('has-input'), 'org:invoices:read');
    expect(screen.getByTestId('has-verdict').textContent).toMatch(/→ false\..*treat it as signed out/);
  });

  it('an impersonated session names the impersonator; v1 is flagged as deprecated', async () => {
    showPopup({ snapshot: withClaims({ v: undefined, act: { sub: 'user_admin' } }), now: NOW });
    expect((await screen.findByTestId('token-actor')).textContent).toMatch(/Impersonated: user_admin/);
    expect(screen.getByTestId('token-format').textContent).toMatch(/v1 \(deprecated/);
    expect(screen.getByTestId('token-org').textContent).toMatch(/No active organization/);
  });
});
