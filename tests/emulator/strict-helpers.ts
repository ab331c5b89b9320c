/**
 * Shared by the strict-rule tests: raw FAPI requests with exactly the headers a test chooses (the
 * extension's POST with its Origin, a page's request, a native client), and checks that a refusal
 * is Clerk's error envelope as the spec's `ClerkErrors` describes it.
 */
import { expect } from 'vitest';
import { CLERK_API_VERSION } from '../../lib/engine/api-version.ts';
import type { Emulator } from './server.ts';
import { loadSpecValidator, type SpecValidator } from './spec-validator.ts';
import type { InstanceType } from './state.ts';

let spec: SpecValidator | null = null;

export interface RawResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading nested JSON
  body: any;
}

export interface RawRequest {
  method?: 'GET' | 'POST';
  /** `_method` override (DELETE, PATCH) on a POST. */
  override?: string;
  origin?: string;
  authorization?: string;
  /** Extra request headers (e.g. `clerk-api-version`). */
  headers?: Record<string, string>;
  /** false: no `__clerk_api_version` in the query. */
  apiVersionInQuery?: boolean;
  query?: Record<string, string>;
  form?: Record<string, string>;
}

/** One FAPI request with only the headers asked for. */
export async function raw(
  emulator: Emulator,
  instance: InstanceType,
  path: string,
  request: RawRequest = {},
): Promise<RawResponse> {
  const url = new URL(path, emulator.fapiUrls[instance]);
  if (request.apiVersionInQuery !== false) url.searchParams.set('__clerk_api_version', CLERK_API_VERSION);
  for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v);
  if (request.override) url.searchParams.set('_method', request.override);
  const method = request.method ?? (request.form || request.override ? 'POST' : 'GET');
  const headers: Record<string, string> = { ...request.headers };
  if (request.origin !== undefined) headers.origin = request.origin;
  if (request.authorization !== undefined) headers.authorization = request.authorization;
  let body: string | undefined;
  if (method === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form ?? {}).toString();
  }
  const res = await emulator.fetch(url, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers as unknown as Headers, body: text ? JSON.parse(text) : null };
}

/** A refusal: this status and code, and a body the spec's `ClerkErrors` schema accepts. */
export function expectClerkError(res: { status: number; body: unknown }, status: number, code: string): void {
  spec ??= loadSpecValidator();
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(spec.validateComponent('ClerkErrors', res.body)).toEqual([]);
  const body = res.body as { errors: Array<{ code: string; message: string; long_message: string }>; clerk_trace_id: string };
  expect(body.errors[0]?.code).toBe(code);
  expect(body.errors[0]?.long_message.length).toBeGreaterThan(10);
  expect(typeof body.clerk_trace_id).toBe('string');
}
