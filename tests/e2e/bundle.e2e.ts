/**
 * The popup must open instantly and carry no Clerk SDK: this reads the built popup.html, follows
 * its scripts and their static and dynamic imports, and checks every chunk it can load. It also
 * reports (and caps) the gzipped size of the popup's JavaScript.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from './harness';

const CLERK_MARKERS = ['@clerk/', 'clerk-js', '__clerk_db_jwt', 'Clerk-Db-Jwt', '_clerk_js_version', 'createClerkClient'];
const MAX_GZIP_BYTES = 80 * 1024;

/** Every chunk popup.html can load; `eager` = only what it loads before the first paint (no dynamic imports). */
function popupChunks({ eager = false } = {}): string[] {
  const html = readFileSync(join(EXTENSION_DIR, 'popup.html'), 'utf8');
  const queue = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)].map((m) =>
    resolve(EXTENSION_DIR, `.${m[1]?.replace(/^\./, '')}`),
  );
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    // import … from "./x.js", export … from "./x.js", import "./x.js", and (unless eager) import("./x.js")
    const pattern = eager
      ? /(?:from\s*|import\s*)["'`]([^"'`]+\.js)["'`]/g
      : /(?:from\s*|import\s*\(\s*|import\s*)["'`]([^"'`]+\.js)["'`]/g;
    for (const m of code.matchAll(pattern)) {
      const spec = m[1] as string;
      const target = spec.startsWith('/') ? join(EXTENSION_DIR, spec) : resolve(dirname(file), spec);
      if (existsSync(target)) queue.push(target);
    }
  }
  return [...seen];
}

describe('the built popup bundle', () => {
  it('exists (npm run build first)', () => {
    expect(existsSync(join(EXTENSION_DIR, 'popup.html'))).toBe(true);
  });

  it('contains no Clerk SDK code', () => {
    const chunks = popupChunks();
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      const code = readFileSync(chunk, 'utf8');
      for (const marker of CLERK_MARKERS) {
        expect(code.includes(marker), `${marker} in ${chunk}`).toBe(false);
      }
    }
  });

  it(`loads at most ${MAX_GZIP_BYTES / 1024} KB of gzipped JavaScript before the first paint`, () => {
    const size = (chunks: string[]) => ({
      raw: chunks.reduce((sum, chunk) => sum + readFileSync(chunk).length, 0),
      gzipped: chunks.reduce((sum, chunk) => sum + gzipSync(readFileSync(chunk), { level: 9 }).length, 0),
    });
    const eager = size(popupChunks({ eager: true }));
    const all = size(popupChunks());
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.info(
      `popup JS (each chunk gzipped -9): first paint ${kb(eager.gzipped)} (${kb(eager.raw)} raw); with the lazy panels ${kb(all.gzipped)} (${kb(all.raw)} raw)`,
    );
    expect(eager.gzipped).toBeLessThanOrEqual(MAX_GZIP_BYTES);
    // The lazy panels (token, history, sign-out) may add a little, not a framework.
    expect(all.gzipped).toBeLessThanOrEqual(MAX_GZIP_BYTES + 6 * 1024);
  });
});
