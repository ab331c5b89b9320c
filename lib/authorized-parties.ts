/**
 * The authorized parties a developer declares for an app: the origins their backend passes to
 * `@clerk/backend`'s `authorizedParties` option. The token verdict checks `azp` against them, and
 * only when they are declared, as the backend does. The backend compares exact strings with the
 * token's `azp` (an origin: scheme, host, optional port; no path, no trailing slash), so an entry
 * that is not written that way could never match: it is refused here rather than normalized.
 * Pure and small (the options page and the stored-app validation use it).
 */

export const MAX_AUTHORIZED_PARTIES = 10;
const MAX_PARTY_CHARS = 200;

/** `https://app.example.com`, `http://localhost:3000`, `chrome-extension://<id>`: what `azp` looks like. */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

/** One entry as the backend would hold it, or why it could never match an `azp`. */
export function checkAuthorizedParty(entry: string): string | null {
  if (entry.length > MAX_PARTY_CHARS) return `${entry.slice(0, 40)}… is too long for an origin.`;
  if (entry !== entry.toLowerCase() && ORIGIN.test(entry.toLowerCase()))
    return `${entry}: write it in lower case, as browsers send origins (azp is compared exactly).`;
  if (!ORIGIN.test(entry)) {
    const trimmed = entry.replace(/\/+$/, '');
    if (trimmed !== entry && ORIGIN.test(trimmed))
      return `${entry}: no trailing slash (azp is ${trimmed}, and the backend compares exactly).`;
    return `${entry} is not an origin like https://app.example.com or http://localhost:3000 (no path).`;
  }
  return null;
}

/** The field as typed (commas, spaces or new lines between entries) → the list, or the first problem. */
export function parseAuthorizedParties(text: string): { ok: true; parties: string[] } | { ok: false; message: string } {
  const entries = text
    .split(/[\s,]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length > MAX_AUTHORIZED_PARTIES) return { ok: false, message: `At most ${MAX_AUTHORIZED_PARTIES} origins.` };
  for (const entry of entries) {
    const problem = checkAuthorizedParty(entry);
    if (problem) return { ok: false, message: problem };
  }
  return { ok: true, parties: [...new Set(entries)] };
}

/** A stored value (untrusted): the valid list, or undefined when it is absent or broken. */
export function storedAuthorizedParties(raw: unknown): string[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_AUTHORIZED_PARTIES) return undefined;
  if (!raw.every((e) => typeof e === 'string' && checkAuthorizedParty(e) === null)) return undefined;
  return [...new Set(raw as string[])];
}
