import { describe, expect, it } from 'vitest';
import { classifyEntries } from '../../../lib/traffic/classify';
import { findTrafficFindings } from '../../../lib/traffic/findings';
import { measureSkew, skewLevel } from '../../../lib/traffic/skew';
import { APP, entry, FAPI, handshakeTrip, sessionToken, T } from './har-builders';

const ids = (entries: Parameters<typeof classifyEntries>[0]) => findTrafficFindings(classifyEntries(entries)).map((f) => f.id);

describe('findTrafficFindings', () => {
  it('one handshake round trip is healthy: no finding', () => {
    expect(ids(handshakeTrip(T, 'session-token-expired-refresh-non-eligible-no-refresh-cookie', 1, sessionToken(T)))).toEqual([]);
  });

  it('three handshake round trips within seconds: a loop with Clerk’s reason and the clock fix', () => {
    const entries = [1, 2, 3].flatMap((n) => handshakeTrip(T + n * 300, 'session-token-iat-in-the-future', n, sessionToken(T)));
    const [loop] = findTrafficFindings(classifyEntries(entries));
    expect(loop).toMatchObject({
      id: 'loop',
      severity: 'fix',
      reason: 'session-token-iat-in-the-future',
      host: 'localhost:5317',
    });
    expect(loop?.detail).toMatch(/3 handshake round trips/);
    expect(loop?.detail).toMatch(/redirect counter reached its limit/);
    expect(loop?.fix).toMatch(/automatic time/);
  });

  it('three handshakes spread over minutes are not a loop', () => {
    const entries = [0, 1, 2].flatMap((n) =>
      handshakeTrip(T + n * 120_000, 'session-token-expired', 1, sessionToken(T + n * 120_000)),
    );
    expect(ids(entries)).toEqual([]);
  });

  it('redirects answered signed out, again and again (keys of two instances): a loop naming the keys', () => {
    const trips = [0, 1, 2, 3].flatMap((n) => [
      entry({
        at: T + n * 500,
        url: `${APP}/dashboard`,
        document: true,
        status: 307,
        location: `${APP}/sign-in?redirect_url=%2Fdashboard`,
        responseHeaders: [
          { name: 'x-clerk-auth-status', value: 'signed-out' },
          { name: 'x-clerk-auth-reason', value: 'token-invalid-signature' },
        ],
      }),
      entry({ at: T + n * 500 + 50, url: `${APP}/sign-in?redirect_url=%2Fdashboard`, document: true }),
    ]);
    const [loop] = findTrafficFindings(classifyEntries(trips));
    expect(loop).toMatchObject({ id: 'loop', reason: 'token-invalid-signature' });
    expect(loop?.detail).toMatch(/4 redirects answered signed out/);
    expect(loop?.fix).toMatch(/same Clerk instance/);
  });

  it('a loop names the reason of its own round trips, not of a healthy handshake just before it', () => {
    // Seen in real Chromium on a loaded machine: the first visit's dev-browser-missing handshake fell
    // inside the loop's window, and the loop of token-invalid-signature redirects was named after it.
    const first = handshakeTrip(T - 700, 'dev-browser-missing', 1, sessionToken(T));
    const trips = [0, 1, 2].map((n) =>
      entry({
        at: T + n * 500,
        url: `${APP}/dashboard`,
        document: true,
        status: 307,
        location: `${APP}/sign-in?redirect_url=%2Fdashboard`,
        responseHeaders: [
          { name: 'x-clerk-auth-status', value: 'signed-out' },
          { name: 'x-clerk-auth-reason', value: 'token-invalid-signature' },
        ],
      }),
    );
    const [loop] = findTrafficFindings(classifyEntries([...first, ...trips]));
    expect(loop).toMatchObject({ id: 'loop', reason: 'token-invalid-signature' });
  });

  it('a loop whose hops each give another reason is named after its latest, not the first visit’s handshake', () => {
    // Recorded in real Chromium under load (traffic-panel.e2e, skewed clock): the first visit's
    // dev-browser-missing, the sign-in's iat-before-client-uat, then session-token-nbf, after
    // which Clerk's backend gave up. One each: the first visit's reason won the tie.
    const entries = [
      ...handshakeTrip(T - 700, 'dev-browser-missing', 1, sessionToken(T)),
      ...handshakeTrip(T, 'session-token-iat-before-client-uat', 2, sessionToken(T)),
      ...handshakeTrip(T + 200, 'session-token-nbf', 3, sessionToken(T)),
    ];
    const [loop] = findTrafficFindings(classifyEntries(entries));
    expect(loop).toMatchObject({ id: 'loop', reason: 'session-token-nbf' });
    expect(loop?.fix).toMatch(/automatic time/);
  });

  it('the clock’s two reasons count as one cause', () => {
    const entries = [
      ...handshakeTrip(T - 700, 'dev-browser-missing', 1, sessionToken(T)),
      ...handshakeTrip(T - 350, 'dev-browser-missing', 1, sessionToken(T)),
      ...handshakeTrip(T, 'session-token-nbf', 2, sessionToken(T)),
      ...handshakeTrip(T + 500, 'session-token-iat-in-the-future', 3, sessionToken(T)),
      ...handshakeTrip(T + 900, 'dev-browser-missing', 1, sessionToken(T)),
      ...handshakeTrip(T + 1300, 'session-token-nbf', 3, sessionToken(T)),
    ];
    expect(findTrafficFindings(classifyEntries(entries))[0]).toMatchObject({ id: 'loop', reason: 'session-token-nbf' });
  });

  it('a tie between two causes goes to the loop’s latest', () => {
    const entries = [
      ...handshakeTrip(T, 'dev-browser-missing', 1, sessionToken(T)),
      ...handshakeTrip(T + 400, 'satellite-needs-syncing', 2, sessionToken(T)),
      ...handshakeTrip(T + 800, 'dev-browser-missing', 1, sessionToken(T)),
      ...handshakeTrip(T + 1200, 'satellite-needs-syncing', 3, sessionToken(T)),
    ];
    expect(findTrafficFindings(classifyEntries(entries))[0]).toMatchObject({ id: 'loop', reason: 'satellite-needs-syncing' });
  });

  it('__client_uat=0 next to a live session token', () => {
    const cookie = `__client_uat=0; __session=${sessionToken(T)}; __client_uat=${Math.floor(T / 1000)}`;
    const [finding] = findTrafficFindings(
      classifyEntries([entry({ at: T + 1000, url: `${APP}/dashboard`, document: true, cookie })]),
    );
    expect(finding).toMatchObject({ id: 'client-uat-zero', reason: 'session-token-but-no-client-uat' });
    expect(finding?.detail).toMatch(/live session token/);
  });

  it('__client_uat=0 without a session is just signed out', () => {
    expect(ids([entry({ url: `${APP}/`, document: true, cookie: '__client_uat=0' })])).toEqual([]);
  });

  it('duplicate __session_<suffix> cookies', () => {
    const cookie = `__session_AAAAAAAA=${sessionToken(T)}; __session_BBBBBBBB=${sessionToken(T, 'sess_other')}`;
    expect(ids([entry({ url: `${APP}/`, document: true, cookie })])).toEqual(['duplicate-session-cookies']);
  });
});

describe('the clock-skew meter', () => {
  const fapiAnswer = (localAt: number, serverAt: number) =>
    entry({
      at: localAt,
      time: 40,
      url: `${FAPI}/v1/client?_clerk_js_version=6`,
      responseHeaders: [{ name: 'Date', value: new Date(serverAt).toUTCString() }],
    });

  it('reads the Frontend API’s Date against this browser’s clock', () => {
    const rows = classifyEntries([fapiAnswer(T, T + 60_000), fapiAnswer(T + 2000, T + 62_000)]);
    const reading = measureSkew(rows);
    expect(reading?.level).toBe('breaks');
    expect(Math.abs((reading?.offsetMs ?? 0) - 60_500)).toBeLessThanOrEqual(600);
    expect(findTrafficFindings(rows).map((f) => f.id)).toEqual(['clock-skew']);
  });

  it('warns before Clerk’s 5 s allowance and is quiet under it', () => {
    expect(skewLevel(1000)).toBe('ok');
    expect(skewLevel(-3500)).toBe('warn');
    expect(skewLevel(5001)).toBe('breaks');
    const rows = classifyEntries([fapiAnswer(T, T + 3600)]);
    expect(findTrafficFindings(rows)[0]).toMatchObject({ id: 'clock-skew', severity: 'note' });
  });

  it('no Frontend API answer, no reading', () => {
    expect(measureSkew(classifyEntries([entry({ url: `${APP}/`, document: true })]))).toBeNull();
  });
});
