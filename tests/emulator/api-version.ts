/**
 * Clerk's API versions (clerk-docs `guides/development/upgrading/versioning.mdx`): a request names
 * one with the `__clerk_api_version` query parameter or the `Clerk-API-Version` header, never both;
 * an unknown version, or both at once, is a 400 `api_version_invalid` (clerk-docs
 * `data/api_errors.json`, `InvalidAPIVersion`: "Invalid Clerk API version: <reason>"). A request
 * that names none is answered (Clerk then uses its initial version). Pure checks: no I/O.
 */
import { SUPPORTED_FAPI_VERSION } from '@clerk/shared/internal/clerk-js/constants';
import { FapiError } from './http.ts';

/** The versions Clerk's versioning page lists (docs snapshot of 2026-08-21), oldest first. */
export const DOCUMENTED_API_VERSIONS = ['2021-02-05', '2024-10-01', '2025-04-10', '2025-11-10', '2026-05-12'] as const;

/**
 * What the emulator accepts: the documented versions, plus the one the pinned clerk-js sends
 * (`SUPPORTED_FAPI_VERSION`, 2026-08-20 in clerk-js 6.40), which is newer than the docs page lists
 * but is what every clerk-js 6.40 app sends real Clerk.
 */
export const KNOWN_API_VERSIONS: readonly string[] = [...new Set<string>([...DOCUMENTED_API_VERSIONS, SUPPORTED_FAPI_VERSION])];

export function apiVersionInvalid(reason: string): FapiError {
  return new FapiError(400, 'api_version_invalid', 'invalid API version', `Invalid Clerk API version: ${reason}`);
}

/** The refusal for this request's API version, or null. */
export function apiVersionRefusal(
  query: URLSearchParams,
  headers: { 'clerk-api-version'?: string | string[] },
): FapiError | null {
  const inQuery = query.get('__clerk_api_version');
  const header = headers['clerk-api-version'];
  const inHeader = Array.isArray(header) ? header.join(',') : header;
  if (inQuery !== null && inHeader !== undefined) {
    return apiVersionInvalid('set it with the __clerk_api_version query parameter or the Clerk-API-Version header, not both');
  }
  const version = inQuery ?? inHeader;
  if (version === undefined) return null;
  if (!KNOWN_API_VERSIONS.includes(version)) {
    return apiVersionInvalid(`${JSON.stringify(version)} is not a Clerk API version (known: ${KNOWN_API_VERSIONS.join(', ')})`);
  }
  return null;
}
