/**
 * Step 1 of a sync (sync.ts): the environment, read first, and again after a failure, so the
 * doctor knows (for example) that the Native API is off before the first refused request. It
 * writes its evidence into `setup.environment` and answers the instance's multi-session setting.
 */
import type { ParsedPublishableKey } from '../publishable-key';
import type { SessionSnapshot, SetupEvidence } from '../snapshot';
import { FapiError, toFapiError } from './fapi-errors';
import type { ClerkGateway } from './gateway';
import { describe } from './snapshot-base';

/** The environment is re-read this often when all is well (it rarely changes). */
export const ENVIRONMENT_MAX_AGE_MS = 30 * 60_000;

export async function readEnvironmentStep(input: {
  gateway: ClerkGateway;
  key: ParsedPublishableKey;
  /** Mutated: `setup.environment` is this step's evidence. */
  setup: SetupEvidence;
  carried: SessionSnapshot | null;
  startedAt: number;
  now: () => number;
}): Promise<boolean | null> {
  const { gateway, key, setup, carried, startedAt, now } = input;
  const env = setup.environment;
  const needsEnvironment =
    !env?.ok || env.nativeApiEnabled === false || carried?.error != null || startedAt - env.at > ENVIRONMENT_MAX_AGE_MS;
  let multiSession = carried?.multiSession ?? null;
  if (needsEnvironment) {
    const at = now();
    try {
      const read = await gateway.readEnvironment();
      setup.environment = {
        at,
        ok: true,
        error: null,
        nativeApiEnabled: read.value.nativeApiEnabled,
        sessionMinter: read.value.sessionMinter,
      };
      multiSession = read.value.multiSession ?? multiSession;
    } catch (error) {
      const e = toFapiError(error);
      // Development without a dev browser: nothing to read yet (no request was sent); the
      // client read says "signed out", and the environment is read once an identity exists.
      if (e.kind !== 'no-identity') {
        setup.environment = {
          at,
          ok: false,
          error: describe(e, at),
          nativeApiEnabled: env?.nativeApiEnabled ?? null,
          sessionMinter: env?.sessionMinter ?? null,
        };
        // Unreachable: the client read would only fail the same way.
        if (e.kind === 'network' || e.kind === 'timeout') throw e;
      }
    }
  }
  if (key.instanceType === 'production' && setup.environment?.nativeApiEnabled === false) {
    // Every request with `_is_native` would be refused (400 native_api_disabled): send none.
    throw new FapiError(
      'http',
      'The Native API is off for this instance, so Clerk refuses every request from a browser extension (native_api_disabled).',
      400,
      undefined,
      'native_api_disabled',
    );
  }
  return multiSession;
}
