/**
 * What the doctor says when a Frontend API step was refused: the specific fix for the Clerk error
 * codes we know (FIELD-NOTES section 6), else Clerk's own code and message. Outages and rate limits
 * are information, not a setup problem. The `allowed_origins` command reads the secret key from
 * the developer's own shell (`$CLERK_SECRET_KEY`); nothing here asks for or shows a secret.
 */
import { CLERK_API_VERSION } from '../engine/api-version';
import type { SnapshotError } from '../snapshot';
import type { DoctorCheck, DoctorInput } from './types';

/**
 * Adds the extension's origin to the instance's `allowed_origins`: the Backend API's
 * `PATCH /v1/instance` replaces the whole list, so the command reads it first
 * (`GET /v1/instance`), merges with jq, and PATCHes the merged list; a failed read (`curl -f`, pipefail)
 * sends nothing. The secret never becomes a program's argument (`ps`
 * shows those to every user): printf, a shell builtin, writes the header into a file only the
 * user can read, and curl reads it with `-H @file`.
 */
export function allowedOriginsCommand(extensionId: string, api = 'https://api.clerk.com'): string {
  const url = `${api}/v1/instance`;
  return [
    '( set -o pipefail; umask 077; AUTH="$(mktemp)"; trap \'rm -f "$AUTH"\' EXIT',
    '  printf \'Authorization: Bearer %s\\n\' "$CLERK_SECRET_KEY" > "$AUTH"',
    `  BODY="$(curl -fsS -H @"$AUTH" ${url} \\`,
    `    | jq -c '{allowed_origins: (((.allowed_origins // []) + ["chrome-extension://${extensionId}"]) | unique)}')" &&`,
    `  printf '%s' "$BODY" | curl -fsS -X PATCH -H @"$AUTH" -H 'Content-Type: application/json' --data-binary @- ${url} )`,
  ].join('\n');
}

export const NATIVE_API_PATH = 'Clerk Dashboard → Configure → Native applications → enable the Native API';

function clerkSays(error: SnapshotError): string {
  return error.code
    ? `Clerk answered ${error.httpStatus ?? ''} ${error.code}: ${error.message}`.replace('  ', ' ')
    : error.message;
}

function transient(error: SnapshotError): boolean {
  return error.kind === 'rate-limited' || (error.httpStatus ?? 0) >= 500 || error.kind === 'malformed';
}

export function unreachable(error: SnapshotError | null | undefined): boolean {
  return error?.kind === 'network' || error?.kind === 'timeout';
}

/** A failed step's check: the specific fix for Clerk codes we know, else Clerk's own words. */
export function refusal(id: DoctorCheck['id'], title: string, error: SnapshotError, input: DoctorInput): DoctorCheck {
  const base = { id, title, status: 'fail' as const, code: error.code };
  switch (error.code) {
    case 'origin_invalid':
    case 'origin_authorization_headers_conflict':
      return {
        ...base,
        detail: `Clerk refused the extension's origin (${error.code}). Chrome sends Origin: chrome-extension://${input.extensionId} with the worker's POSTs (token mints, sign-out, revoke), so those are refused while reads work.`,
        fix: `Add chrome-extension://${input.extensionId} to the instance's allowed origins; this keeps the origins already in the list (needs curl and jq; reads CLERK_SECRET_KEY from your shell):`,
        command: allowedOriginsCommand(input.extensionId),
      };
    case 'native_api_disabled':
      return {
        ...base,
        detail: 'The Native API is off: Clerk refuses every request a browser extension makes with a production key.',
        fix: 'Turn it on:',
        command: NATIVE_API_PATH,
      };
    case 'dev_browser_unauthenticated':
      return {
        ...base,
        detail: `Clerk does not know this browser's development client (${error.code}): the __clerk_db_jwt cookie belongs to another instance, or the dev browser was reset.`,
        fix: `Reload your app${input.app.syncHost ? ` (${input.app.syncHost})` : ''} once in this browser profile; check that the publishable key is the app's own.`,
      };
    case 'api_version_invalid':
      return {
        ...base,
        detail: `Clerk refused the Frontend API version this extension sends (__clerk_api_version=${CLERK_API_VERSION}, set by its pinned Clerk SDK): ${clerkSays(error)}`,
        fix: 'Update the extension: its Clerk SDK decides the version, and Clerk no longer accepts this one. If a proxy in front of your Frontend API adds a Clerk-API-Version header, remove it: Clerk refuses a version sent both in the query and in that header.',
      };
    case 'missing_expired_token':
      return {
        ...base,
        detail: 'Clerk asked for the previous token (422 missing_expired_token) and refused the retry that sent it.',
        fix: 'This is on Clerk’s side (seen during incidents): check status.clerk.com; the extension keeps retrying with backoff.',
      };
    default:
      // Outages and rate limits are not a setup problem: the popup's stale card already says
      // what happened and when the next try is, so the doctor lists them as information only.
      if (transient(error)) {
        return { ...base, status: 'info', detail: `${clerkSays(error)} Temporary: the extension retries with backoff.` };
      }
      return { ...base, detail: clerkSays(error) };
  }
}
