import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { run, TFJS, writeAppPackageJson } from './support/consumer-app.js';

// The packed tarballs, installed into a throw-away app outside the workspace (test/support/global-setup.ts).
const fixtures = resolve(import.meta.dirname, '../fixtures');

let app = '';

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
  app = inject('consumerApp');
  for (const file of ['use.mjs', 'use.cjs', 'use.ts']) copyFileSync(join(fixtures, file), join(app, file));
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
    expect(result.stages).toBe(5);
    expect(result.firstTrainLabel).toBe(5);
    expect(result.accuracy as number).toBeGreaterThanOrEqual(0);
    expect(result.bands).toHaveLength(8);
    expect((result.bands as number[])[0]).toBe(0);
    expect((result.bands as number[])[7]).toBe(999);
    expect(result.svg).toBe(true);
    expect(result.lrAtEpoch2).toBeCloseTo(0.01 * 0.36, 10);
    expect(result.tinyLabels).toEqual([3, 7]);
  });

  it('requires every package from CJS and computes with them', () => {
    const result = lastJsonLine(run('node', ['use.cjs'], { cwd: app }));
    expect(result.backend).toBe('wasm');
    expect(result.tfBackend).toBe('wasm');
    expect(result.stages).toBe(5);
    expect(result.firstTestLabel).toBe(7);
    expect(result.predictionShape).toEqual([128, 10]);
    expect(result.bands).toEqual([1, 1.5, 2.5, 3.5, 5.5, 6.5, 7.5, 8]);
    expect(result.lrAtEpoch1).toBeCloseTo(0.006, 10);
  });

  it('trains stage 2 with its recipe, stops on an AbortSignal, resumes from the checkpoint and scores it (the training README program)', () => {
    copyFileSync(join(fixtures, 'train-and-resume.mjs'), join(app, 'train-and-resume.mjs'));
    rmSync(join(app, 'runs'), { recursive: true, force: true });
    const output = run('node', ['train-and-resume.mjs'], { cwd: app, env: { ...process.env, CI: '1' } });
    const result = lastJsonLine(output);
    expect(result.first).toBe('stopped');
    expect(result.firstIteration).toBe(31);
    // 5,000 images in batches of 128: 40 steps an epoch, 2 epochs, the resumed run did the rest.
    expect(result.iteration).toBe(80);
    expect(result.accuracy as number).toBeGreaterThan(0.88);
    const confusion = result.confusion as number[][];
    expect(confusion).toHaveLength(10);
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(output).toMatch(/accuracy \d+\.\d\d %/);
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
      if (resolution === 'node16') writeAppPackageJson(app, 'module');
      try {
        const errors = ourTypeErrors(resolution);
        expect(errors, `tsc (${resolution}) errors in nophd's types or the app`).toEqual([]);
      } finally {
        writeAppPackageJson(app);
      }
    });
  }
});
