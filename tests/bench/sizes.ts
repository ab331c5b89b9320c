/**
 * Bundle sizes from a built extension folder: which files each entry loads (the HTML's scripts
 * and modulepreloads, then the JS import graph as esbuild parses it), raw and gzipped (zlib,
 * level 9, each file on its own, summed).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

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

/** A built JS module's imports: static (`import … from`, `export … from`, `import "x"`) and dynamic (`import()`). */
interface ModuleImports {
  static: string[];
  dynamic: string[];
}

/**
 * The import graph of built JS files, as esbuild's parser reads them (not a pattern over the
 * text: a string that merely looks like an import is not one, and every form of import counts).
 * Every module reachable from the entries, static and dynamic, keyed by absolute path. Imports of
 * packages (bare specifiers, e.g. clerk-js's optional wallet SDKs) are not files of the build.
 */
function importGraph(root: string, entries: string[]): Map<string, ModuleImports> {
  const { metafile } = buildSync({
    absWorkingDir: root,
    entryPoints: entries,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    packages: 'external',
    write: false,
    metafile: true,
    outdir: join(root, '.import-graph'),
    logLevel: 'silent',
  });
  const graph = new Map<string, ModuleImports>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    const files = (kind: string) => input.imports.filter((i) => i.kind === kind && !i.external).map((i) => resolve(root, i.path));
    graph.set(resolve(root, path), { static: files('import-statement'), dynamic: files('dynamic-import') });
  }
  return graph;
}

/**
 * Every JS file reachable from the entry files (entries included): what a page must load before
 * its entry runs (static imports), or everything it can load (`dynamic`: lazy chunks too).
 */
export function jsClosure(rootDir: string, entries: string[], { dynamic = false } = {}): string[] {
  const root = resolve(rootDir);
  const starts = entries.map((entry) => resolve(root, entry));
  for (const file of starts) if (!existsSync(file)) throw new Error(`${file} is named but not in the build`);
  const graph = importGraph(root, starts);
  const queue = [...starts];
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const imports = graph.get(file);
    if (!imports) throw new Error(`${file}: not parsed`);
    queue.push(...imports.static, ...(dynamic ? imports.dynamic : []));
  }
  return [...seen];
}

/** One tag's attributes, lower-cased names: `<link rel="modulepreload" href="/x.js">`. */
function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of tag.matchAll(/([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    found[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return found;
}

/**
 * What an HTML page loads before its first paint: every `<script src>` (module or classic), every
 * `<link rel="modulepreload">`, and its stylesheets. A file named but missing from the build is
 * an error, never skipped.
 */
export function htmlAssets(rootDir: string, htmlFile: string): { js: string[]; css: string[] } {
  const root = resolve(rootDir);
  const html = readFileSync(join(root, htmlFile), 'utf8');
  const toPath = (ref: string) => {
    const path = ref.startsWith('/') ? join(root, ref) : resolve(root, dirname(htmlFile), ref);
    if (!existsSync(path)) throw new Error(`${htmlFile} names ${ref}, which is not in the build`);
    return path;
  };
  const js: string[] = [];
  const css: string[] = [];
  for (const [tag, name = ''] of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const a = attributes(tag.slice(name.length + 1, -1));
    const rel = (a.rel ?? '').toLowerCase().split(/\s+/);
    if (name.toLowerCase() === 'script' && a.src) js.push(toPath(a.src));
    else if (rel.includes('modulepreload') && a.href) js.push(toPath(a.href));
    else if (rel.includes('stylesheet') && a.href) css.push(toPath(a.href));
  }
  return { js, css };
}

/** A page's JS (first paint, or with `dynamic` everything it can load) and its stylesheets. */
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
