/**
 * The probe's answer, checked before anything uses it (issue 19, items 4 and 5). It comes from the
 * page's own JavaScript world, so the page controls all of it: it can shadow DOM built-ins, define
 * getters that throw, or put any text in `window.Clerk`. Pure.
 *
 * - Shape: every field of the type it should have, or the whole report is refused (null).
 * - Counts and lengths: capped, so a page cannot fill the popup or storage.
 * - What reaches the UI: an instance type only when Clerk knows it, a Frontend API or domain only
 *   as a validated host (`auth.example.com`, `localhost:3000`), never page prose. A proxy URL
 *   keeps its path too (adopting a proxied app needs it: `https://app.example.com/__clerk`), as a
 *   validated origin and a short path of URL-safe characters; the UI shows only its host.
 */
import type { PageClerk, PageReport } from './probe';

const MAX_URL = 2048;
const MAX_KEY = 512;
const MAX_VERSION = 40;
const MAX_SCRIPT_KEYS = 10;
const MAX_COOKIE_NAMES = 50;
const MAX_COOKIE_NAME = 100;
const HOST = /^(?=.{1,253}(?::\d{1,5})?$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class BadShape extends Error {}

/** A string or null (an empty string is null); any other type refuses the report. */
function text(value: unknown, max: number, tooLong: 'null' | 'cut' = 'null'): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new BadShape();
  if (value.length <= max) return value;
  return tooLong === 'cut' ? value.slice(0, max) : null;
}

function flag(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'boolean') throw new BadShape();
  return value;
}

function strings(value: unknown, maxCount: number, maxLength: number): string[] {
  if (!Array.isArray(value) || value.length > 10_000) throw new BadShape();
  const out: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string') throw new BadShape();
    if (item !== '' && item.length <= maxLength && !out.includes(item)) out.push(item);
    if (out.length === maxCount) break;
  }
  return out;
}

/**
 * The host of what clerk-js reports as a URL or a host: `https://auth.example.com/__clerk` →
 * `auth.example.com`; a path (`/__clerk`, a proxy on the page's own origin) → the origin's host;
 * anything that is not an http(s) URL of a plain host → null.
 */
export function hostOfPageValue(value: string | null, origin: string): string | null {
  if (!value || value.length > MAX_URL) return null;
  try {
    const url = value.startsWith('/') ? new URL(value, origin) : new URL(value.includes('://') ? value : `https://${value}`);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    const host = url.host.toLowerCase();
    return HOST.test(host) ? host : null;
  } catch {
    return null;
  }
}

const PROXY_PATH = /^[A-Za-z0-9._~/-]{0,200}$/;

/**
 * A proxy URL as clerk-js reports it (absolute, or a path on the page's origin) → `<origin><path>`
 * of a validated host, without its query and fragment (dropped, never shown) and trailing slash;
 * anything else → null.
 */
export function proxyUrlOfPageValue(value: string | null, origin: string): string | null {
  if (!value || value.length > MAX_URL) return null;
  try {
    const url = value.startsWith('/') ? new URL(value, origin) : new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username || url.password) return null;
    const path = url.pathname.replace(/\/+$/, '');
    return HOST.test(url.host.toLowerCase()) && PROXY_PATH.test(path) ? `${url.origin}${path}` : null;
  } catch {
    return null;
  }
}

const INSTANCE_TYPES = new Set(['development', 'production']);

function parseClerk(raw: unknown, origin: string): PageClerk | null {
  if (raw === null || raw === undefined) return null;
  if (!isRecord(raw)) throw new BadShape();
  if (typeof raw.instance !== 'boolean') throw new BadShape();
  const instanceType = text(raw.instanceType, 100);
  return {
    instance: raw.instance,
    loaded: flag(raw.loaded),
    publishableKey: text(raw.publishableKey, MAX_KEY),
    frontendApi: hostOfPageValue(text(raw.frontendApi, MAX_URL), origin),
    instanceType: instanceType && INSTANCE_TYPES.has(instanceType) ? instanceType : null,
    proxyUrl: proxyUrlOfPageValue(text(raw.proxyUrl, MAX_URL), origin),
    domain: hostOfPageValue(text(raw.domain, MAX_URL), origin),
    isSatellite: flag(raw.isSatellite),
    version: text(raw.version, MAX_VERSION, 'cut'),
  };
}

function parse(raw: unknown): PageReport | null {
  if (!isRecord(raw)) return null;
  const url = text(raw.url, MAX_URL);
  const origin = text(raw.origin, MAX_URL);
  if (!url || !origin) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // The origin is the URL's own: a page cannot claim another site's.
  if (parsed.origin !== origin) return null;
  return {
    url,
    origin,
    clerk: parseClerk(raw.clerk, origin),
    scriptKeys: strings(raw.scriptKeys, MAX_SCRIPT_KEYS, MAX_KEY),
    scriptProxyUrl: proxyUrlOfPageValue(text(raw.scriptProxyUrl, MAX_URL), origin),
    scriptDomain: hostOfPageValue(text(raw.scriptDomain, MAX_URL), origin),
    cookieNames: strings(raw.cookieNames, MAX_COOKIE_NAMES, MAX_COOKIE_NAME),
  };
}

/** The checked report, or null when the page's answer is not one. Never throws. */
export function parsePageReport(raw: unknown): PageReport | null {
  try {
    return parse(raw);
  } catch {
    return null;
  }
}
