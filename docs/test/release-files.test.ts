// What each package puts in its tarball, as `npm pack` lists it: everything `files` names exists, a LICENSE ships,
// and every source map points at sources that ship with it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = fileURLToPath(new URL('../../packages/', import.meta.url));
const names = readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, 'package.json')));

describe.each(names)('@nophd/%s tarball', (name) => {
  const dir = join(packagesDir, name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' }));
  const files = new Set<string>(packed[0].files.map((f: { path: string }) => f.path));

  it('lists in `files` only what exists, and ships LICENSE (Apache-2.0), README and, once released, CHANGELOG', () => {
    for (const entry of pkg.files as string[]) expect(existsSync(join(dir, entry)), entry).toBe(true);
    // A package that has been released (versioned by changesets) has a CHANGELOG; a brand-new one may not yet.
    const released = pkg.version !== '0.0.0';
    for (const file of ['LICENSE', 'README.md', ...(released ? ['CHANGELOG.md'] : [])]) expect(files.has(file), file).toBe(true);
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  });

  it('has source maps whose sources all ship', () => {
    const maps = [...files].filter((f) => f.endsWith('.map'));
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(dir, map), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
      for (const [i, source] of sources.entries()) {
        // tsup's own import.meta.url shim in CJS builds is not nophd source; its text is embedded in the map.
        if (/node_modules\/tsup\/assets\/cjs_shims\.js$/.test(source) && sourcesContent?.[i]) continue;
        expect(files.has(normalize(join(dirname(map), source))), `${map} → ${source}`).toBe(true);
      }
    }
  });

  it('links only README pictures that ship', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    for (const [, link] of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) expect(files.has(link!), link).toBe(true);
  });
});
