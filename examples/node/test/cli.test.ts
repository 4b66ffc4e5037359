import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderCheckpoints } from '@nophd/training/node';
import type { RunReport } from '@nophd/training/node';
import { runCli, startCli } from './run-cli.js';

/** The state of the run's current checkpoint, read the way `--resume` reads it. */
async function checkpointState(dir: string) {
  const checkpoint = await folderCheckpoints(dir).latest();
  return checkpoint!.state;
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nophd-cli-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const readJson = async <T>(file: string) => JSON.parse(await readFile(file, 'utf8')) as T;

// One real training run on real MNIST, shared by the tests that inspect its output.
describe('train then evaluate (stage 1, 2,000 images)', () => {
  let out: string;
  let first: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    out = join(root, 'stage-1');
    first = await runCli('train', ['--stage', '1', '--epochs', '2', '--train-size', '2000', '--out', out, '--quiet']);
  });

  it('exits 0, tells which backend and why, and prints the test accuracy and total time', () => {
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Backend: (wasm|cpu)\b.* — /);
    expect(first.stdout).toMatch(/Test accuracy: \d+\.\d\d % on 10,000 test images/);
    expect(first.stdout).toMatch(/Total time: \d+\.\d s/);
  });

  it('writes the checkpoint, report.json and report.svg', async () => {
    for (const file of ['checkpoint.json', 'checkpoints', 'report.json', 'report.svg']) expect(existsSync(join(out, file)), file).toBe(true);
    expect(existsSync(join(out, '.lock')), 'the lock is released').toBe(false);
    const svg = await readFile(join(out, 'report.svg'), 'utf8');
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const title of ['Loss', 'Accuracy', 'Weights', 'Biases', 'First-layer weights', 'Test confusions']) expect(svg).toContain(title);
  });

  it('adds the ten weight templates and the test confusion matrix of the finished model to report.json', async () => {
    const { modelViews, test } = await readJson<RunReport>(join(out, 'report.json'));
    expect(modelViews!.firstLayer).toMatchObject({ width: 28, height: 28, total: 10 });
    expect(modelViews!.firstLayer.pictures).toHaveLength(10);
    expect(modelViews!.firstLayer.pictures.every((p) => p.length === 784)).toBe(true);
    const counts = modelViews!.confusion.flat();
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    const right = modelViews!.confusion.reduce((sum, row, digit) => sum + row[digit], 0);
    expect(right / 10_000).toBeCloseTo(test!.accuracy, 3);
  });

  it('reports a test accuracy far above chance, per-epoch validation and flat tensor counts', async () => {
    const report = await readJson<RunReport>(join(out, 'report.json'));
    expect(report.status).toBe('completed');
    expect(report.epochsCompleted).toBe(2);
    expect(report.test!.size).toBe(10_000);
    expect(report.test!.accuracy).toBeGreaterThan(0.8); // chance is 0.1
    expect(first.stdout).toContain(`Test accuracy: ${(report.test!.accuracy * 100).toFixed(2)} %`);
    expect(report.epochs.map((e) => e.epoch)).toEqual([0, 1]);
    for (const epoch of report.epochs) {
      expect(epoch.validationAccuracy).toBeGreaterThan(0.5);
      expect(epoch.imagesPerSecond).toBeGreaterThan(0);
      expect(epoch.learningRate).toBeGreaterThan(0);
    }
    // No tensor leaks: the count at the end of every epoch is the same.
    expect(new Set(report.epochs.map((e) => e.numTensors)).size).toBe(1);
    expect(report.history.train.length).toBeGreaterThan(10);
    expect(report.history.validation).toHaveLength(2);
    expect(report.bands.weights.length).toBeGreaterThan(2);
    for (const sample of [...report.bands.weights, ...report.bands.biases]) {
      expect(sample.bands).toHaveLength(8);
      expect([...sample.bands].sort((a, b) => a - b)).toEqual(sample.bands);
    }
    expect(report.sessions[0].backend.reason.length).toBeGreaterThan(0);
  });

  it('evaluate reproduces the accuracy and prints per-digit accuracy and confusions', async () => {
    const report = await readJson<RunReport>(join(out, 'report.json'));
    const result = await runCli('evaluate', ['--model', out]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`Test accuracy: ${(report.test!.accuracy * 100).toFixed(2)} %`);
    for (let digit = 0; digit < 10; digit++) expect(result.stdout).toMatch(new RegExp(`^  ${digit}: +\\d+\\.\\d\\d % +\\(\\d+/\\d+\\)$`, 'm'));
    expect(result.stdout).toMatch(/Most confused: \d read as \d ×\d+/);
    // The report holds the same scores as pictures can be drawn from.
    expect(report.test!.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(report.test!.perDigit).toHaveLength(10);
  });

  it('refuses to train over the finished run without --resume or --force, and names both', async () => {
    const result = await runCli('train', ['--stage', '1', '--epochs', '1', '--train-size', '2000', '--out', out, '--quiet']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/CheckpointError: the folder .* already holds a checkpoint \(epoch 2 of 2\)/);
    expect(result.stderr).toContain('--resume');
    expect(result.stderr).toContain('--force');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('--resume with another --seed is refused: the split would change', async () => {
    const result = await runCli('train', ['--resume', '--seed', '7', '--epochs', '1', '--out', out, '--quiet']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ResumeMismatchError: .* seed 42, but 7 was asked for/);
  });

  it('--resume continues the epoch count, the schedule position and the history', async () => {
    const before = await readJson<RunReport>(join(out, 'report.json'));
    const result = await runCli('train', ['--stage', '1', '--epochs', '1', '--train-size', '2000', '--out', out, '--quiet', '--resume']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Resuming stage 1');
    const after = await readJson<RunReport>(join(out, 'report.json'));
    expect(after.epochsCompleted).toBe(3);
    expect(after.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(after.sessions).toHaveLength(2);
    expect(after.sessions[1].firstEpoch).toBe(2);
    expect(after.iterationsCompleted).toBe(before.iterationsCompleted * 1.5);
    expect(after.sessions[1].backend.name).toBeTruthy();
    expect(after.history.train.slice(0, before.history.train.length)).toEqual(before.history.train);
    const iterations = after.history.train.map((p) => p.iteration);
    expect(iterations.every((it, i) => i === 0 || it > iterations[i - 1])).toBe(true);
    expect(iterations.at(-1)).toBeGreaterThan(before.iterationsCompleted);
    expect((await checkpointState(out)).epoch).toBe(3);
  });
});

describe('--seed', () => {
  it('reproduces a run exactly: the same batches give the same weights and metrics, resumed or not', async () => {
    const args = (out: string, epochs: number) => ['--stage', '1', '--epochs', String(epochs), '--train-size', '2000', '--test-size', '1000', '--seed', '11', '--out', out, '--quiet'];
    const [once, twice, resumed] = ['once', 'twice', 'resumed'].map((name) => join(root, `seed-${name}`));
    for (const result of [
      await runCli('train', args(once, 2)),
      await runCli('train', args(twice, 2)),
      await runCli('train', args(resumed, 1)),
      await runCli('train', [...args(resumed, 1), '--resume']),
    ]) expect(result.code, result.stdout + result.stderr).toBe(0);
    const outcome = async (dir: string) => {
      const report = await readJson<RunReport>(join(dir, 'report.json'));
      const checkpoint = await folderCheckpoints(dir).latest();
      return {
        weights: Buffer.from(checkpoint!.artifacts.weightData as ArrayBuffer).toString('base64'),
        epochs: report.epochs.map((e) => [e.loss, e.accuracy, e.validationLoss, e.validationAccuracy]),
        test: report.test,
      };
    };
    const first = await outcome(once);
    expect(first.epochs).toHaveLength(2);
    expect(await outcome(twice)).toEqual(first);
    expect(await outcome(resumed)).toEqual(first);
  });
});

describe.each(['SIGINT', 'SIGTERM'] as const)('%s', (signal) => {
  it('stops after the current batch, saves a checkpoint where it stopped, writes the report and exits 130', async () => {
    const out = join(root, `interrupted-${signal}`);
    const run = startCli('train', ['--stage', '1', '--epochs', '1000', '--train-size', '2000', '--out', out, '--quiet']);
    // Wait for the first checkpoint, then interrupt in the middle of training.
    const deadline = Date.now() + 120_000;
    while (!existsSync(join(out, 'checkpoint.json')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(join(out, 'checkpoint.json'))).toBe(true);
    run.child.kill(signal);
    const result = await run.done;
    expect(result.code, result.stdout + result.stderr).toBe(130);
    expect(result.stderr).toContain('stopping after this batch');
    expect(result.stdout).toContain('--resume');
    const report = await readJson<RunReport>(join(out, 'report.json'));
    expect(report.status).toBe('interrupted');
    expect(report.epochsCompleted).toBeGreaterThanOrEqual(1);
    expect(report.epochsCompleted).toBeLessThan(1000);
    // Nothing trained is lost: the checkpoint holds every step the report counts, partial epoch included.
    expect((await checkpointState(out)).iteration).toBe(report.iterationsCompleted);
    expect(existsSync(join(out, 'report.svg'))).toBe(true);
    // The kept checkpoint is a whole, loadable model.
    const evaluated = await runCli('evaluate', ['--model', out, '--test-size', '500']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
  });
});

describe('--force', () => {
  it('starts over in a folder that holds a run', async () => {
    const out = join(root, 'forced');
    const args = ['--stage', '1', '--epochs', '1', '--train-size', '1000', '--test-size', '100', '--out', out, '--quiet'];
    expect((await runCli('train', args)).code).toBe(0);
    const again = await runCli('train', [...args, '--force']);
    expect(again.code, again.stderr).toBe(0);
    const report = await readJson<RunReport>(join(out, 'report.json'));
    expect(report.sessions).toHaveLength(1);
    expect((await checkpointState(out)).epoch).toBe(1);
  });
});

describe('clear errors', () => {
  it('bad flags exit 2 naming the flag, value and choices', async () => {
    const result = await runCli('train', ['--stage', '7']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('UsageError: --stage "7" is not valid: choose one of 1, 2, 3, 4, 5, 6, experts.');
    const unknown = await runCli('train', ['--epoch', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--epoch'");
  });

  it('--help prints the flags and exits 0', async () => {
    const result = await runCli('train', ['--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--stage', '--epochs', '--batch-size', '--backend', '--train-size', '--test-size', '--out', '--resume', '--seed', '--quiet']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('evaluate without a model names the folder', async () => {
    const missing = join(root, 'no-such-model');
    const result = await runCli('evaluate', ['--model', missing]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`CheckpointError: the folder ${missing}: holds no checkpoint`);
  });

  it('--resume without a checkpoint says so, and leaves no empty folder behind', async () => {
    const empty = join(root, 'empty');
    const result = await runCli('train', ['--stage', '1', '--resume', '--out', empty]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('holds no checkpoint to resume');
    expect(existsSync(empty)).toBe(false);
  });

  it('refuses values that used to be read wrongly or hang', async () => {
    for (const [args, message] of [
      [['--epochs', '0x10'], '--epochs "0x10" is not valid'],
      [['--out', ''], '--out "" is not valid'],
      [['--learning-rate', '1e9'], '--learning-rate "1e9" is not valid: expected a number above 0 and below 10'],
      [['--resume', '--force'], '--resume and --force contradict each other'],
    ] as const) {
      const result = await runCli('train', [...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
    const proc = await runCli('train', ['--stage', '1', '--out', '/proc/nophd-run']);
    expect(proc.code).toBe(1);
    expect(proc.stderr).toContain('RunFolderError');
  });

  it('an unwritable --out fails before training', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'not a folder');
    const result = await runCli('train', ['--stage', '1', '--out', join(file, 'run')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('RunFolderError: Cannot write to the run folder');
  });
});
