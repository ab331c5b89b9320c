/**
 * The declared authorized parties as stored (untrusted: older versions, DevTools, the seed): a
 * valid list survives validation, anything that could never equal an `azp` drops the field.
 */
import { describe, expect, it } from 'vitest';
import { makeAppConfig } from '../../lib/apps';
import { validateStoredApps } from '../../lib/apps-validate';
import { publishableKeyFor } from '../../lib/publishable-key';

const app = (authorizedParties: unknown) => ({
  ...makeAppConfig({
    id: 'a',
    label: 'a',
    publishableKey: publishableKeyFor('happy-otter-42.clerk.accounts.dev', 'development'),
    syncHost: 'http://localhost:3000',
  }),
  authorizedParties,
});

describe('stored authorizedParties', () => {
  it('a valid list is kept', () => {
    expect(validateStoredApps([app(['https://app.example.com', 'chrome-extension://abc'])])[0]?.authorizedParties).toEqual([
      'https://app.example.com',
      'chrome-extension://abc',
    ]);
  });
  it.each([
    [['https://x.example/']],
    [['not an origin']],
    [[42]],
    ['https://x.example'],
    [[]],
    [Array(11).fill('https://x.example')],
  ])('drops %j (the app stays, unchecked azp)', (raw) => {
    const [kept] = validateStoredApps([app(raw)]);
    expect(kept?.id).toBe('a');
    expect(kept).not.toHaveProperty('authorizedParties');
  });
});
