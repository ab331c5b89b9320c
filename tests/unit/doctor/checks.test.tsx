import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SetupDoctor } from '../../../components/doctor/SetupDoctor';
import { type DoctorCheck, failingChecks, runDoctor } from '../../../lib/doctor/checks';
import { CLERK_API_VERSION } from '../../../lib/engine/api-version';
import { publishableKeyFor } from '../../../lib/publishable-key';
import type { SessionSnapshot, SnapshotError } from '../../../lib/snapshot';
import { snapshot as baseSnapshot, PROD_HOST, T0, testApp } from '../engine/builders';

const ID = 'ncdmolkcfabcdhgnpbmjeaimankepeja';
const ok = { at: T0, ok: true, error: null };
const refused = (code: string, httpStatus = 400): SnapshotError => ({
  kind: 'http',
  message: `Clerk refused the request (${httpStatus}).`,
  at: T0,
  httpStatus,
  code,
});

function healthy(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return baseSnapshot({
    setup: {
      environment: { ...ok, nativeApiEnabled: true },
      identity: { cookieName: '__clerk_db_jwt_AbCd1234', suffixed: true, otherInstances: 0, partitionedOnly: false },
      read: ok,
      mint: { ...ok, sessionId: 'sess_1' },
    },
    ...overrides,
  });
}

const byId = (checks: DoctorCheck[], id: DoctorCheck['id']) => checks.find((c) => c.id === id);

describe('setup doctor', () => {
  it('a healthy development app: every check passes, in the order a request travels', () => {
    const checks = runDoctor({ app: testApp(), permission: 'granted', snapshot: healthy(), extensionId: ID });
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['key', 'pass'],
      ['permission', 'pass'],
      ['reachable', 'pass'],
      ['environment', 'pass'],
      ['identity-cookie', 'pass'],
      ['client-read', 'pass'],
      ['token-mint', 'pass'],
      ['clock', 'pass'],
    ]);
    expect(failingChecks(checks)).toEqual([]);
  });

  it('a refused mint (origin_invalid) names the allowed-origins fix with this build’s id', () => {
    const s = healthy();
    s.setup.mint = { at: T0, ok: false, error: refused('origin_invalid'), sessionId: 'sess_1' };
    const mint = byId(runDoctor({ app: testApp(), permission: 'granted', snapshot: s, extensionId: ID }), 'token-mint');
    expect(mint).toMatchObject({ status: 'fail', code: 'origin_invalid' });
    // Merged into the instance's list, not replacing it (issue 19, item 8: allowed-origins-command.test.ts).
    expect(mint?.command).toContain(`(.allowed_origins // []) + ["chrome-extension://${ID}"]`);
    expect(mint?.command).toContain('$CLERK_SECRET_KEY');
    expect(mint?.command).not.toMatch(/sk_(test|live)_/);
  });

  it('a refused API version (api_version_invalid) names the version this build sends and the fix', () => {
    const s = healthy();
    s.setup.read = { at: T0, ok: false, error: refused('api_version_invalid') };
    const read = byId(runDoctor({ app: testApp(), permission: 'granted', snapshot: s, extensionId: ID }), 'client-read');
    expect(read).toMatchObject({ status: 'fail', code: 'api_version_invalid' });
    expect(read?.detail).toContain(`__clerk_api_version=${CLERK_API_VERSION}`);
    expect(read?.fix).toMatch(/Update the extension/);
    expect(read?.fix).toMatch(/Clerk-API-Version header/);
  });

  it('production with the Native API off: the Dashboard path, before any refused request', () => {
    const app = testApp({ publishableKey: publishableKeyFor(PROD_HOST, 'production') });
    const s = healthy();
    s.setup.environment = { ...ok, nativeApiEnabled: false };
    const native = byId(runDoctor({ app, permission: 'granted', snapshot: s, extensionId: ID }), 'native-api');
    expect(native).toMatchObject({ status: 'fail', code: 'native_api_disabled' });
    expect(native?.command).toContain('Native applications');
  });

  it('Native API off: the read and the mint it blocked are not repeated as failures of their own', () => {
    const app = testApp({ publishableKey: publishableKeyFor(PROD_HOST, 'production') });
    const s = healthy();
    s.setup.environment = { ...ok, nativeApiEnabled: false };
    s.setup.read = { at: T0, ok: false, error: refused('native_api_disabled') };
    s.setup.mint = { at: T0, ok: false, error: refused('native_api_disabled'), sessionId: 'sess_1' };
    const checks = runDoctor({ app, permission: 'granted', snapshot: s, extensionId: ID });
    expect(failingChecks(checks).map((c) => c.id)).toEqual(['native-api']);
    expect(byId(checks, 'client-read')).toMatchObject({ status: 'skip', detail: 'not sent: the Native API is off' });
  });

  it.each([
    [{ cookieName: null, suffixed: false, otherInstances: 0, partitionedOnly: false }, 'fail', /Open your app/],
    [{ cookieName: null, suffixed: false, otherInstances: 1, partitionedOnly: false }, 'fail', /publishable key/],
    [{ cookieName: null, suffixed: false, otherInstances: 0, partitionedOnly: true }, 'fail', /partitioned/i],
    [{ cookieName: '__clerk_db_jwt', suffixed: false, otherInstances: 0, partitionedOnly: false }, 'info', /unsuffixed/],
  ])('identity cookie %j → %s', (identity, status, text) => {
    const s = healthy();
    s.setup.identity = identity;
    const check = byId(runDoctor({ app: testApp(), permission: 'granted', snapshot: s, extensionId: ID }), 'identity-cookie');
    expect(check?.status).toBe(status);
    expect(`${check?.detail} ${check?.fix ?? ''}`).toMatch(text);
  });

  it.each([
    [{ kind: 'network', message: 'Failed to fetch', at: T0 } as SnapshotError, /DNS, TLS or the connection/],
    [{ kind: 'timeout', message: 'Clerk did not answer in time.', at: T0 } as SnapshotError, /timeout/],
  ])('unreachable (%j) is told apart', (error, text) => {
    const s = healthy({ error, stale: true });
    s.setup.read = { at: T0, ok: false, error };
    const checks = runDoctor({ app: testApp(), permission: 'granted', snapshot: s, extensionId: ID });
    expect(byId(checks, 'reachable')?.detail).toMatch(text);
    expect(byId(checks, 'client-read')).toBeUndefined();
  });

  it('a Clerk code with no specific finding shows Clerk’s code and message', () => {
    const s = healthy();
    s.setup.read = {
      at: T0,
      ok: false,
      error: { ...refused('something_new', 422), message: 'Clerk refused the request (422): A new rule.' },
    };
    const read = byId(runDoctor({ app: testApp(), permission: 'granted', snapshot: s, extensionId: ID }), 'client-read');
    expect(read).toMatchObject({ status: 'fail', code: 'something_new' });
    expect(read?.detail).toContain('A new rule');
  });

  it('an outage or a rate limit is information, not a setup failure (the stale card says it once)', () => {
    const s = healthy();
    s.setup.read = { at: T0, ok: false, error: { ...refused('', 503), code: undefined } };
    s.setup.mint = {
      at: T0,
      ok: false,
      error: { kind: 'rate-limited', message: 'Clerk is rate-limiting (429).', at: T0, httpStatus: 429 },
      sessionId: 'sess_1',
    };
    const checks = runDoctor({ app: testApp(), permission: 'granted', snapshot: s, extensionId: ID });
    expect(byId(checks, 'client-read')).toMatchObject({ status: 'info' });
    expect(byId(checks, 'token-mint')?.detail).toContain('Temporary');
    expect(failingChecks(checks)).toEqual([]);
  });

  it('unreachable: a failure with the way to find the cause, in the full list only (the popup says it already)', () => {
    const s = healthy();
    s.setup.read = { at: T0, ok: false, error: { kind: 'network', message: 'Failed to fetch', at: T0 } };
    const checks = runDoctor({ app: testApp(), permission: 'granted', snapshot: s, extensionId: ID });
    expect(byId(checks, 'reachable')).toMatchObject({ status: 'fail' });
    expect(byId(checks, 'reachable')?.fix).toContain('/v1/environment in a tab');
    expect(failingChecks(checks).map((c) => c.id)).not.toContain('reachable');
  });

  it('a clock beyond Clerk’s 5 s allowance fails; within it passes', () => {
    const run = (clockOffsetMs: number) =>
      byId(runDoctor({ app: testApp(), permission: 'granted', snapshot: healthy({ clockOffsetMs }), extensionId: ID }), 'clock');
    expect(run(4_900)?.status).toBe('pass');
    expect(run(7_000)).toMatchObject({ status: 'fail', detail: expect.stringContaining('7 s behind') });
    expect(run(-90_000)?.detail).toContain('90 s ahead of');
  });

  it('observe mode skips the mint; measured server behaviours are reported', () => {
    const s = healthy({
      serverBehaviour: {
        readsCountAsActivity: { verdict: 'yes', streak: 2, at: T0 },
        remintOnRead: { verdict: 'yes', streak: 2, at: T0 },
      },
    });
    const checks = runDoctor({ app: testApp({ mode: 'observe' }), permission: 'granted', snapshot: s, extensionId: ID });
    expect(byId(checks, 'token-mint')?.status).toBe('skip');
    expect(byId(checks, 'reads-activity')?.detail).toContain('Observe mode cannot watch the inactivity window drain');
    expect(byId(checks, 'remint-on-read')?.detail).toContain('re-minting on read');
  });

  it('a bad key stops the list at the key; a missing permission at the permission', () => {
    expect(
      runDoctor({ app: testApp({ publishableKey: 'pk_test_nope' }), permission: 'granted', snapshot: null, extensionId: ID }),
    ).toHaveLength(1);
    const checks = runDoctor({ app: testApp(), permission: 'missing', snapshot: healthy(), extensionId: ID });
    expect(checks.map((c) => c.status)).toEqual(['pass', 'fail']);
  });
});

describe('<SetupDoctor>', () => {
  it('compact: only what needs the user, with the status in words and the command to copy', () => {
    const s = healthy();
    s.setup.mint = { at: T0, ok: false, error: refused('origin_invalid'), sessionId: 'sess_1' };
    render(<SetupDoctor compact checks={runDoctor({ app: testApp(), permission: 'granted', snapshot: s, extensionId: ID })} />);
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(within(items[0] as HTMLElement).getByText('Fix')).toBeTruthy();
    expect(screen.getByText(/chrome-extension:\/\/ncdmolkcfabcdhgnpbmjeaimankepeja/, { selector: 'code' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy();
  });

  it('renders nothing when compact and all is well', () => {
    const { container } = render(
      <SetupDoctor compact checks={runDoctor({ app: testApp(), permission: 'granted', snapshot: healthy(), extensionId: ID })} />,
    );
    expect(container.innerHTML).toBe('');
  });
});
