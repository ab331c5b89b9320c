/**
 * "Inspect this app": ask for the draft's host permissions inside the click, then save the app
 * and select it; nothing is saved when the user refuses.
 *
 * Chrome may close the toolbar popup while its permission prompt is up (the popup loses focus),
 * and the page's promise dies with it. So the draft is parked in `storage.session` while Chrome
 * asks, and the service worker finishes the adoption from `permissions.onAdded`
 * (`completePendingAdoption`). Both paths are idempotent: whichever runs second finds the app.
 */
import { browser } from 'wxt/browser';
import type { AppConfig } from '../apps';
import { appsItem, PENDING_ADOPTION_TTL_MS, pendingAdoptionItem, selectedAppIdItem } from '../storage';

export type AdoptOutcome = { kind: 'added'; app: AppConfig } | { kind: 'refused' } | { kind: 'failed'; message: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Saves the draft (unless the same app is there already) and selects it. */
export async function adoptApp(draft: AppConfig): Promise<AppConfig> {
  const apps = await appsItem.getValue();
  const existing =
    apps.find((a) => a.id === draft.id) ??
    apps.find((a) => a.publishableKey === draft.publishableKey && a.syncHost === draft.syncHost);
  if (!existing) await appsItem.setValue([...apps, draft]);
  const app = existing ?? draft;
  await selectedAppIdItem.setValue(app.id);
  await pendingAdoptionItem.setValue(null);
  return app;
}

/**
 * Call straight from the click handler, before any await: `permissions.request` is the first
 * thing it does, because Chrome grants host permissions only within the click's user gesture.
 */
export function inspectApp(draft: AppConfig, origins: string[], now: () => number = Date.now): Promise<AdoptOutcome> {
  let request: Promise<boolean>;
  try {
    request = browser.permissions.request({ origins });
  } catch (error) {
    return Promise.resolve({ kind: 'failed', message: messageOf(error) });
  }
  return (async (): Promise<AdoptOutcome> => {
    await pendingAdoptionItem.setValue({ draft, origins, at: now() });
    let granted: boolean;
    try {
      granted = await request;
    } catch (error) {
      await pendingAdoptionItem.setValue(null);
      return { kind: 'failed', message: messageOf(error) };
    }
    if (!granted) {
      await pendingAdoptionItem.setValue(null);
      return { kind: 'refused' };
    }
    return { kind: 'added', app: await adoptApp(draft) };
  })();
}

/**
 * The worker's half: after `permissions.onAdded`, adopt the parked draft if all its origins are
 * now granted. A draft older than PENDING_ADOPTION_TTL_MS is dropped instead: a grant made much
 * later (say, on chrome://extensions) must not add an app the user gave up on.
 */
export async function completePendingAdoption(now: number = Date.now()): Promise<AppConfig | null> {
  const pending = await pendingAdoptionItem.getValue();
  if (!pending) return null;
  if (now - pending.at > PENDING_ADOPTION_TTL_MS) {
    await pendingAdoptionItem.setValue(null);
    return null;
  }
  if (!(await browser.permissions.contains({ origins: pending.origins }))) return null;
  return adoptApp(pending.draft);
}
