/**
 * The keep-alive mint step of one sync (sync.ts): whether a mint is due, the mint itself with the
 * body clerk-js sends (the previous token for the Session Minter, the session's organization),
 * and what it leaves behind (the doctor's `setup.mint` evidence and the mint backoff).
 *
 * The mint's organization comes from the latest read of the session: clerk-js always sends one,
 * and Clerk makes it the active organization (gateway.ts), so a mint from a stale read would
 * switch the app's organization back.
 */
import { decodeJwt } from '../jwt';
import type { SessionRecord, SetupEvidence } from '../snapshot';
import type { EngineAppState } from '../storage';
import { type FapiError, toFapiError } from './fapi-errors';
import type { ClerkGateway, Timed } from './gateway';
import { backoffMs } from './schedule';
import { describe, sessionGone } from './snapshot-base';

/** The later of a known local expiry and that of a token a read carried (server `exp`, made local). */
export function laterExpiry(known: number | null, readToken: string | undefined, clockOffsetMs: number): number | null {
  const exp = readToken ? decodeJwt(readToken)?.claims.exp : undefined;
  const fromRead = typeof exp === 'number' ? exp * 1000 - clockOffsetMs : null;
  if (known === null) return fromRead;
  return fromRead === null ? known : Math.max(known, fromRead);
}

export function createMintStep(options: { previousRawToken?: string | null; sessionMinter: () => boolean | null }) {
  let minted: Timed<string> | null = null;
  let mintedFor: string | null = null;
  let error: FapiError | null = null;
  /** Freshest raw token per session (engine memory, then reads and mints): the minter's `token`. */
  const lastTokens = new Map<string, string>();
  const remembered = options.previousRawToken ? decodeJwt(options.previousRawToken)?.claims.sid : undefined;
  if (typeof remembered === 'string' && options.previousRawToken) lastTokens.set(remembered, options.previousRawToken);

  return {
    get minted() {
      return minted;
    },
    get mintedFor() {
      return mintedFor;
    },
    get error() {
      return error;
    },
    /** A token a read carried for a session: the next mint's previous token. */
    remember(sessionId: string, jwt: string) {
      lastTokens.set(sessionId, jwt);
    },

    async tryMint(gateway: ClerkGateway, sessionId: string, record?: SessionRecord | null): Promise<boolean> {
      try {
        minted = await gateway.mintToken(sessionId, {
          sessionMinter: options.sessionMinter(),
          previousToken: lastTokens.get(sessionId) ?? null,
          ...(record && record.activeOrganizationId !== undefined ? { organizationId: record.activeOrganizationId } : {}),
        });
        mintedFor = sessionId;
        error = null;
        lastTokens.set(sessionId, minted.value);
        return true;
      } catch (e) {
        const fapiError = toFapiError(e);
        if (!sessionGone(fapiError)) error = fapiError;
        return false;
      }
    },

    /** The doctor's mint evidence and the state's mint backoff after this sync (unchanged when nothing was tried). */
    record(
      at: number,
      state: EngineAppState,
      fallbackSessionId: string,
    ): { evidence: SetupEvidence['mint'] | undefined; state: EngineAppState } {
      if (minted && mintedFor) {
        return {
          evidence: { at, ok: true, error: null, sessionId: mintedFor },
          state: { ...state, mintFailures: 0, mintNotBefore: null },
        };
      }
      if (!error) return { evidence: undefined, state };
      const failures = (state.mintFailures ?? 0) + 1;
      const retryAt = at + backoffMs(failures, error.retryAfterMs);
      return {
        evidence: { at, ok: false, error: describe(error, at, retryAt), sessionId: mintedFor ?? fallbackSessionId },
        state: { ...state, mintFailures: failures, mintNotBefore: retryAt },
      };
    },
  };
}

export type MintStep = ReturnType<typeof createMintStep>;
