/**
 * The popup must open instantly and carry no Clerk SDK: this reads the built popup.html (and the
 * side panel's page, the same view), follows its scripts and their static and dynamic imports
 * (tests/bench/sizes.ts, the same count as the budgets), and checks every chunk it can load. It also reports and caps the gzipped size: what the first
 * paint loads (static imports) and everything, lazy chunks included (tab detection, the details
 * below the glance).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CLERK_MARKERS, popupFiles } from '../bench/sizes';
import { EXTENSION_DIR } from './harness';

const MAX_FIRST_PAINT_GZIP_BYTES = 80 * 1024;
// The same bound as budgets.e2e.ts (POPUP_ALL_MAX_GZIP, where its history is).
const MAX_ALL_GZIP_BYTES = 110 * 1024;

/** Every chunk the page can load: through static imports only (the first paint), or dynamic ones too. */
function popupChunks(page = 'popup.html', dynamic = true): string[] {
  return popupFiles(EXTENSION_DIR, { html: page, dynamic }).js;
}

describe('the built popup bundle', () => {
  it('exists (npm run build first)', () => {
    expect(existsSync(join(EXTENSION_DIR, 'popup.html'))).toBe(true);
  });

  it.each(['popup.html', 'sidepanel.html'])('%s contains no Clerk SDK code, lazy chunks included', (page) => {
    const chunks = popupChunks(page);
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      const code = readFileSync(chunk, 'utf8');
      for (const marker of CLERK_MARKERS) {
        expect(code.includes(marker), `${marker} in ${chunk}`).toBe(false);
      }
    }
  });

  const gzip = (chunks: string[]) => chunks.reduce((sum, chunk) => sum + gzipSync(readFileSync(chunk), { level: 9 }).length, 0);

  it(`the first paint loads at most ${MAX_FIRST_PAINT_GZIP_BYTES / 1024} KB of gzipped JavaScript; everything, lazy chunks too, at most ${MAX_ALL_GZIP_BYTES / 1024} KB`, () => {
    const first = popupChunks('popup.html', false);
    const all = popupChunks('popup.html', true);
    const raw = first.reduce((sum, chunk) => sum + readFileSync(chunk).length, 0);
    console.info(
      `popup JS, first paint: ${first.length} chunks, ${(gzip(first) / 1024).toFixed(1)} KB gzipped (each chunk -9), ${(raw / 1024).toFixed(1)} KB raw; ` +
        `with lazy chunks: ${all.length} chunks, ${(gzip(all) / 1024).toFixed(1)} KB gzipped`,
    );
    // The lazy chunks exist and are not part of the first paint.
    expect(all.length).toBeGreaterThan(first.length);
    expect(gzip(first)).toBeLessThanOrEqual(MAX_FIRST_PAINT_GZIP_BYTES);
    expect(gzip(all)).toBeLessThanOrEqual(MAX_ALL_GZIP_BYTES);
  });
});
