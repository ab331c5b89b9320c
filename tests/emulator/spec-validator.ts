/**
 * Validates emulator responses against Clerk's published FAPI spec (OpenAPI 3.0.3) with ajv.
 * The spec's component schemas are converted to JSON Schema once: OpenAPI 3.0 `nullable` becomes
 * `anyOf [null, …]`, OpenAPI-only keywords are dropped, `$ref`s resolve inside one schema document.
 * Test-only; reads the copy of Clerk's spec in ./clerk-fapi (MIT, with its LICENSE) and is never bundled.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const SPEC_PATH = resolve(import.meta.dirname, 'clerk-fapi/fapi-2026-05-12.yml');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const DROPPED = new Set([
  'discriminator',
  'example',
  'examples',
  'xml',
  'externalDocs',
  'deprecated',
  'description',
  'readOnly',
  'writeOnly',
]);

/** OpenAPI 3.0 Schema Object → JSON Schema (draft-07). */
export function convertSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(convertSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-') || key === 'nullable') continue;
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertSchema(v)]));
    } else out[key] = convertSchema(value);
  }
  if (node.nullable === true) {
    // `enum` would reject null unless null is listed; keep the enum inside the non-null branch.
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, Schema> }>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Schema> };
}

export interface SpecValidator {
  /**
   * Validates `body` as the response of `METHOD path` (path as written in the spec, e.g.
   * `/v1/client/sessions/{session_id}/tokens`) with `status`. Returns the ajv errors, or [] when
   * valid. Throws when the spec declares no JSON schema for that response.
   */
  validate(method: string, path: string, status: number, body: unknown): string[];
  /** Validates against a named component schema (e.g. `ClerkErrors`). */
  validateComponent(name: string, body: unknown): string[];
  /** The JSON schema of a response, or null when the spec has none (e.g. `POST /v1/dev_browser`). */
  responseSchemaRef(method: string, path: string, status: number): Json | null;
}

export function loadSpecValidator(specPath: string = SPEC_PATH): SpecValidator {
  const spec = parse(readFileSync(specPath, 'utf8')) as Spec;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const converted: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(spec.components.schemas)) converted[name] = convertSchema(schema);
  ajv.addSchema({ $id: 'fapi', components: { schemas: converted } } as unknown as Schema);
  const cache = new Map<string, ValidateFunction>();

  function compile(key: string, schema: Json): ValidateFunction {
    let fn = cache.get(key);
    if (!fn) {
      // Inline schemas may hold `#/components/...` refs: anchor them to the spec document.
      const anchored = JSON.parse(JSON.stringify(convertSchema(schema)).replaceAll('"#/components/', '"fapi#/components/'));
      fn = ajv.compile(anchored);
      cache.set(key, fn);
    }
    return fn;
  }

  function responseSchema(method: string, path: string, status: number): Json | null {
    const operation = spec.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`The spec has no operation ${method} ${path}`);
    let response = operation.responses?.[String(status)] as Schema | undefined;
    if (!response) throw new Error(`The spec declares no ${status} response for ${method} ${path}`);
    const ref = response.$ref;
    if (typeof ref === 'string') response = spec.components.responses[ref.replace('#/components/responses/', '')];
    const content = response?.content as Schema | undefined;
    const json = content?.['application/json'] as Schema | undefined;
    return json?.schema ?? null;
  }

  function run(fn: ValidateFunction, body: unknown): string[] {
    if (fn(body)) return [];
    return (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  return {
    validate(method, path, status, body) {
      const schema = responseSchema(method, path, status);
      if (schema === null) throw new Error(`The spec has no JSON schema for ${method} ${path} ${status}`);
      return run(compile(`${method} ${path} ${status}`, schema), body);
    },
    validateComponent(name, body) {
      return run(compile(`component ${name}`, { $ref: `#/components/schemas/${name}` }), body);
    },
    responseSchemaRef: responseSchema,
  };
}
