// The browser build (the "import"/"require" conditions that bundlers take) must not reach cli-progress, whose
// events/readline imports make Vite and webpack warn or fail; the Node build must, for the live bar.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('the builds chosen by export conditions', () => {
  it('gives Node the build with the terminal bar and everything else the one without', () => {
    expect(pkg.exports['.'].node.import.default).toBe('./dist/index.js');
    expect(pkg.exports['.'].import.default).toBe('./dist/browser.js');
    expect(pkg.exports['.'].require.default).toBe('./dist/browser.cjs');
  });

  it('imports cli-progress only in the Node build', () => {
    for (const file of ['index.js', 'index.cjs']) expect(dist(file), file).toMatch(/(import|require)\(["']cli-progress["']\)/);
    for (const file of ['browser.js', 'browser.cjs']) expect(dist(file), file).not.toContain('cli-progress');
  });

  it('exports the same names from both builds', async () => {
    // By URL, so typechecking does not depend on dist existing.
    const node = await import(new URL('../dist/index.js', import.meta.url).href);
    const browser = await import(new URL('../dist/browser.js', import.meta.url).href);
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
  });
});
