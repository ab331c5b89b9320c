/**
 * Keep-alive mints and the active organization (issue 22; issue 20 item 6). clerk-js always sends
 * `organization_id` with a mint (its in-memory `lastActiveOrganizationId`, empty for none), and
 * a mint's `organization_id` becomes the session's active organization. The SDK in the worker
 * loaded before the app switched organizations, so its own idea is stale: the engine hands the
 * mint the organization of the latest client read, or the extension would switch the user's
 * organization back on every mint.
 */
import { describe, expect, it } from 'vitest';
import { SEC, testApp } from './builders';
import { setup } from './harness';

describe('keep-alive mints carry the session’s active organization', () => {
  it('from the first read, and the new one after the app switched organizations', async () => {
    const h = await setup({
      clerk: (c) => {
        c.signIn().activeOrganizationId = 'org_acme';
      },
    });
    await h.engine.start();
    expect(h.clerk.mintShapes.at(-1)).toMatchObject({ organizationId: 'org_acme' });

    // The app's setActive({ organization }) moves the server's active organization; the next read
    // (here the sync alarm) sees it, and the next mint carries it.
    const session = h.clerk.sessions[0];
    if (!session) throw new Error('signed in');
    session.activeOrganizationId = 'org_globex';
    await h.runAlarmsUntil(h.clock.now + 30 * SEC);
    const mintAt = (await h.alarm('mint:app-dev'))?.scheduledTime ?? 0;
    await h.runAlarmsUntil(mintAt);
    expect(h.clerk.mintShapes.at(-1)).toMatchObject({ organizationId: 'org_globex' });

    // The personal account: an explicit null (clerk-js sends it as an empty organization_id).
    // The app's switch rewrites its cookies: the sync they cause reads before it mints.
    session.activeOrganizationId = null;
    await h.engine.refresh('app-dev', 'sync-cookie', 'always');
    expect(h.clerk.mintShapes.at(-1)).toMatchObject({ organizationId: null });
    expect((await h.snapshot())?.sessions[0]?.activeOrganizationId).toBeNull();
  });
});

describe('a sync the app’s cookies caused reads before it mints', () => {
  it('a mint due when the app switched organizations carries the new one, never switches the app back', async () => {
    const h = await setup({
      clerk: (c) => {
        c.signIn().activeOrganizationId = 'org_acme';
      },
    });
    await h.engine.start();
    const session = h.clerk.sessions[0];
    if (!session) throw new Error('signed in');
    // Our token is due (the mint alarm is about to fire) when the app's setActive lands: a touch
    // that moves the organization, the app's cookies change, and the watch asks for a sync.
    const mintAt = (await h.alarm('mint:app-dev'))?.scheduledTime ?? 0;
    h.advance(mintAt - h.clock.now);
    const before = h.clerk.mintShapes.length;
    session.activeOrganizationId = 'org_globex';
    await h.engine.refresh('app-dev', 'sync-cookie', 'if-due');
    expect(h.clerk.mintShapes.length).toBe(before + 1);
    expect(h.clerk.mintShapes.at(-1)).toMatchObject({ organizationId: 'org_globex' });
    expect(session.activeOrganizationId).toBe('org_globex');
    expect((await h.snapshot())?.sessions[0]?.activeOrganizationId).toBe('org_globex');
  });

  it('the app’s own fresh token makes our mint not due: the app-token sync only reads', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    const mintAt = (await h.alarm('mint:app-dev'))?.scheduledTime ?? 0;
    h.advance(mintAt - h.clock.now);
    const before = h.clerk.mintShapes.length;
    h.clerk.appActivity();
    await h.engine.refresh('app-dev', 'app-token', 'if-due');
    expect(h.clerk.mintShapes.length).toBe(before);
    expect((await h.snapshot())?.token?.mintedBy).toBe('app');
  });
});

describe('a read the app’s own cookies caused is no evidence of server behaviour', () => {
  it('setActive({ organization }) answers with a new token and rewrites the identity cookies: the read that follows is not "re-minted on read"', async () => {
    const h = await setup({ apps: [testApp({ mode: 'observe' })], clerk: (c) => c.signIn() });
    await h.engine.start();
    for (const org of ['org_acme', 'org_globex', 'org_acme']) {
      h.advance(5 * SEC);
      // The app's touch: a new active organization and a token for it, then its cookies change.
      const session = h.clerk.sessions[0];
      if (session) session.activeOrganizationId = org;
      h.clerk.appActivity();
      await h.engine.refresh('app-dev', 'sync-cookie');
    }
    const snapshot = await h.snapshot();
    expect(snapshot?.serverBehaviour?.remintOnRead.verdict).toBe('unknown');
    expect(snapshot?.token?.mintedBy).toBe('app');
  });
});

describe('the SDK instance survives a touch on the same client', () => {
  it('an identity change that is only __client_uat keeps the SDK; a new client behind the cookie rebuilds it', async () => {
    const h = await setup({ clerk: (c) => c.signIn() });
    await h.engine.start();
    const sdkGateways = () => h.gatewayRequests.filter((g) => g.useSdk).length;
    const built = sdkGateways();
    await h.engine.onSyncCookieChanged('app-dev', false);
    await h.engine.refresh('app-dev', 'manual', 'always');
    expect(sdkGateways()).toBe(built);
    await h.engine.onSyncCookieChanged('app-dev', true);
    await h.engine.refresh('app-dev', 'manual', 'always');
    expect(sdkGateways()).toBe(built + 1);
  });
});
