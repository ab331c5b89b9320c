/**
 * package.json hygiene (issue 22): every version is pinned exactly (the lockfile is not the only
 * record of what we test against), and every package the shipped code imports at run time is a
 * `dependency`, not a dev dependency. `wxt` is the one exception: it is the build framework, and
 * its `wxt/browser` shim is bundled by the build it runs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const BUILD_FRAMEWORK = new Set(['wxt']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Package names of value imports (`import type` is erased and ships nothing). */
function runtimePackages(source: string): string[] {
  const names = new Set<string>();
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'|import\('([^']+)'\)/g;
  for (const match of source.matchAll(statement)) {
    if (match[2]) continue;
    const specifier = match[3] ?? match[4] ?? '';
    if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier));
  }
  return [...names];
}

describe('package.json', () => {
  it('pins every dependency to an exact version', () => {
    const loose = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(
      ([, version]) => !/^\d+\.\d+\.\d+$/.test(version),
    );
    expect(loose).toEqual([]);
  });

  it('lists every package the shipped code imports at run time under dependencies', () => {
    const imported = new Set(
      ['lib', 'entrypoints', 'components'].flatMap((dir) =>
        sourceFiles(join(ROOT, dir)).flatMap((file) => runtimePackages(readFileSync(file, 'utf8'))),
      ),
    );
    const missing = [...imported].filter((name) => !BUILD_FRAMEWORK.has(name) && !(name in pkg.dependencies));
    expect(missing).toEqual([]);
    expect(imported.has('jose')).toBe(true);
  });

  it('reads value imports and skips type-only ones', () => {
    expect(
      runtimePackages(
        "import type { A } from '@clerk/clerk-js/no-rhc';\nimport { b } from '@clerk/shared/keys';\nconst c = import('jose');",
      ),
    ).toEqual(['@clerk/shared', 'jose']);
  });
});
