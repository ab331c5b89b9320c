// @vitest-environment node
/**
 * The bundle budgets (tests/e2e/budgets.e2e.ts, `npm run bench`) count what a page loads through
 * tests/bench/sizes.ts. Issue 14: they must follow every chunk the page loads before its first
 * paint, in every form the HTML and the JS can name it, and must never count a lazy chunk as
 * first paint nor skip a file they cannot find. Checked on a made-up build folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { htmlAssets, jsClosure, popupFiles } from '../bench/sizes';

let root = '';
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function build(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'csi-closure-'));
  made.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const names = (files: string[]) => files.map((f) => relative(root, f)).sort();

const PAGE = `<!doctype html><html><head>
<script type="module" crossorigin src="/chunks/entry.js"></script>
<link rel="modulepreload" crossorigin href="/chunks/preloaded.js">
<link rel="stylesheet" href="/assets/page.css">
<link rel="prefetch" href="/chunks/prefetched.js">
</head><body><div id="root"></div></body></html>`;

const CHUNKS = {
  'popup.html': PAGE,
  'assets/page.css': 'body{}',
  'chunks/entry.js': [
    'import{a}from"./named.js";',
    'export*from"./star.js";',
    'export{b}from"./reexport.js";',
    'import"./side-effect.js";',
    'const text=`import "./not-an-import.js"`, other=\'from "./neither.js"\';',
    'const lazy=()=>import("./lazy.js");',
    'console.log(a,text,other,lazy);',
  ].join('\n'),
  'chunks/named.js': 'import"./deep.js";export const a=1;',
  'chunks/deep.js': 'export const deep=1;',
  'chunks/star.js': 'export const s=1;',
  'chunks/reexport.js': 'export const b=1;',
  'chunks/side-effect.js': 'globalThis.x=1;',
  'chunks/preloaded.js': 'export const p=1;',
  'chunks/prefetched.js': 'export const f=1;',
  'chunks/lazy.js': 'import{a}from"./named.js";import("./lazier.js");export const l=a;',
  'chunks/lazier.js': 'export const z=1;',
  'chunks/not-an-import.js': 'export const n=1;',
  'chunks/neither.js': 'export const n=1;',
};

describe('what a page loads before its first paint', () => {
  it('the module script, its modulepreloads, and every static import of them, transitively; no lazy chunk', () => {
    build(CHUNKS);
    const first = popupFiles(root);
    expect(names(first.js)).toEqual([
      'chunks/deep.js',
      'chunks/entry.js',
      'chunks/named.js',
      'chunks/preloaded.js',
      'chunks/reexport.js',
      'chunks/side-effect.js',
      'chunks/star.js',
    ]);
    expect(names(first.css)).toEqual(['assets/page.css']);
  });

  it('with the lazy chunks: dynamic imports too, and what they import, at any depth', () => {
    build(CHUNKS);
    const all = names(popupFiles(root, { dynamic: true }).js);
    expect(all).toContain('chunks/lazy.js');
    expect(all).toContain('chunks/lazier.js');
    // Text that only looks like an import is not followed; a prefetch is not loaded by the page.
    expect(all).not.toContain('chunks/not-an-import.js');
    expect(all).not.toContain('chunks/neither.js');
    expect(all).not.toContain('chunks/prefetched.js');
  });

  it('a classic script and single-quoted or unquoted attributes count as well', () => {
    build({
      'page.html': `<script src='/a.js'></script><link href=/b.js rel=modulepreload><script type=module src=c.js></script>`,
      'a.js': 'window.a=1;',
      'b.js': 'export const b=1;',
      'c.js': 'export const c=1;',
    });
    expect(names(htmlAssets(root, 'page.html').js)).toEqual(['a.js', 'b.js', 'c.js']);
  });

  it('a file the page or a chunk names but the build lacks is an error, never skipped', () => {
    build(CHUNKS);
    rmSync(join(root, 'chunks/deep.js'));
    expect(() => popupFiles(root)).toThrow(/deep\.js/);
    build({ 'popup.html': '<script type="module" src="/chunks/gone.js"></script>' });
    expect(() => popupFiles(root)).toThrow(/gone\.js/);
    build({ 'x.js': '' });
    expect(() => jsClosure(root, ['missing.js'])).toThrow(/missing\.js/);
  });
});
