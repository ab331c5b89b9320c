/**
 * The setup doctor: a checklist, in the order a request travels, computed from what the syncs
 * recorded (`snapshot.setup`, lib/engine/sync.ts) and the app's configuration. Pure: the options
 * page and the popup render the same list. Each failing check names the exact fix, with this
 * build's real extension id; an error code with no specific finding shows Clerk's own code and
 * message. Nothing here asks for or shows a secret: the `allowed_origins` command reads the secret
 * key from the developer's own shell (`$CLERK_SECRET_KEY`).
 *
 * Clerk rules behind the checks: FIELD-NOTES section 6 (Native API, allowed origins, suffixed
 * cookies) and Clerk's default 5 s `nbf` clock-skew allowance.
 */
import type { AppConfig } from '../apps';
import { frontendApiFor } from '../frontend-api';
import { trustedAppKey } from '../host-trust';
import type { SnapshotError } from '../snapshot';
import { diagnosticChecks, diagnosticsOf } from './diagnostic-checks';
import { refusal, unreachable } from './refusals';
import type { DoctorCheck, DoctorInput } from './types';

export { allowedOriginsCommand } from './refusals';
export type { CheckStatus, DoctorCheck, DoctorInput } from './types';

/** Clerk's default allowance for `nbf`/`exp` against a skewed clock (backend `clockSkewInMs`). */
export const CLOCK_SKEW_ALLOWANCE_MS = 5_000;

function keyCheck(app: AppConfig): DoctorCheck {
  const parsed = trustedAppKey(app);
  if (!parsed.ok)
    return {
      id: 'key',
      title: 'Publishable key',
      status: 'fail',
      detail: parsed.message,
      fix: 'Fix the key on the options page.',
    };
  const api = frontendApiFor(parsed.key, app);
  if (api.unsupported)
    return { id: 'key', title: 'Frontend API', status: 'fail', detail: api.unsupported, fix: 'Set the satellite’s domain.' };
  if (api.custom)
    return {
      id: 'key',
      title: 'Publishable key',
      status: 'pass',
      detail: `${parsed.key.instanceType} instance; Frontend API ${api.base}${api.query.__domain ? ` (__domain=${api.query.__domain})` : ''} (${app.proxyUrl ? 'proxy' : 'satellite'}), its own client; the JWKS from ${parsed.key.fapiHost}`,
    };
  return {
    id: 'key',
    title: 'Publishable key',
    status: 'pass',
    detail: `${parsed.key.instanceType} instance, Frontend API ${parsed.key.fapiHost}`,
  };
}

export function runDoctor(input: DoctorInput): DoctorCheck[] {
  const { app, snapshot, permission } = input;
  const key = trustedAppKey(app);
  const checks: DoctorCheck[] = [keyCheck(app)];
  if (!key.ok) return checks;
  const production = key.key.instanceType === 'production';
  const permissionMissing = permission === 'missing' || snapshot?.error?.kind === 'permission';
  checks.push(
    permissionMissing
      ? {
          id: 'permission',
          title: 'Host permissions',
          status: 'fail',
          detail: `Access to ${key.key.fapiHost}${app.syncHost ? ` and ${app.syncHost}` : ''} was not granted.`,
          fix: 'Click “Grant access” (popup or options page) and accept Chrome’s prompt.',
        }
      : {
          id: 'permission',
          title: 'Host permissions',
          status: permission === 'granted' ? 'pass' : 'unknown',
          detail: permission === 'granted' ? 'granted' : 'not checked yet',
        },
  );
  const setup = snapshot?.setup;
  if (!snapshot || !setup || permissionMissing) return checks;

  // Reachability: any step that failed with a network error or a timeout.
  const netError = [setup.environment?.error, setup.read?.error, snapshot.error].find(unreachable) ?? null;
  if (netError) {
    checks.push({
      id: 'reachable',
      title: 'Frontend API reachable',
      status: 'fail',
      detail:
        netError.kind === 'timeout'
          ? `https://${key.key.fapiHost} did not answer within 10 s (timeout).`
          : `https://${key.key.fapiHost} could not be reached: DNS, TLS or the connection failed (Chrome does not say which to extensions).`,
      fix: `Open https://${key.key.fapiHost}/v1/environment in a tab: Chrome's error page names the cause (ERR_NAME_NOT_RESOLVED, ERR_CERT_…, ERR_CONNECTION_REFUSED).`,
    });
  } else if (setup.environment || setup.read) {
    checks.push({
      id: 'reachable',
      title: 'Frontend API reachable',
      status: 'pass',
      detail: `https://${key.key.fapiHost} answers`,
    });
  }

  const env = setup.environment;
  if (env && !unreachable(env.error)) {
    checks.push(
      env.ok
        ? { id: 'environment', title: 'Environment read', status: 'pass', detail: 'GET /v1/environment answered' }
        : refusal('environment', 'Environment read', env.error as SnapshotError, input),
    );
  }

  if (production) {
    const native = env?.nativeApiEnabled;
    checks.push(
      native === false
        ? refusal(
            'native-api',
            'Native API',
            { kind: 'http', message: '', at: env?.at ?? 0, code: 'native_api_disabled', httpStatus: 400 },
            input,
          )
        : {
            id: 'native-api',
            title: 'Native API',
            status: native ? 'pass' : 'unknown',
            detail: native ? 'on (auth_config.native_settings.api_enabled)' : 'the environment does not say',
          },
    );
  }

  const identity = setup.identity;
  if (identity) {
    const where = production ? `https://${key.key.fapiHost}` : (app.syncHost ?? '');
    if (identity.cookieName) {
      checks.push({
        id: 'identity-cookie',
        title: 'Identity cookie',
        status: !identity.suffixed && !production && identity.otherInstances === 0 ? 'info' : 'pass',
        detail: identity.suffixed
          ? `${identity.cookieName} on ${where}: this app's own copy${identity.otherInstances ? ` (${identity.otherInstances} other Clerk instance(s) on the same host are told apart)` : ''}`
          : `${identity.cookieName} on ${where}${production ? '' : ' (unsuffixed: your app’s Clerk JS writes no per-key copy, so a second Clerk app on the same host would clash)'}`,
      });
    } else if (identity.partitionedOnly) {
      checks.push({
        id: 'identity-cookie',
        title: 'Identity cookie',
        status: 'fail',
        detail: `The app's Clerk cookie on ${where} is partitioned (CHIPS): the Clerk SDK and this extension cannot read partitioned cookies.`,
        fix: 'Turn off partitioned cookies for the instance (environment partitioned_cookies), or load the app first-party, then reload it.',
      });
    } else {
      checks.push({
        id: 'identity-cookie',
        title: 'Identity cookie',
        status: 'fail',
        detail:
          identity.otherInstances > 0
            ? `Only another Clerk instance's cookies are on ${where}; none is this app's (its key does not match).`
            : `No Clerk client cookie (${production ? '__client' : '__clerk_db_jwt'}) on ${where}.`,
        // Chrome's cookies API does not show an extension the Partitioned cookies a first-party
        // page wrote (tests/e2e/partitioned-cookies.e2e.ts), so that cause cannot be told apart
        // here: name it.
        fix: `Open your app${app.syncHost ? ` (${app.syncHost})` : ''} in this browser profile and sign in.${identity.otherInstances > 0 ? ' Check that the publishable key is the one this app uses.' : ''}${production ? '' : ' Signed in there and still nothing? With partitioned cookies on for the instance (environment partitioned_cookies), Clerk JS writes its cookies Partitioned, which this extension cannot read: turn that off.'}`,
      });
    }
  }

  // With the Native API off, the read and the mint fail for that one reason (or are not sent at
  // all): say it once, on the Native API check.
  const nativeOff = production && env?.nativeApiEnabled === false;
  const read = setup.read;
  if (read && nativeOff && read.error?.code === 'native_api_disabled') {
    checks.push({ id: 'client-read', title: 'Client read', status: 'skip', detail: 'not sent: the Native API is off' });
  } else if (read && !unreachable(read.error)) {
    checks.push(
      read.ok
        ? { id: 'client-read', title: 'Client read', status: 'pass', detail: 'GET /v1/client accepted' }
        : refusal('client-read', 'Client read', read.error as SnapshotError, input),
    );
  }

  if (app.mode === 'observe') {
    checks.push({
      id: 'token-mint',
      title: 'Token mint',
      status: 'skip',
      detail: 'not tried: observe mode never mints (a mint is activity)',
    });
  } else if (setup.mint && nativeOff && setup.mint.error?.code === 'native_api_disabled') {
    checks.push({ id: 'token-mint', title: 'Token mint', status: 'skip', detail: 'not sent: the Native API is off' });
  } else if (setup.mint) {
    checks.push(
      setup.mint.ok
        ? {
            id: 'token-mint',
            title: 'Token mint',
            status: 'pass',
            detail: 'POST …/tokens accepted (the extension origin is allowed)',
          }
        : refusal('token-mint', 'Token mint', setup.mint.error as SnapshotError, input),
    );
  }

  if (read?.ok) {
    const offset = snapshot.clockOffsetMs;
    const seconds = Math.round(Math.abs(offset) / 1000);
    checks.push(
      Math.abs(offset) <= CLOCK_SKEW_ALLOWANCE_MS
        ? { id: 'clock', title: 'Clock', status: 'pass', detail: `within ${seconds} s of Clerk's clock (allowance 5 s)` }
        : {
            id: 'clock',
            title: 'Clock',
            status: 'fail',
            detail: `This computer's clock is ${seconds} s ${offset > 0 ? 'behind' : 'ahead of'} Clerk's: a backend with Clerk's default 5 s allowance sees fresh 60 s tokens as not yet valid (nbf) or expired. The numbers here are corrected.`,
            fix: 'Turn on automatic time (NTP) on this computer.',
          },
    );
  }

  const behaviour = snapshot.serverBehaviour;
  if (behaviour?.readsCountAsActivity.verdict === 'yes') {
    checks.push({
      id: 'reads-activity',
      title: 'Client reads count as activity',
      status: 'warn',
      detail:
        "Measured: on this instance Clerk moves last_active_at on the extension's own client reads. Observe mode cannot watch the inactivity window drain here.",
    });
  }
  if (behaviour?.remintOnRead.verdict === 'yes') {
    checks.push({
      id: 'remint-on-read',
      title: 'Tokens re-minted on read',
      status: 'info',
      detail:
        'Measured: each client read comes back with a freshly minted token. "Last token refresh" is Clerk re-minting on read, not your app refreshing.',
    });
  }
  if (snapshot.sideEffectError) {
    checks.push({ id: 'side-effects', title: 'Extension storage', status: 'warn', detail: snapshot.sideEffectError });
  }
  checks.push(...diagnosticChecks(input.diagnostics === undefined ? diagnosticsOf(snapshot) : input.diagnostics));
  return checks;
}

/** Checks that need the user: the popup shows these at the top. */
export function failingChecks(checks: DoctorCheck[]): DoctorCheck[] {
  // Unreachable is left out: the popup's banner and stale card already say it, with the next
  // retry; repeating it would push the numbers below Chrome's 600 px popup cap. The options
  // page's full list keeps it, with how to find the cause.
  return checks.filter((c) => (c.status === 'fail' || c.status === 'warn') && c.id !== 'reachable');
}
