/**
 * Issue 11, item 18: the popup renders a bounded session list with "+N more", even for a stored
 * snapshot (from an older version) holding 40 000 sessions.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SessionList } from '../../../components/popup/SessionList';
import { MAX_STORED_SESSIONS } from '../../../lib/limits';
import { fixtureSession, fixtureSnapshot } from './fixtures';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('the session list is capped', () => {
  it('40 000 stored sessions: 50 rows, the current one among them, and "+39950 more"', () => {
    const sessions = Array.from({ length: 40_000 }, (_, i) => fixtureSession(NOW, { id: `sess_${i}`, lastActiveAt: NOW - i }));
    const snapshot = fixtureSnapshot(NOW, { sessions, currentSessionId: 'sess_39999', multiSession: true });
    render(<SessionList snapshot={snapshot} now={NOW} />);
    const rows = screen.getAllByTestId('session-row');
    expect(rows).toHaveLength(MAX_STORED_SESSIONS);
    expect(rows.some((row) => row.textContent?.includes('sess_39999'))).toBe(true);
    expect(screen.getByTestId('sessions-more').textContent).toBe(`+${40_000 - MAX_STORED_SESSIONS} more not shown`);
    expect(screen.getByRole('heading', { name: /Sessions on this client/ }).textContent).toContain('(40000)');
  });

  it('a capped snapshot from the engine says how many were left out', () => {
    const sessions = Array.from({ length: 50 }, (_, i) => fixtureSession(NOW, { id: `sess_${i}` }));
    render(
      <SessionList
        snapshot={fixtureSnapshot(NOW, { sessions, sessionsOmitted: 39_950, currentSessionId: 'sess_0' })}
        now={NOW}
      />,
    );
    expect(screen.getAllByTestId('session-row')).toHaveLength(50);
    expect(screen.getByTestId('sessions-more').textContent).toBe('+39950 more not shown');
  });

  it('a few sessions: all shown, no "more" line', () => {
    const snapshot = fixtureSnapshot(NOW);
    render(<SessionList snapshot={snapshot} now={NOW} />);
    expect(screen.getAllByTestId('session-row')).toHaveLength(snapshot.sessions.length);
    expect(screen.queryByTestId('sessions-more')).toBeNull();
  });
});
