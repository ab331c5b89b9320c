import { fireEvent, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SessionOverview } from '../../../components/popup/SessionOverview';
import { fixtureApp, fixtureSession, fixtureSnapshot } from './fixtures';

describe('the user avatar', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  const withImage = (imageUrl: string | null) => {
    const session = fixtureSession(now);
    return fixtureSnapshot(now, {
      sessions: [{ ...session, user: { ...session.user, imageUrl } }],
      currentSessionId: session.id,
    });
  };

  it('shows the image, and initials once the image fails to load', () => {
    const { container } = render(
      <SessionOverview snapshot={withImage('https://img.example.com/ada.png')} app={fixtureApp()} now={now} />,
    );
    const img = container.querySelector('img.avatar');
    expect(img?.getAttribute('src')).toBe('https://img.example.com/ada.png');
    fireEvent.error(img as Element);
    expect(container.querySelector('img.avatar')).toBeNull();
    expect(container.querySelector('.avatar-initials')?.textContent).toBe('AL');
  });

  it('shows initials when there is no image', () => {
    const { container } = render(<SessionOverview snapshot={withImage(null)} app={fixtureApp()} now={now} />);
    expect(container.querySelector('.avatar-initials')?.textContent).toBe('AL');
  });
});
