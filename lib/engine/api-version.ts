/**
 * The Frontend API version this extension sends with its own requests (`__clerk_api_version`),
 * taken from the pinned Clerk SDK rather than written here: `SUPPORTED_FAPI_VERSION` is what
 * clerk-js (inside @clerk/chrome-extension) sends, so the SDK's requests and the direct ones speak
 * the same version (tests/unit/engine/api-version.test.ts checks the bundled clerk-js agrees).
 * Clerk refuses an unknown version, or a version sent both in the query and in a
 * `Clerk-API-Version` header, with 400 `api_version_invalid` (clerk-docs versioning page).
 * Tiny and dependency-free, so the doctor (popup) can name the version too.
 */
import { SUPPORTED_FAPI_VERSION } from '@clerk/shared/internal/clerk-js/constants';

export const CLERK_API_VERSION: string = SUPPORTED_FAPI_VERSION;
