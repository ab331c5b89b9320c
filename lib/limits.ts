/**
 * Size limits for text that is stored or shown: server error messages and the refresh history.
 * Pure, and small: it is in the popup's bundle (through lib/storage.ts).
 *
 * `storage.local` holds 10 MB for the whole extension and `storage.session` 10 MB; a server (or
 * a proxy in front of it) may answer with an error message of any length. Every message is cut
 * where it is made (FapiError), and the history is bounded in bytes as well as in entries.
 */

/** The longest error message kept anywhere (snapshot, history, screen). */
export const MAX_ERROR_MESSAGE_CHARS = 500;
/** The longest part of a server's own message quoted inside ours. */
export const MAX_SERVER_DETAIL_CHARS = 300;
/** One app's refresh history, as UTF-8 JSON: 300 short entries take about 60 KB. */
export const HISTORY_MAX_BYTES = 128 * 1024;

/** `text` cut to at most `max` characters (UTF-16 units), ending with "…" when cut. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // Never leave half of a surrogate pair (an emoji) at the end.
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const encoder = new TextEncoder();

/** Bytes of a value as chrome.storage counts it (its JSON), in UTF-8. */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value) ?? '').length;
}

/**
 * Sessions kept in one snapshot. A client may hold any number (40 000 made a 10.6 MB snapshot,
 * over `storage.session`'s 10 MB quota, and a popup rendering every row); the rest are counted.
 */
export const MAX_STORED_SESSIONS = 50;

/**
 * The sessions a snapshot keeps: the current one always, then active ones before ended ones,
 * most recently active first; `omitted` counts the rest.
 */
export function capSessions<S extends { id: string; status: string; lastActiveAt: number }>(
  sessions: readonly S[],
  currentId: string | null,
  max = MAX_STORED_SESSIONS,
): { kept: S[]; omitted: number } {
  if (sessions.length <= max) return { kept: [...sessions], omitted: 0 };
  const rank = (s: S) => (s.id === currentId ? 0 : s.status === 'active' ? 1 : 2);
  const chosen = new Set(
    [...sessions]
      .sort(
        (a, b) =>
          rank(a) - rank(b) ||
          (Number.isFinite(b.lastActiveAt) ? b.lastActiveAt : 0) - (Number.isFinite(a.lastActiveAt) ? a.lastActiveAt : 0),
      )
      .slice(0, max),
  );
  // Kept in Clerk's order, so the list reads as before.
  return { kept: sessions.filter((s) => chosen.has(s)), omitted: sessions.length - max };
}
