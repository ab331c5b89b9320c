// @vitest-environment node
import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenVerdict, type VerdictInput } from '../../../lib/diagnostics/token-verdict';

const FAPI = 'inspector-emu.clerk.accounts.dev';
const APP = 'http://localhost:5317';
const NOW = 1_800_000_000_000;

let jwks: JSONWebKeySet;
let sign: (claims: Record<string, unknown>, kid?: string, other?: boolean) => Promise<string>;

beforeAll(async () => {
  const own = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  jwks = { keys: [{ ...(await exportJWK(own.publicKey)), kid: 'ins_own', alg: 'RS256', use: 'sig' }] };
  sign = (claims, kid = 'ins_own', other = false) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(other ? stranger.privateKey : own.privateKey);
});

function good(overrides: Record<string, unknown> = {}) {
  const iat = Math.floor(NOW / 1000);
  return {
    iss: `https://${FAPI}`,
    sub: 'user_1',
    sid: 'sess_1',
    iat,
    nbf: iat - 10,
    exp: iat + 60,
    azp: APP,
    v: 2,
    ...overrides,
  };
}

const input = (token: string, extra: Partial<VerdictInput> = {}): VerdictInput => ({
  token,
  jwks,
  now: NOW,
  clockOffsetMs: 0,
  fapiHost: FAPI,
  authorizedParties: [APP],
  ...extra,
});

const codes = async (i: VerdictInput) => (await tokenVerdict(i)).reasons.map((r) => r.code);

describe('tokenVerdict', () => {
  it('accepts a fresh, well-signed token for the app origin', async () => {
    expect(await tokenVerdict(input(await sign(good())))).toEqual({ accepted: true, reasons: [] });
  });

  it('names an unknown kid and a forged signature apart', async () => {
    expect(await codes(input(await sign(good(), 'ins_other', true)))).toEqual(['unknown-kid']);
    expect(await codes(input(await sign(good(), 'ins_own', true)))).toEqual(['bad-signature']);
  });

  it('allows 5 s of skew on exp, nbf and iat, not more, against the server clock', async () => {
    const iat = Math.floor(NOW / 1000);
    expect(await codes(input(await sign(good({ exp: iat - 4 }))))).toEqual([]);
    expect(await codes(input(await sign(good({ exp: iat - 5 }))))).toEqual(['expired']);
    expect(await codes(input(await sign(good({ exp: iat - 6 }))))).toEqual(['expired']);
    expect(await codes(input(await sign(good({ nbf: iat + 5 }))))).toEqual([]);
    expect(await codes(input(await sign(good({ nbf: iat + 6 }))))).toEqual(['not-yet-valid']);
    expect(await codes(input(await sign(good({ iat: iat + 5 }))))).toEqual([]);
    expect(await codes(input(await sign(good({ iat: iat + 6 }))))).toEqual(['iat-in-future']);
    // Local clock 30 s behind Clerk's: the server-clock estimate makes a "future" token fine.
    const future = await sign(good({ iat: iat + 30, nbf: iat + 30, exp: iat + 90 }));
    expect(await codes(input(future))).toEqual(['not-yet-valid', 'iat-in-future']);
    expect(await codes(input(future, { clockOffsetMs: 30_000 }))).toEqual([]);
  });

  it('iss is information, never a refusal (a backend does not check it by default)', async () => {
    const other = await tokenVerdict(input(await sign(good({ iss: 'https://other.clerk.accounts.dev' }))));
    expect(other.accepted).toBe(true);
    expect(other.notes?.map((n) => n.code)).toEqual(['iss-differs']);
    const { iss: _, ...noIss } = good();
    expect((await tokenVerdict(input(await sign(noIss)))).accepted).toBe(true);
    expect((await tokenVerdict(input(await sign(good())))).notes).toBeUndefined();
  });

  it('azp only against the declared parties, compared exactly as the backend does', async () => {
    const { azp: _, ...noAzp } = good();
    expect(await codes(input(await sign(noAzp)))).toEqual(['azp-missing']);
    // Nothing declared: not checked (a note says so), whatever azp is.
    for (const parties of [null, []]) {
      const v = await tokenVerdict(input(await sign(noAzp), { authorizedParties: parties }));
      expect(v).toMatchObject({ accepted: true, reasons: [] });
      expect(v.notes?.map((n) => n.code)).toEqual(['azp-unchecked']);
      expect(
        (await tokenVerdict(input(await sign(good({ azp: 'https://evil.example' })), { authorizedParties: parties }))).accepted,
      ).toBe(true);
    }
    const ext = await tokenVerdict(input(await sign(good({ azp: 'chrome-extension://abc' }))));
    expect(ext.reasons.map((r) => r.code)).toEqual(['azp-mismatch']);
    expect(ext.reasons[0]?.message).toContain('extension');
    expect(
      await codes(
        input(await sign(good({ azp: 'chrome-extension://abc' })), { authorizedParties: [APP, 'chrome-extension://abc'] }),
      ),
    ).toEqual([]);
    // The backend compares strings: a trailing slash is another party.
    expect(await codes(input(await sign(good({ azp: 'http://localhost:5317/' }))))).toEqual(['azp-mismatch']);
    const fapi = await tokenVerdict(input(await sign(good({ azp: `https://${FAPI}` }))));
    expect(fapi.reasons.map((r) => r.code)).toEqual(['azp-mismatch']);
    expect(fapi.reasons[0]?.message).toContain('Frontend API URL');
  });

  it('sub must be a string; the header must be a JWT signed with an RS algorithm', async () => {
    const { sub: _, ...noSub } = good();
    expect(await codes(input(await sign(noSub)))).toEqual(['sub-missing']);
    expect(await codes(input(await sign(good({ sub: 42 }))))).toEqual(['sub-missing']);
    const key = await generateKeyPair('ES256');
    const es = await new SignJWT(good()).setProtectedHeader({ alg: 'ES256', kid: 'ins_own' }).sign(key.privateKey);
    expect(await codes(input(es))).toEqual(['bad-header']);
  });

  it('collects several reasons in the backend order and never throws on garbage', async () => {
    const iat = Math.floor(NOW / 1000);
    const { azp: _, sub: __, ...bare } = good({ exp: iat - 100 });
    expect(await codes(input(await sign(bare, 'ins_x', true)))).toEqual(['unknown-kid', 'sub-missing', 'azp-missing', 'expired']);
    expect(await codes(input('not.a.jwt'))).toEqual(['malformed']);
    expect(await codes(input(await sign(good()), { jwks: null }))).toEqual(['jwks-unavailable']);
  });

  it('never puts the token into a reason', async () => {
    const token = await sign(good({ exp: 1 }), 'ins_x', true);
    const verdict = await tokenVerdict(input(token));
    expect(JSON.stringify(verdict)).not.toContain(token.split('.')[2]);
    expect(JSON.stringify(verdict)).not.toContain(token.split('.')[1]);
  });
});
