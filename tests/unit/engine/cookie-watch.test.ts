import { describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../../lib/apps';
import { createCookieWatch } from '../../../lib/engine/cookie-watch';
import { type CookieLike, cookieSuffix } from '../../../lib/engine/identity';
import { testApp } from './builders';

const settle = () => new Promise((r) => setTimeout(r, 40));

async function watch(app: AppConfig) {
  const jar = new Map<string, string>();
  const onChanged = vi.fn(async () => {});
  const onAppToken = vi.fn(async () => {});
  const host = new URL(app.syncHost ?? 'http://localhost').hostname;
  const w = createCookieWatch({
    loadApps: async () => [app],
    readCookies: async () => [...jar].map(([name, value]): CookieLike => ({ name, value, domain: host })),
    onChanged,
    onAppToken,
    settleMs: 10,
  });
  const set = async (name: string, value: string, domain = host) => {
    jar.set(name, value);
    await w.onCookieChanged({ name, domain });
  };
  return { set, onChanged, onAppToken, suffix: await cookieSuffix(app.publishableKey) };
}

describe('cookie watch: the app token channel', () => {
  it("a new __session value (the app's tab minted) asks for one read per burst; a rewrite with the same value does not", async () => {
    const w = await watch(testApp({ mode: 'keep-alive' }));
    await w.set(`__session_${w.suffix}`, 'jwt-1');
    await w.set('__session', 'jwt-1');
    await settle();
    expect(w.onAppToken).toHaveBeenCalledTimes(1);
    await w.set(`__session_${w.suffix}`, 'jwt-1');
    await settle();
    expect(w.onAppToken).toHaveBeenCalledTimes(1);
    await w.set(`__session_${w.suffix}`, 'jwt-2');
    await settle();
    expect(w.onAppToken).toHaveBeenCalledTimes(2);
    // A token is not a sign-in: the identity channel (which rebuilds the SDK) stays quiet.
    expect(w.onChanged).not.toHaveBeenCalled();
  });

  it("another Clerk app's plain __session on the same host does not count while this app has its own copy", async () => {
    const w = await watch(testApp({ mode: 'keep-alive' }));
    await w.set(`__session_${w.suffix}`, 'ours-1');
    await settle();
    await w.set('__session', 'theirs-1');
    await settle();
    expect(w.onAppToken).toHaveBeenCalledTimes(1);
  });

  it('observe mode reacts to the app token too (one call per new value); other hosts never count', async () => {
    const observe = await watch(testApp({ mode: 'observe' }));
    await observe.set('__session', 'jwt-1');
    await settle();
    await observe.set('__session', 'jwt-1');
    await settle();
    expect(observe.onAppToken).toHaveBeenCalledTimes(1);
    const keepAlive = await watch(testApp({ mode: 'keep-alive' }));
    await keepAlive.set('__session', 'jwt-1', 'elsewhere.example');
    await settle();
    expect(keepAlive.onAppToken).not.toHaveBeenCalled();
  });

  it('says whether the client cookie itself moved, or only __client_uat (a touch on the same client)', async () => {
    const w = await watch(testApp({ mode: 'keep-alive' }));
    await w.set(`__clerk_db_jwt_${w.suffix}`, 'dvb_1');
    await w.set(`__client_uat_${w.suffix}`, '1700000000');
    await settle();
    expect(w.onChanged).toHaveBeenLastCalledWith('app-dev', true);
    await w.set(`__client_uat_${w.suffix}`, '1700000042');
    await settle();
    expect(w.onChanged).toHaveBeenLastCalledWith('app-dev', false);
    await w.set(`__clerk_db_jwt_${w.suffix}`, 'dvb_2');
    await settle();
    expect(w.onChanged).toHaveBeenLastCalledWith('app-dev', true);
    expect(w.onChanged).toHaveBeenCalledTimes(3);
  });

  it('identity cookies still go to the identity channel', async () => {
    const w = await watch(testApp({ mode: 'keep-alive' }));
    await w.set('__client_uat', '1700000000');
    await settle();
    expect(w.onChanged).toHaveBeenCalledTimes(1);
    expect(w.onAppToken).not.toHaveBeenCalled();
  });
});
