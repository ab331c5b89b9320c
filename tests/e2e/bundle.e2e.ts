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

const CLERK_MARKERS = ['@clerk/', 'clerk-js', 'Clerk-Db-Jwt', '_clerk_js_version', 'createClerkClient'];
const MAX_GZIP_BYTES = 80 * 1024;

/** Every chunk popup.html can load, through static and dynamic imports. */
function popupChunks(): string[] {
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
    // import … from "./x.js", export … from "./x.js", import "./x.js", import("./x.js")
    for (const m of code.matchAll(/(?:from\s*|import\s*\(\s*|import\s*)["'`]([^"'`]+\.js)["'`]/g)) {
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

  it(`loads at most ${MAX_GZIP_BYTES / 1024} KB of gzipped JavaScript, all of it`, () => {
    const chunks = popupChunks();
    const raw = chunks.reduce((sum, chunk) => sum + readFileSync(chunk).length, 0);
    const gzipped = chunks.reduce((sum, chunk) => sum + gzipSync(readFileSync(chunk), { level: 9 }).length, 0);
    console.info(
      `popup JS: ${chunks.length} chunks, ${(gzipped / 1024).toFixed(1)} KB gzipped (each chunk -9), ${(raw / 1024).toFixed(1)} KB raw`,
    );
    expect(gzipped).toBeLessThanOrEqual(MAX_GZIP_BYTES);
  });
});
