// Docs that run: every ts/js block of the READMEs, as written, against the built packages. Node blocks run in a
// child Node process (tsx for TypeScript); browser blocks are bundled for the browser; all are type-checked with
// the settings a new strict app has, plus skipLibCheck (tfjs 4.22's own .d.ts, see the READMEs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSnippets, type Snippet } from '../src/readme-snippets.js';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = join(here, '..');
// Inside this package, so `@nophd/*` and tfjs resolve through its node_modules to the built workspace packages.
const dir = join(here, '.snippets');
const snippets = allSnippets(root);
// tsx by absolute URL: the snippets run in a temporary folder, where `--import tsx` would not resolve.
const tsx = pathToFileURL(join(here, 'node_modules/tsx/dist/loader.mjs')).href;
const fileOf = (s: Snippet) => join(dir, `${s.id}.${s.rule === 'node' ? 'm' : ''}${s.lang}`);

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const s of snippets) {
    const given = s.given.map((name) => `declare function ${name}(...args: unknown[]): unknown;\n`).join('');
    // `export {}` makes every file a module (top-level await, no shared globals between snippets).
    writeFileSync(fileOf(s), `${given}${s.code}\nexport {};\n`);
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      // What a new Vite app's tsconfig.app.json sets, plus Node's types for the Node blocks.
      strict: true, noEmit: true, skipLibCheck: true, types: ['node'], moduleDetection: 'force',
      verbatimModuleSyntax: true, noUnusedLocals: true, noUnusedParameters: true, noFallthroughCasesInSwitch: true,
      allowImportingTsExtensions: true, isolatedModules: true,
    },
    include: ['*.ts', '*.mts'],
  }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('finds the README code blocks (each package has at least one)', () => {
  for (const name of ['mnist-data', 'models', 'training-callbacks', 'visual-percentile-bands', 'backend']) {
    expect(snippets.some((s) => s.readme === `packages/${name}/README.md`), name).toBe(true);
  }
});

it('type-checks every TypeScript block', () => {
  const tsc = join(here, 'node_modules/.bin/tsc');
  const result = spawnSync(tsc, ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
}, 180_000);

describe.each(snippets.filter((s) => s.rule === 'node'))('$readme:$line (node)', (snippet) => {
  it('runs without error', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nophd-snippet-'));
    try {
      const result = spawnSync(process.execPath, ['--import', tsx, fileOf(snippet)], {
        cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, NODE_PATH: undefined },
      });
      expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 300_000);
});

describe.each(snippets.filter((s) => s.rule === 'browser'))('$readme:$line (browser)', (snippet) => {
  it('bundles for the browser with no Node-only module', async () => {
    const result = await build({
      entryPoints: [fileOf(snippet)], bundle: true, write: false, platform: 'browser', format: 'esm',
      target: 'es2022', metafile: true, logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => /cli-progress|node_modules\/(events|readline)\//.test(path))).toEqual([]);
  }, 120_000);
});
