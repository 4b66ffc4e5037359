import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Installs the packed tarballs into a throw-away app outside the workspace, the way a course app consumes nophd.
const repoRoot = resolve(import.meta.dirname, '../../..');
const fixtures = resolve(import.meta.dirname, '../fixtures');
const packagesDir = join(repoRoot, 'packages');
const TFJS = '4.22.0';

let app = '';

function run(command: string, args: string[], options: ExecFileSyncOptions = {}): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options }) as string;
}

function lastJsonLine(output: string): Record<string, unknown> {
  const line = output.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) throw new Error(`no JSON result in output:\n${output}`);
  return JSON.parse(line);
}

// tfjs 4.22's own declarations do not pass a full lib check (they reference `Long` and disagree with
// themselves), so every file is checked but only errors in nophd's declarations or the app's code count.
function ourTypeErrors(resolution: string): string[] {
  let output = '';
  try {
    output = run(join(app, 'node_modules/.bin/tsc'), ['-p', `tsconfig.${resolution}.json`], { cwd: app });
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    output = `${stdout}\n${stderr}`;
  }
  return output
    .split('\n')
    .filter((line) => /^(use\.ts|node_modules\/@nophd\/)/.test(line) || /error TS6053|error TS5/.test(line));
}

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'nophd-consumer-'));
  const tarballs = join(app, 'tarballs');
  for (const name of readdirSync(packagesDir)) {
    run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(packagesDir, name) });
  }
  const packed = readdirSync(tarballs).map((file) => join(tarballs, file));
  expect(packed).toHaveLength(readdirSync(packagesDir).length);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'course-app', private: true, version: '1.0.0' }));
  run('npm', [
    'install', '--no-audit', '--no-fund', '--loglevel=error',
    ...packed,
    `@tensorflow/tfjs-core@${TFJS}`, `@tensorflow/tfjs-layers@${TFJS}`,
    `@tensorflow/tfjs-backend-cpu@${TFJS}`, `@tensorflow/tfjs-backend-wasm@${TFJS}`,
    'typescript@5.9.3', '@types/node@20',
  ], { cwd: app });
  for (const file of ['use.mjs', 'use.cjs', 'use.ts']) copyFileSync(join(fixtures, file), join(app, file));
});

afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('a course app outside the workspace', () => {
  it('installs exactly one copy of @tensorflow/tfjs-core', () => {
    const tree = JSON.parse(run('npm', ['ls', '@tensorflow/tfjs-core', '--all', '--json'], { cwd: app }));
    const versions = new Set<string>();
    const walk = (deps: Record<string, { version: string; dependencies?: object }> = {}) => {
      for (const [name, dep] of Object.entries(deps)) {
        if (name === '@tensorflow/tfjs-core') versions.add(dep.version);
        walk(dep.dependencies as never);
      }
    };
    walk(tree.dependencies);
    expect([...versions]).toEqual([TFJS]);
    const copies = run('find', ['node_modules', '-type', 'd', '-path', '*@tensorflow/tfjs-core'], { cwd: app });
    expect(copies.trim().split('\n')).toHaveLength(1);
  });

  it('imports every package from ESM and computes with them', () => {
    const result = lastJsonLine(run('node', ['use.mjs'], { cwd: app }));
    expect(result.backend).toBe('wasm');
    expect(result.tfBackend).toBe('wasm');
    expect(result.stages).toBe(6); // the codelab's five and the experts' net
    expect(result.firstTrainLabel).toBe(5);
    expect(result.accuracy as number).toBeGreaterThanOrEqual(0);
    expect(result.bands).toHaveLength(8);
    expect((result.bands as number[])[0]).toBe(0);
    expect((result.bands as number[])[7]).toBe(999);
    expect(result.svg).toBe(true);
    expect(result.lrAtEpoch2).toBeCloseTo(0.01 * 0.36, 10);
    expect(result.tinyLabels).toEqual([3, 7]);
    expect(result.confusionSvg).toBe(true);
  });

  it('requires every package from CJS and computes with them', () => {
    const result = lastJsonLine(run('node', ['use.cjs'], { cwd: app }));
    expect(result.backend).toBe('wasm');
    expect(result.tfBackend).toBe('wasm');
    expect(result.stages).toBe(6);
    expect(result.firstTestLabel).toBe(7);
    expect(result.predictionShape).toEqual([128, 10]);
    expect(result.bands).toEqual([1, 1.5, 2.5, 3.5, 5.5, 6.5, 7.5, 8]);
    expect(result.lrAtEpoch1).toBeCloseTo(0.006, 10);
    expect(result.accuracyOf7).toBe(1);
  });

  for (const resolution of ['node16', 'bundler'] as const) {
    it(`type-checks a TypeScript consumer with moduleResolution ${resolution}`, () => {
      const tsconfig = {
        compilerOptions: {
          target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'],
          lib: ['ES2022', 'DOM'],
          module: resolution === 'node16' ? 'node16' : 'esnext',
          moduleResolution: resolution,
        },
        files: ['use.ts'],
      };
      writeFileSync(join(app, `tsconfig.${resolution}.json`), JSON.stringify(tsconfig));
      // Type-check as an ES module app under node16 (package.json "type" decides), and as a bundler app.
      if (resolution === 'node16') {
        writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'course-app', private: true, version: '1.0.0', type: 'module' }));
      }
      try {
        const errors = ourTypeErrors(resolution);
        expect(errors, `tsc (${resolution}) errors in nophd's types or the app`).toEqual([]);
      } finally {
        writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'course-app', private: true, version: '1.0.0' }));
      }
    });
  }
});
