/**
 * Builds the baseline extension for the benchmark into `.output/bench-baseline`: a tiny unpacked
 * MV3 extension (storage + cookies, host permissions for the FAPI host and localhost) with
 *   popup.html   React + `ClerkProvider` from `@clerk/chrome-extension` (popup.tsx), bundled with
 *                esbuild the way a Vite/Plasmo quickstart build would (ESM, minified, production
 *                React, code splitting so Clerk's lazy UI chunk stays lazy);
 *   static.html  the floor: the same text as plain HTML, no script.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const HERE = import.meta.dirname;
export const BASELINE_DIR = resolve(HERE, '../../../.output/bench-baseline');

export interface BaselineOptions {
  publishableKey: string;
  /** The web app's origin, e.g. http://localhost:5173 */
  syncHost: string;
  fapiHost: string;
  /** The text the static floor page shows (the user's email). */
  email: string;
  outDir?: string;
}

/** The id Chrome gives an unpacked extension without a `key`: SHA-256 of its absolute path, a-p encoded. */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function buildBaseline(options: BaselineOptions): Promise<{ dir: string; id: string }> {
  const dir = options.outDir ?? BASELINE_DIR;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const manifest = {
    manifest_version: 3,
    name: 'Bench baseline (ClerkProvider popup)',
    version: '0.0.1',
    permissions: ['storage', 'cookies'],
    host_permissions: [`https://${options.fapiHost}/*`, 'http://localhost/*'],
    action: { default_popup: 'popup.html' },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  copyFileSync(join(HERE, 'popup.html'), join(dir, 'popup.html'));
  writeFileSync(
    join(dir, 'static.html'),
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Static floor</title></head>
<body><main><h1>Demo app</h1><p data-testid="email">${escapeHtml(options.email)}</p>
<p>Session age <span data-testid="session-age-value">2m 10s</span></p></main></body></html>
`,
  );
  await build({
    entryPoints: { popup: join(HERE, 'popup.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outdir: dir,
    chunkNames: 'chunks/[name]-[hash]',
    jsx: 'automatic',
    define: {
      'process.env.NODE_ENV': '"production"',
      __BASELINE_PUBLISHABLE_KEY__: JSON.stringify(options.publishableKey),
      __BASELINE_SYNC_HOST__: JSON.stringify(options.syncHost),
    },
    logLevel: 'silent',
    legalComments: 'none',
  });
  return { dir, id: unpackedExtensionId(dir) };
}
