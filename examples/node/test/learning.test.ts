import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { RunReport } from '@nophd/training/node';
import { runCli } from './run-cli.js';

let out: string | undefined;
afterAll(() => out && rm(out, { recursive: true, force: true }));

// Proof that the whole path learns for real: the stage 4 conv net, trained with the wasm backend
// (which needs @nophd/backend's wasm training kernels) for one epoch on 10,000 real MNIST images,
// must classify the 10,000 test images far better than any shortcut could.
it('stage 4 on wasm: one epoch on 10,000 images reaches ≥ 95 % test accuracy', async () => {
  out = await mkdtemp(join(tmpdir(), 'nophd-learning-'));
  const result = await runCli('train', ['--stage', '4', '--epochs', '1', '--train-size', '10000', '--backend', 'wasm', '--out', out, '--quiet']);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toMatch(/^Backend: wasm/m);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
  expect(report.sessions[0].backend.name).toBe('wasm');
  expect(report.settings.trainSize).toBe(10_000);
  expect(report.test!.size).toBe(10_000);
  console.log(`stage 4, wasm, 1 epoch on 10,000 images: test accuracy ${(report.test!.accuracy * 100).toFixed(2)} %`);
  expect(report.test!.accuracy).toBeGreaterThanOrEqual(0.95);
});
