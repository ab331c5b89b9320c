/**
 * Bundle sizes from a built extension folder: which files each entry loads (following HTML
 * script/link tags and JS imports), raw and gzipped (zlib, level 9, each file on its own, summed).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Size {
  files: number;
  raw: number;
  gzip: number;
}

export function sizeOf(files: string[]): Size {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, raw, gzip };
}

/** Relative JS imports of a module: static (`import … from`, `export … from`, `import "x"`), and dynamic `import("x")` when asked. */
function importsOf(code: string, dynamic: boolean): string[] {
  const pattern = dynamic
    ? /(?:from\s*|import\s*\(\s*|import\s*)["'`]([^"'`]+\.js)["'`]/g
    : /(?:from\s*|import\s*)["'`]([^"'`]+\.js)["'`]/g;
  return [...code.matchAll(pattern)].map((m) => m[1] as string);
}

/** Every JS file reachable from the entry files (entries included). */
export function jsClosure(rootDir: string, entries: string[], { dynamic = false } = {}): string[] {
  const root = resolve(rootDir);
  const queue = entries.map((entry) => resolve(entry));
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.shift() as string;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const spec of importsOf(readFileSync(file, 'utf8'), dynamic)) {
      const target = spec.startsWith('/') ? join(root, spec) : resolve(dirname(file), spec);
      if (existsSync(target)) queue.push(target);
    }
  }
  return [...seen];
}

/** The scripts and stylesheets an HTML page names (module scripts, modulepreloads, stylesheets). */
export function htmlAssets(rootDir: string, htmlFile: string): { js: string[]; css: string[] } {
  const root = resolve(rootDir);
  const html = readFileSync(join(root, htmlFile), 'utf8');
  const toPath = (ref: string) => (ref.startsWith('/') ? join(root, ref) : resolve(root, dirname(htmlFile), ref));
  const js = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)].map((m) => toPath(m[1] as string));
  const css = [...html.matchAll(/<link[^>]+href="([^"]+\.css)"/g)].map((m) => toPath(m[1] as string));
  return { js, css };
}

export function popupFiles(root: string, { dynamic = false, html = 'popup.html' } = {}): { js: string[]; css: string[] } {
  const assets = htmlAssets(root, html);
  return { js: jsClosure(root, assets.js, { dynamic }), css: assets.css };
}

/** The service worker named in the manifest and every chunk it imports (statically; dynamically too when asked). */
export function backgroundFiles(rootDir: string, { dynamic = false } = {}): string[] {
  const root = resolve(rootDir);
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as { background?: { service_worker?: string } };
  const worker = manifest.background?.service_worker;
  if (!worker) throw new Error(`no background.service_worker in ${root}/manifest.json`);
  return jsClosure(root, [join(root, worker)], { dynamic });
}

export function allFiles(rootDir: string): string[] {
  const root = resolve(rootDir);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => join(root, name))
    .filter((path) => statSync(path).isFile());
}

export const CLERK_MARKERS = ['@clerk/', 'clerk-js', 'Clerk-Db-Jwt', '_clerk_js_version', 'createClerkClient'];

/**
 * Remotely hosted code: script URLs that would be fetched and run. CDN hosts and paths Clerk's
 * loaders use, `<script src="http…">`, `importScripts("http…")`, `import("http…")`.
 */
export const REMOTE_CODE_PATTERNS: Array<{ name: string; pattern: RegExp }> = [
  { name: 'cdn.jsdelivr', pattern: /cdn\.jsdelivr/ },
  { name: 'unpkg.com', pattern: /unpkg\.com/ },
  { name: 'cdnjs', pattern: /cdnjs\.cloudflare/ },
  { name: 'clerk.browser.js', pattern: /clerk\.browser\.js/ },
  { name: '/npm/@clerk', pattern: /\/npm\/@clerk/ },
  { name: '<script src=http', pattern: /<script[^>]+src\s*=\s*["'`]?https?:/i },
  { name: 'importScripts(http', pattern: /importScripts\(\s*["'`]https?:/ },
  { name: 'import(http', pattern: /import\(\s*["'`]https?:/ },
  { name: 'https URL of a .js file', pattern: /["'`]https?:\/\/[^"'`\s]+\.m?js["'`?#]/ },
];

export function remoteCodeHits(files: string[]): Array<{ file: string; name: string; excerpt: string }> {
  const hits: Array<{ file: string; name: string; excerpt: string }> = [];
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    for (const { name, pattern } of REMOTE_CODE_PATTERNS) {
      const match = pattern.exec(code);
      if (match) hits.push({ file, name, excerpt: code.slice(Math.max(0, match.index - 60), match.index + 80) });
    }
  }
  return hits;
}
