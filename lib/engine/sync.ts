/**
 * One sync of one app: environment (when needed), identity evidence, keep-alive mint, client
 * read, and the snapshot they make. No storage and no alarms: engine.ts runs it inside the app's
 * queue, publishes the result and schedules the next one.
 *
 * The steps fail separately, because real Clerk refuses them separately: with the extension's
 * origin not allowed, the worker's POSTs (mints) are refused while its GETs (reads) work. So a
 * refused mint never hides a good read: the session, the numbers and the list come from the read,
 * and the refused mint is recorded in `setup.mint` for the doctor, with its own backoff. The other
 * way round, a keep-alive session keeps being minted for while reads fail.
 * The environment step is environment-step.ts, the mint step sync-mint.ts (a sync the app's own
 * cookies caused reads before it mints); the empty snapshot and the error record it
 * builds on are snapshot-base.ts.
 */
import type { AppConfig } from '../apps';
import { decodeJwt } from '../jwt';
import { capSessions } from '../limits';
import type { ParsedPublishableKey } from '../publishable-key';
import { currentSession, isEndedStatus } from '../session-math';
import type { RefreshAttempt, RefreshTrigger, SessionRecord, SessionSnapshot, SetupEvidence, TokenInfo } from '../snapshot';
import type { EngineAppState } from '../storage';
import { estimateClockOffset, syncClockSamples } from './clock';
import { readEnvironmentStep } from './environment-step';
import { FapiError, toFapiError } from './fapi-errors';
import { attributeToken, type ClientState } from './fapi-parse';
import type { ClerkGateway, Timed } from './gateway';
import type { IdentityChoice } from './identity';
import { inferLifetimes } from './lifetime-inference';
import { backoffMs, mintDue, type ScheduleConfig } from './schedule';
import { observeServerBehaviour } from './server-behaviour';
import { describe, EMPTY_SETUP, emptySnapshot, SIGNED_OUT, tokenKey } from './snapshot-base';
import { createMintStep, laterExpiry } from './sync-mint';

export type MintPolicy = 'if-due' | 'always' | 'never';

export interface SyncInput {
  app: AppConfig;
  key: ParsedPublishableKey | null;
  /** Why the key did not parse, when it did not. */
  keyProblem: string;
  trigger: RefreshTrigger;
  policy: MintPolicy;
  /** Only mint (the mint alarm fired while reads back off after failures). */
  mintOnly: boolean;
  /** The mint alarm woke this sync: when its mint is refused, a read would show nothing new. */
  mintAlarm: boolean;
  previous: SessionSnapshot | null;
  state: EngineAppState;
  schedule: ScheduleConfig;
  now: () => number;
  hasPermission: () => Promise<boolean>;
  gateway: () => Promise<ClerkGateway>;
  /** The last raw token seen for the app (memory only): the Session Minter wants it with the next mint. */
  previousRawToken?: string | null;
  inspectIdentity: () => Promise<IdentityChoice | null>;
}

export interface SyncResult {
  snapshot: SessionSnapshot;
  attempt: RefreshAttempt;
  state: EngineAppState;
  /** The raw current token, for the copy action (memory only). */
  rawToken: string | null;
}

export async function runSync(input: SyncInput): Promise<SyncResult> {
  const { app, key, previous, state, schedule, now } = input;
  const startedAt = now();
  // Older snapshots (before the doctor) lack the newer fields: fill them in once here.
  const carried = previous ? { ...emptySnapshot(app, key, startedAt), ...previous } : null;
  const setup: SetupEvidence = { ...(carried?.setup ?? EMPTY_SETUP) };
  const keepAlive = app.mode === 'keep-alive';
  let nextState: EngineAppState = { ...state };
  const mints = createMintStep({
    previousRawToken: input.previousRawToken,
    sessionMinter: () => setup.environment?.sessionMinter ?? null,
  });

  const previousExpiry = carried?.token ? carried.token.expiresAt - carried.clockOffsetMs : null;
  const previousLifetime = carried?.token ? carried.token.expiresAt - carried.token.issuedAt : undefined;
  const mintBlocked = state.mintNotBefore !== null && startedAt < state.mintNotBefore && input.policy !== 'always';
  const wantsMint = (sessionId: string | null, expiry: number | null) =>
    keepAlive &&
    sessionId !== null &&
    input.policy !== 'never' &&
    !mintBlocked &&
    (input.policy === 'always' || mintDue(expiry, startedAt, schedule, previousLifetime));

  function recordMint(at: number) {
    const recorded = mints.record(at, nextState, carried?.currentSessionId ?? '');
    if (recorded.evidence) setup.mint = recorded.evidence;
    nextState = recorded.state;
  }

  function attempt(outcome: RefreshAttempt['outcome'], at: number, error?: string): RefreshAttempt {
    return {
      at: startedAt,
      appId: app.id,
      mode: app.mode,
      trigger: input.trigger,
      outcome,
      latencyMs: at - startedAt,
      minted: mints.minted !== null,
      ...(error ? { error } : {}),
    };
  }

  /** The last good state, kept and marked stale, with a fresh token when the mint still worked. */
  function stale(error: FapiError | null, at: number, rawToken: string | null): SyncResult {
    const base = carried ?? emptySnapshot(app, key, at);
    let token: TokenInfo | null = base.token;
    const minted = mints.minted;
    if (minted && mints.mintedFor === base.currentSessionId) token = attributeToken(minted.value, minted, base.token);
    recordMint(at);
    let snapshotError = base.error;
    if (error) {
      const failures = state.consecutiveFailures + 1;
      const notBefore = at + backoffMs(failures, error.retryAfterMs);
      nextState = { ...nextState, consecutiveFailures: failures, notBefore };
      snapshotError = describe(error, at, notBefore);
      if (input.key && error.kind !== 'config' && error.kind !== 'permission')
        setup.read = { at, ok: false, error: snapshotError };
    }
    const snapshot: SessionSnapshot = {
      ...base,
      label: app.label,
      mode: app.mode,
      syncHost: app.syncHost,
      token,
      error: snapshotError,
      stale: error !== null || base.stale,
      writtenAt: at,
      setup,
      sideEffectError: null,
    };
    return {
      snapshot,
      attempt: attempt(error ? 'error' : 'ok', at, error?.message ?? mints.error?.message),
      state: nextState,
      rawToken,
    };
  }

  // A session we know from the last good read: mint first, so the read that follows shows the
  // activity it caused. An ended session (expired, revoked…) cannot be kept alive.
  const previousCurrent = carried && !carried.stale ? currentSession(carried) : null;
  const staleCurrent = carried ? currentSession(carried) : null;
  const knownRecord = previousCurrent ?? (input.mintOnly ? staleCurrent : null);
  const knownSession = knownRecord?.id ?? null;
  const knownLive = knownSession !== null && !isEndedStatus((previousCurrent ?? staleCurrent)?.status ?? 'ended');

  try {
    if (!key) throw new FapiError('config', input.keyProblem);
    if (!(await input.hasPermission())) {
      throw new FapiError(
        'permission',
        `Access to ${key.fapiHost}${app.syncHost ? ` and ${app.syncHost}` : ''} was not granted. Grant it to sync.`,
      );
    }
    const gateway = await input.gateway();

    if (input.mintOnly) {
      if (knownLive && wantsMint(knownSession, previousExpiry) && knownSession)
        await mints.tryMint(gateway, knownSession, knownRecord);
      const token = mints.minted?.value ?? null;
      return stale(null, now(), token);
    }

    // 1. The environment (environment-step.ts); throws when nothing else can be sent.
    const multiSession = await readEnvironmentStep({ gateway, key, setup, carried, startedAt, now });

    // 2. Which cookie is the app's identity (evidence for the doctor; the gateways read it themselves).
    const choice = await input.inspectIdentity();
    if (choice) {
      setup.identity = {
        cookieName: choice.cookie?.name ?? null,
        suffixed: choice.suffixed,
        otherInstances: choice.otherInstances,
        partitionedOnly: choice.partitionedOnly,
      };
    }

    // 3. Keep-alive: mint for the session we know. Not when the app's own cookies caused this
    // sync: the app just changed something (a setActive({ organization }), a sign-in), and the
    // mint's organization comes from the last read, so minting first would switch the app's
    // organization back on the server. Those syncs read first and mint after (below).
    const appEvidence = input.trigger === 'app-token' || input.trigger === 'sync-cookie';
    if (!appEvidence && knownLive && wantsMint(knownSession, previousExpiry) && knownSession)
      await mints.tryMint(gateway, knownSession, knownRecord);
    // No request storm: a refused mint is followed by a read only on the sync alarm's schedule.
    if (input.mintAlarm && mints.error) return stale(null, now(), null);

    // 4. Read.
    let read: Timed<ClientState>;
    try {
      read = await gateway.readClient();
    } catch (error) {
      const e = toFapiError(error);
      if (e.kind !== 'no-identity') throw e;
      // The app has no client in this browser (never opened, cookies cleared): signed out.
      read = { value: SIGNED_OUT, latencyMs: 0, localMidpoint: startedAt, serverDateMs: null };
    }
    for (const [id, jwt] of read.value.lastActiveTokens) mints.remember(id, jwt);
    let current = read.value.lastActiveSessionId;
    let before: SessionRecord | null = previousCurrent;
    const currentLive = read.value.sessions.some((s) => s.id === current && !isEndedStatus(s.status));
    // The session of a stale snapshot (recovery after a failure) keeps its token's expiry: no
    // needless mint; nor when the app's own tab just minted a later one.
    const knownExpiry =
      current !== null && carried?.currentSessionId === current
        ? laterExpiry(previousExpiry, read.value.lastActiveTokens.get(current), carried.clockOffsetMs)
        : null;
    const unseen = current !== knownSession || appEvidence;
    if (current && mints.mintedFor !== current && unseen && currentLive && wantsMint(current, knownExpiry)) {
      // A session we had not seen (first sync, sign-in, account switch), or one the app just
      // changed: mint, then re-read. The two reads around that mint are the evidence the lifetime
      // inference needs, at once.
      const firstRead = read.value.sessions.find((s) => s.id === current) ?? null;
      if (await mints.tryMint(gateway, current, firstRead)) {
        try {
          read = await gateway.readClient();
          before = firstRead;
          current = read.value.lastActiveSessionId;
        } catch {
          // The first read stands; the next sync reads again.
        }
      }
    }

    const at = now();
    const mint = mints.minted;
    const samples = syncClockSamples(read, mint, mint ? decodeJwt(mint.value)?.claims.iat : undefined);
    const clockOffsetMs = estimateClockOffset(samples) ?? carried?.clockOffsetMs ?? 0;

    const nextSession = read.value.sessions.find((s) => s.id === current) ?? null;
    const appToken = current ? read.value.lastActiveTokens.get(current) : undefined;
    const rawToken = mint && current && mints.mintedFor === current && mint.value ? mint.value : (appToken ?? null);
    let token = rawToken ? attributeToken(rawToken, mint, carried?.token ?? null) : null;

    const serverBehaviour = observeServerBehaviour(carried?.serverBehaviour ?? null, {
      before,
      after: nextSession,
      tokenBefore: tokenKey(carried?.token),
      tokenAfter: tokenKey(token),
      readServerTime: read.serverDateMs === null ? null : read.localMidpoint + clockOffsetMs,
      // A read the app's own mint caused comes right after that mint: it would look like a
      // read that re-mints and counts as activity. So does a read its identity cookies caused:
      // a sign-in, a session or organization switch (a touch that answers with a new token).
      // Only reads nobody minted before are evidence.
      mintedThisSync: mint !== null || appEvidence,
      at,
    });
    // On an instance that re-mints on read, the read's token is Clerk's, not the app's refresh.
    if (token?.mintedBy === 'app' && serverBehaviour.remintOnRead.verdict === 'yes') token = { ...token, mintedBy: 'read' };

    const previousSession =
      before && nextSession && before.id === nextSession.id ? before : carried ? currentSession(carried) : null;
    const lifetimes = inferLifetimes(previousSession, nextSession, carried, app.declared);
    recordMint(at);
    setup.read = { at, ok: true, error: null };
    nextState = { ...nextState, consecutiveFailures: 0, notBefore: null };
    const attemptRecord = attempt(current ? 'ok' : 'signed-out', at, mints.error?.message);
    const capped = capSessions(read.value.sessions, current);
    const snapshot: SessionSnapshot = {
      ...emptySnapshot(app, key, at),
      multiSession,
      sessions: capped.kept,
      sessionsOmitted: capped.omitted,
      currentSessionId: current,
      token,
      lastRefresh: attemptRecord,
      clockOffsetMs,
      ...lifetimes,
      setup,
      serverBehaviour,
    };
    return { snapshot, attempt: attemptRecord, state: nextState, rawToken };
  } catch (error) {
    const mint = mints.minted;
    return stale(toFapiError(error), now(), mint && mints.mintedFor === carried?.currentSessionId ? mint.value : null);
  }
}
