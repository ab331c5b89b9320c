/**
 * The emulator's equivalent of Clerk's Backend API `PATCH /v1/instance` (what a developer runs
 * with their secret key to set up an instance), served on the control API as
 * `PATCH /__emulator/v1/instance`: a JSON body in the Backend API's own snake_case, an empty 204 on
 * success, Clerk's form errors (422) otherwise. Only `allowed_origins` is modelled; the other
 * fields the Backend API takes (test_mode, hibp, support_email, …) change nothing the Frontend API
 * shows here and are refused as unknown rather than silently accepted.
 *
 * The list replaces the instance's whole list, as the Backend API's PATCH does (the doctor's
 * command warns about that).
 */
import { type Body, FapiError } from './http.ts';
import type { InstanceState } from './state.ts';

const FORM_INVALID_ORIGIN_EXAMPLES =
  'my-app://localhost, chrome-extension://mnhbilbfebpbokpjjamapdecdgieldho, or capacitor://localhost:3000';

/**
 * Clerk's catalogue (clerk-docs `data/api_errors.json`, `FormInvalidOrigin`, Backend API only):
 * "an error when the given origin is http/https", 422 `form_invalid_origin`. Web origins need no
 * entry (a page on the instance's own domain is allowed by Clerk); the list is for browser-like
 * stacks whose origin is not a web page's.
 */
export function formInvalidOrigin(param: string): FapiError {
  return new FapiError(
    422,
    'form_invalid_origin',
    'is invalid',
    `${param} must be a valid origin such as ${FORM_INVALID_ORIGIN_EXAMPLES}`,
    {
      param_name: param,
    },
  );
}

function formParamUnknown(param: string): FapiError {
  return new FapiError(422, 'form_param_unknown', 'is unknown', `${param} is not a valid parameter for this request.`, {
    param_name: param,
  });
}

function formParamInvalid(param: string, longMessage: string): FapiError {
  return new FapiError(422, 'form_param_format_invalid', 'is invalid', longMessage, { param_name: param });
}

/** `scheme://host[:port]`, no path: what browsers send as `Origin`. */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i;

/** Validates a Backend API `allowed_origins` list; http(s) entries are refused while `refuseWebOrigins` holds. */
export function checkAllowedOrigins(value: unknown, refuseWebOrigins: boolean): string[] {
  const param = 'allowed_origins';
  if (!Array.isArray(value)) throw formParamInvalid(param, `${param} must be an array of origins.`);
  for (const entry of value) {
    if (typeof entry !== 'string' || !ORIGIN.test(entry)) {
      throw formParamInvalid(param, `${param} must contain origins such as ${FORM_INVALID_ORIGIN_EXAMPLES}.`);
    }
    if (refuseWebOrigins && /^https?:\/\//i.test(entry)) throw formInvalidOrigin(param);
  }
  return [...value] as string[];
}

/** `PATCH /v1/instance`, Backend API shape: applies the body to the instance, or throws Clerk's 422. */
export function updateInstance(instance: InstanceState, body: Body): void {
  for (const key of Object.keys(body)) if (key !== 'allowed_origins') throw formParamUnknown(key);
  if (body.allowed_origins !== undefined) {
    instance.rules.allowedOrigins = checkAllowedOrigins(body.allowed_origins, instance.rules.refuseWebAllowedOrigins);
  }
}
