/**
 * A tiny Frontend API behind a stubbed `fetch`, for tests that run the real background
 * entrypoint (DirectGateway → fetch). Answers `GET /v1/client` and `GET /v1/environment`;
 * anything else is a 404 and is counted, so a test can assert that nothing else was sent.
 */
import { vi } from 'vitest';
import { makeJwt } from './engine/builders';

export interface TinyFapi {
  requests: URL[];
  signedIn: boolean;
  fetch: ReturnType<typeof vi.fn>;
  count(path: string): number;
}

export function tinyFapi(): TinyFapi {
  const state: TinyFapi = {
    requests: [],
    signedIn: true,
    fetch: vi.fn(),
    count: (path) => state.requests.filter((u) => u.pathname === path).length,
  };
  state.fetch.mockImplementation(async (input: string) => {
    const url = new URL(input);
    state.requests.push(url);
    const now = Date.now();
    const headers = { 'content-type': 'application/json', date: new Date(now).toUTCString() };
    if (url.pathname === '/v1/environment') {
      return new Response(JSON.stringify({ auth_config: { single_session_mode: true } }), { headers });
    }
    if (url.pathname === '/v1/client') {
      const iat = Math.floor(now / 1000) - 5;
      const session = {
        object: 'session',
        id: 'sess_1',
        status: 'active',
        created_at: now - 3_600_000,
        updated_at: now - 5_000,
        last_active_at: now - 5_000,
        expire_at: now - 5_000 + 1_800_000,
        abandon_at: now + 30 * 86_400_000,
        last_active_token: {
          object: 'token',
          jwt: makeJwt({ iat, exp: iat + 60, sid: 'sess_1', sub: 'user_1', jti: `j${iat}` }),
        },
        user: { id: 'user_1', first_name: 'Ada', email_addresses: [] },
      };
      const client = state.signedIn
        ? { object: 'client', id: 'client_1', last_active_session_id: 'sess_1', sessions: [session] }
        : { object: 'client', id: 'client_1', last_active_session_id: null, sessions: [] };
      return new Response(JSON.stringify({ response: client }), { headers });
    }
    return new Response(JSON.stringify({ errors: [{ message: 'not found' }] }), { status: 404, headers });
  });
  return state;
}
