/**
 * Typed storage: one item per concern, the area in the key. The only module that names keys.
 *
 * - `local:` survives browser restarts: the user's apps, the selected app, refresh history.
 * - `session:` lives in memory until the browser closes and is readable only by the extension's
 *   own pages: snapshots (decoded token data only) and the engine's runtime state. The service
 *   worker is killed after ~30 s idle, so anything it must remember between alarms lives here.
 */
import type { AppConfig, Mode } from './apps';
import { HISTORY_MAX_BYTES, jsonBytes } from './limits';
import type { SignOutReport } from './protocol';
import { containsSecretKey } from './secret-key';
import type { RefreshAttempt, SessionSnapshot } from './snapshot';
import { defineItem } from './storage-item';
import { capStored } from './stored-caps';

/**
 * Every context drops, on every read, a stored entry that is not an app object or that holds a
 * secret key: it never reaches memory, a message or the screen. The worker validates every field
 * too (apps-store.ts → apps-validate.ts) and erases what it dropped from disk; that fuller check
 * stays out of the popup's first-paint bundle (80 KB budget).
 */
function withoutSecretKeys(value: unknown): AppConfig[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (app): app is AppConfig =>
      typeof app === 'object' &&
      app !== null &&
      typeof app.id === 'string' &&
      typeof app.publishableKey === 'string' &&
      !containsSecretKey(app.publishableKey) &&
      !(typeof app.label === 'string' && containsSecretKey(app.label)),
  );
}

/** The configured apps, in display order. */
export const appsItem = defineItem<AppConfig[]>('local:apps', { fallback: [], parse: withoutSecretKeys });

/** The app the popup shows (and the Clerk SDK serves); null = the first app. */
export const selectedAppIdItem = defineItem<string | null>('local:selectedAppId', { fallback: null });

/** Whether the build-time default app was already seeded once (so deleting it sticks). */
export const defaultsSeededItem = defineItem<boolean>('local:defaultsSeeded', { fallback: false });

export function snapshotItem(appId: string) {
  return defineItem<SessionSnapshot | null>(`session:snapshot:${appId}`, { fallback: null });
}

export const HISTORY_LIMIT = 300;

/** Bounded history of refresh attempts, newest last. */
export function historyItem(appId: string) {
  return defineItem<RefreshAttempt[]>(`local:history:${appId}`, { fallback: [] });
}

/** Engine state that must outlive the service worker: failure streaks for backoff. */
export interface EngineAppState {
  consecutiveFailures: number;
  /** Local ms before which no automatic refresh runs (backoff or retry-after). */
  notBefore: number | null;
  /** Local ms of the last desktop notification, so one session end notifies once. */
  notifiedForSessionEnd: number | null;
  /** Refused mints in a row (keep-alive): mints back off on their own, reads go on. */
  mintFailures: number;
  /** Local ms before which no scheduled mint is tried. */
  mintNotBefore: number | null;
}

export function engineStateItem(appId: string) {
  return defineItem<EngineAppState>(`session:engine:${appId}`, {
    fallback: { consecutiveFailures: 0, notBefore: null, notifiedForSessionEnd: null, mintFailures: 0, mintNotBefore: null },
  });
}

/**
 * The latest sign-out of all sessions, written as it progresses: a worker killed in the middle
 * leaves a `running` report, which the next worker turns into `interrupted` after asking Clerk
 * what really ended. The popup shows it when it opens.
 */
export function signOutReportItem(appId: string) {
  return defineItem<SignOutReport | null>(`session:signout:${appId}`, { fallback: null });
}

/** Every field of an attempt within its cap (the error message at MAX_ERROR_MESSAGE_CHARS). */
function boundedAttempt(attempt: RefreshAttempt): RefreshAttempt {
  return capStored(attempt);
}

/**
 * Appends an attempt, keeping at most HISTORY_LIMIT entries and HISTORY_MAX_BYTES of JSON (the
 * oldest go first). Messages are capped again here: a history written by an older version, or an
 * attempt made outside FapiError, must not fill `storage.local`'s 10 MB.
 */
export async function appendHistory(appId: string, attempt: RefreshAttempt): Promise<void> {
  const item = historyItem(appId);
  const stored = await item.getValue();
  const list = [...(Array.isArray(stored) ? stored : []), attempt].slice(-HISTORY_LIMIT).map(boundedAttempt);
  const sizes = list.map(jsonBytes);
  // JSON array: the entries, a comma between each two, and the brackets.
  let total = sizes.reduce((sum, size) => sum + size, 0) + Math.max(0, list.length - 1) + 2;
  let first = 0;
  while (total > HISTORY_MAX_BYTES && first < list.length - 1) {
    total -= (sizes[first] ?? 0) + 1;
    first++;
  }
  await item.setValue(list.slice(first));
}

// Zero configuration (lib/detect): what "Inspect this app" needs to remember.

/** The mode the user last chose (popup toggle or options form); new detected apps start in it. */
export const lastModeItem = defineItem<Mode | null>('local:lastMode', { fallback: null });

/**
 * An app the user asked to inspect whose host-permission prompt is still open. Chrome may close
 * the popup while its prompt is up (the popup loses focus), taking the page's promise with it;
 * the worker then finishes the adoption when `permissions.onAdded` reports the grant.
 */
export interface PendingAdoption {
  draft: AppConfig;
  origins: string[];
  /** Local ms; a pending adoption older than PENDING_ADOPTION_TTL_MS is dropped, never adopted. */
  at: number;
}

export const PENDING_ADOPTION_TTL_MS = 5 * 60_000;

export const pendingAdoptionItem = defineItem<PendingAdoption | null>('session:pendingAdoption', { fallback: null });
