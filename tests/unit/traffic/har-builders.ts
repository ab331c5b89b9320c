/** HAR entries for the traffic tests, shaped as Chrome and Playwright record them. */
import type { HarEntry, HarNameValue } from '../../../lib/traffic/har';

export const T = Date.parse('2026-12-07T01:00:00.000Z');
export const FAPI = 'https://inspector-emu.clerk.accounts.dev';
export const APP = 'http://localhost:5317';

const b64 = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/** A JWT with the given claims and a fake signature (decoding never verifies). */
export function jwt(claims: Record<string, unknown>, kid = 'ins_test'): string {
  return `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(claims)}.c2lnbmF0dXJl`;
}

export function sessionToken(atMs: number, sid = 'sess_abc', lifetimeS = 60): string {
  const iat = Math.floor(atMs / 1000);
  return jwt({ sid, sub: 'user_1', iss: FAPI, azp: APP, iat, nbf: iat - 10, exp: iat + lifetimeS, v: 2 });
}

export interface EntrySpec {
  at?: number;
  time?: number;
  method?: string;
  url: string;
  status?: number;
  requestHeaders?: HarNameValue[];
  responseHeaders?: HarNameValue[];
  cookie?: string;
  setCookies?: string[];
  location?: string;
  body?: string;
  document?: boolean;
}

export function entry(spec: EntrySpec): HarEntry {
  const at = spec.at ?? T;
  const requestHeaders = [...(spec.requestHeaders ?? [])];
  if (spec.cookie) requestHeaders.push({ name: 'Cookie', value: spec.cookie });
  const responseHeaders = [...(spec.responseHeaders ?? [])];
  for (const c of spec.setCookies ?? []) responseHeaders.push({ name: 'Set-Cookie', value: c });
  if (spec.location) responseHeaders.push({ name: 'Location', value: spec.location });
  return {
    startedDateTime: new Date(at).toISOString(),
    time: spec.time ?? 20,
    ...(spec.document !== undefined ? { _resourceType: spec.document ? 'document' : 'fetch' } : {}),
    request: { method: spec.method ?? 'GET', url: spec.url, headers: requestHeaders },
    response: {
      status: spec.status ?? 200,
      headers: responseHeaders,
      redirectURL: spec.location ?? '',
      content: spec.body ? { size: spec.body.length, mimeType: 'application/json', text: spec.body } : { size: 0 },
    },
  };
}

/** One handshake round trip as a backend with Clerk's SDK makes it: app → FAPI → app → clean app URL. */
export function handshakeTrip(at: number, reason: string, count: number, token: string): HarEntry[] {
  const back = `${APP}/dashboard`;
  return [
    entry({
      at,
      url: back,
      document: true,
      status: 307,
      location: `${FAPI}/v1/client/handshake?redirect_url=${encodeURIComponent(back)}&__clerk_api_version=2025-11-10&suffixed_cookies=false&__clerk_hs_reason=${reason}&format=nonce&__session=${token}&__clerk_db_jwt=dvb_secretdevbrowser`,
      cookie: `__session=${token}; __client_uat=${Math.floor(at / 1000) - 5}; __clerk_db_jwt=dvb_secretdevbrowser${count > 1 ? `; __clerk_redirect_count=${count - 1}` : ''}`,
      setCookies: [`__clerk_redirect_count=${count}; SameSite=Lax; HttpOnly; Max-Age=2`],
      responseHeaders: [
        { name: 'x-clerk-auth-status', value: 'handshake' },
        { name: 'x-clerk-auth-reason', value: reason },
      ],
    }),
    entry({
      at: at + 30,
      url: `${FAPI}/v1/client/handshake?redirect_url=${encodeURIComponent(back)}&__clerk_api_version=2025-11-10&__clerk_hs_reason=${reason}&__session=${token}&__clerk_db_jwt=dvb_secretdevbrowser`,
      document: true,
      status: 307,
      location: `${back}?__clerk_handshake=${jwt({ handshake: [`__session=${token}; Path=/`] })}`,
      responseHeaders: [{ name: 'Date', value: new Date(at).toUTCString() }],
    }),
    entry({
      at: at + 60,
      url: `${back}?__clerk_handshake=${jwt({ handshake: [`__session=${token}; Path=/`] })}`,
      document: true,
      status: 307,
      location: back,
      setCookies: [`__session=${token}; Path=/`, `__client_uat=${Math.floor(at / 1000)}; Path=/`],
      responseHeaders: [{ name: 'x-clerk-auth-status', value: 'signed-in' }],
    }),
  ];
}
