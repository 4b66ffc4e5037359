import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MnistData } from '@nophd/mnist-data';
import { percentileSampler } from '@nophd/training-callbacks';
import { CheckpointError, evaluate } from '../src/index.js';
import {
  folderCheckpoints,
  readRunReport,
  recordRun,
  REPORT_JSON,
  REPORT_SVG,
  RunReportError,
  truncateToCheckpoint,
  writeRunReport,
  type EpochRecord,
  type RecordRunOptions,
  type RunReport,
} from '../src/node.js';
import { smallMnist, tempFolders } from './helpers.js';

const folders = tempFolders('nophd-report-');
const freshFolder = folders.fresh;
afterEach(folders.removeAll);

/** A report stopped in its second epoch: epoch 1 is partial, its batches 10–14 not checkpointed. */
function stoppedReport(): RunReport {
  const points = (epoch: number, from: number) =>
    Array.from({ length: 5 }, (_, i) => ({ iteration: from + i * 2, epoch, loss: 1 / (from + i + 1), accuracy: 0.5 + (from + i) / 40 }));
  return {
    formatVersion: 1,
    stage: 4,
    title: 'Convolutional network',
    recipe: { optimizer: 'adam', batchSize: 100, epochs: 10, expectedAccuracy: 0.99, schedule: { kind: 'constant', value: 0.001 } } as unknown as RunReport['recipe'],
    settings: { batchSize: 100, trainSize: 1000, validationSize: 5000, testSize: 10000, seed: 42, batchesPerEpoch: 10 },
    status: 'interrupted',
    epochsCompleted: 1,
    iterationsCompleted: 10,
    epochs: [
      { epoch: 0, loss: 0.5, accuracy: 0.8, learningRate: 0.01, seconds: 1, imagesPerSecond: 1000, numTensors: 20 },
      { epoch: 1, loss: 0.4, accuracy: 0.85, learningRate: 0.006, seconds: 0.5, imagesPerSecond: 1000, numTensors: 20, partial: true },
    ],
    history: {
      train: [...points(0, 0), ...points(1, 10)],
      validation: [{ iteration: 10, epoch: 0, loss: 0.3, accuracy: 0.9 }],
      learningRate: [{ iteration: 0, value: 0.01 }, { iteration: 10, value: 0.006 }, { iteration: 12, value: 0.006 }],
    },
    bands: {
      weights: [0, 4, 10, 14].map((iteration) => ({ iteration, bands: [-2, -1, -0.5, 0, 0.1, 0.5, 1, 2] })),
      biases: [0, 4, 10, 14].map((iteration) => ({ iteration, bands: [-0.2, -0.1, 0, 0, 0, 0, 0.1, 0.2] })),
    },
    sessions: [],
  };
}

describe('readRunReport / writeRunReport', () => {
  it('reads back what it wrote, draws report.svg with the given renderer, and leaves no temporary file', async () => {
    const dir = await freshFolder();
    expect(await readRunReport(dir)).toBeUndefined();
    const report = stoppedReport();
    await writeRunReport(dir, report, { svg: (r) => `<svg><text>${r.title}, ${r.epochs.length} epochs</text></svg>` });
    expect(await readRunReport(dir)).toEqual(report);
    expect(await readFile(join(dir, REPORT_SVG), 'utf8')).toBe('<svg><text>Convolutional network, 2 epochs</text></svg>');
    await writeRunReport(dir, { ...report, title: 'again' });
    expect((await readRunReport(dir))!.title).toBe('again');
    expect((await readdir(dir)).sort()).toEqual([REPORT_JSON, REPORT_SVG]);
  });

  it('keeps the previous report and removes its temporary file when the rename fails', async () => {
    const dir = await freshFolder();
    await writeRunReport(dir, stoppedReport());
    // report.svg is a folder: writing the picture over it fails after report.json was replaced.
    await mkdir(join(dir, REPORT_SVG));
    const failed = writeRunReport(dir, { ...stoppedReport(), title: 'second' }, { svg: () => '<svg/>' });
    await expect(failed).rejects.toThrow(RunReportError);
    await expect(failed).rejects.toThrow(`${join(dir, REPORT_SVG)} cannot be written`);
    expect((await readdir(dir)).sort()).toEqual([REPORT_JSON, REPORT_SVG]);
    expect((await readRunReport(dir))!.title).toBe('second');
  });

  it('names a report.json that is not JSON or not a run report', async () => {
    const dir = await freshFolder();
    await writeFile(join(dir, REPORT_JSON), '{"formatVersion": 1, "epo');
    await expect(readRunReport(dir)).rejects.toThrow(new RegExp(`${REPORT_JSON} is not valid JSON`));
    await writeFile(join(dir, REPORT_JSON), '{"formatVersion": 2, "epochs": []}');
    await expect(readRunReport(dir)).rejects.toThrow(/is not a nophd run report \(formatVersion 1\)\. Delete it/);
    await writeFile(join(dir, REPORT_JSON), 'null');
    await expect(readRunReport(dir)).rejects.toThrow(RunReportError);
  });
});

describe('truncateToCheckpoint', () => {
  it('drops everything after the last checkpoint, keeping what came before', () => {
    const kept = truncateToCheckpoint(stoppedReport());
    expect(kept.epochs.map((e) => e.epoch)).toEqual([0]);
    expect(kept.history.train.every((p) => p.epoch === 0)).toBe(true);
    expect(kept.history.train).toHaveLength(5);
    expect(kept.history.validation).toHaveLength(1);
    expect(kept.history.learningRate.map((p) => p.iteration)).toEqual([0]);
    expect(kept.bands.weights.map((b) => b.iteration)).toEqual([0, 4]);
    expect(kept.bands.biases.map((b) => b.iteration)).toEqual([0, 4]);
  });
});

describe('recordRun()', () => {
  let data: MnistData;
  beforeAll(async () => {
    data = await smallMnist();
  });
  const backend = { name: 'wasm', label: 'WebAssembly (1 thread)', reason: 'asked for', candidates: [] };
  const options = (more: Partial<RecordRunOptions>): RecordRunOptions => ({ stage: 1, testSize: data.test.size, backend, ...more });
  const increasing = (values: number[]) => values.every((v, i) => i === 0 || v > values[i - 1]);

  it('records each epoch, stops with the checkpoint\'s step count, and a resume continues the report from the checkpoint', async () => {
    const dir = await freshFolder();
    const checkpoints = folderCheckpoints(dir);
    const stop = new AbortController();
    const sampler = percentileSampler(undefined, { everyBatches: 4 });
    const printed: EpochRecord[] = [];
    const recorder = await recordRun(dir, options({ bands: sampler, onEpoch: (e) => printed.push(e), svg: (r) => `<svg>${r.status} ${r.epochs.length}</svg>` }));
    // 2,000 images in batches of 100: stop three batches into the second epoch.
    const stopper = { onBatchEnd: () => (run.iteration === 23 ? stop.abort() : undefined) };
    const run = recorder.train({ stage: 1, data, epochs: 3, checkpoints, signal: stop.signal, callbacks: [sampler, stopper] });
    expect((await run.result).status).toBe('stopped');
    await recorder.finish('interrupted');
    run.dispose();

    const stopped = (await readRunReport(dir))!;
    expect(stopped).toMatchObject({ status: 'interrupted', epochsCompleted: 1, iterationsCompleted: 23, stage: 1 });
    expect(stopped.settings).toEqual({ batchSize: 100, trainSize: 2000, validationSize: 500, testSize: 1000, seed: 42, batchesPerEpoch: 20 });
    expect(stopped.epochs).toEqual(printed);
    expect(stopped.epochs).toHaveLength(1);
    expect(stopped.epochs[0].validationAccuracy).toBeGreaterThan(0.5);
    expect(stopped.epochs[0].numTensors).toBeGreaterThan(0);
    expect(stopped.history.train.at(-1)).toMatchObject({ iteration: 23, epoch: 1 });
    expect(stopped.bands.weights.map((b) => b.iteration)).toEqual([0, 4, 8, 12, 16, 20]);
    expect(stopped.sessions).toMatchObject([{ status: 'interrupted', firstEpoch: 0, epochsRequested: 3, backend }]);
    expect(await readFile(join(dir, REPORT_SVG), 'utf8')).toBe('<svg>interrupted 1</svg>');
    const saved = (await checkpoints.latest())!;
    expect(saved.state.iteration).toBe(stopped.iterationsCompleted);

    const resumedSampler = percentileSampler(undefined, { everyBatches: 4 });
    const resumed = await recordRun(dir, options({ resumeFrom: saved.state, bands: resumedSampler }));
    // Cut back to the checkpoint at once: the partial epoch's curve points and later bands are gone.
    expect(resumed.report.history.train.every((p) => p.epoch === 0)).toBe(true);
    expect(resumed.report.bands.weights.map((b) => b.iteration)).toEqual([0, 4, 8, 12, 16, 20]);
    const run2 = resumed.train({ data, epochs: 3, checkpoints, resume: true, callbacks: [resumedSampler] });
    const result = await run2.result;
    resumed.recordTest(await evaluate(result.model, data.test), { seconds: 0.5 });
    await resumed.finish('completed');
    run2.dispose();

    const done = (await readRunReport(dir))!;
    expect(done).toMatchObject({ status: 'completed', epochsCompleted: 3, iterationsCompleted: 60 });
    expect(done.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(done.epochs[1].numTensors).toBe(done.epochs[2].numTensors); // memory stays flat
    expect(done.test).toMatchObject({ size: 1000, epoch: 3 });
    expect(done.test!.accuracy).toBeGreaterThan(0.7);
    expect(done.sessions.map((s) => [s.status, s.firstEpoch, s.epochsRequested, s.seconds.test])).toEqual([['interrupted', 0, 3, 0], ['completed', 1, 2, 0.5]]);
    expect(increasing(done.history.train.map((p) => p.iteration))).toBe(true);
    expect(increasing(done.bands.weights.map((b) => b.iteration))).toBe(true);
    // The resumed sampler starts at the checkpoint's step 23, once before its first batch.
    expect(done.bands.weights.map((b) => b.iteration).filter((i) => i >= 20)).toEqual([20, 23, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60]);
  });

  it('leaves the report of a folder alone when the run there is refused at the start', async () => {
    const dir = await freshFolder();
    const first = await recordRun(dir, options({}));
    const run = first.train({ stage: 1, data, epochs: 1, checkpoints: folderCheckpoints(dir) });
    await run.result;
    await first.finish('completed');
    run.dispose();
    const before = await readFile(join(dir, REPORT_JSON), 'utf8');

    const second = await recordRun(dir, options({}));
    const refused = second.train({ stage: 1, data, epochs: 1, checkpoints: folderCheckpoints(dir) });
    const error = await refused.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    await second.finish('failed', error);
    expect(await readFile(join(dir, REPORT_JSON), 'utf8')).toBe(before);
  });
});
