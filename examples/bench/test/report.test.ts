import { describe, expect, it } from 'vitest';
import { formatSeconds, renderReport } from '../src/report.js';
import type { BenchResults } from '../src/results.js';
import type { ThroughputResult } from '../src/tasks.js';
import { emptyResults } from './results-fixture.js';

function throughput(stage: number, backend: 'wasm' | 'cpu', train: number, forward: number | null, batchSize = 128): ThroughputResult {
  return {
    kind: 'throughput',
    stage,
    backend,
    backendLabel: backend === 'wasm' ? 'wasm (SIMD, 1 thread)' : 'cpu',
    batchSize,
    trainBatchMs: [1, 2, 3],
    trainImagesPerSecond: train,
    forwardBatchMs: forward ? [1] : [],
    forwardImagesPerSecond: forward,
    numTensorsBefore: 20,
    numTensorsAfter: 20,
  };
}

const quick: BenchResults = emptyResults({
  throughput: [throughput(4, 'wasm', 1200, 3000), throughput(4, 'cpu', 2, null, 16), throughput(5, 'wasm', 250, 900)],
  skipped: { accuracy: 'not measured (--quick)', memory: 'not measured (--quick)' },
});

describe('renderReport', () => {
  const report = renderReport(quick);

  it('names the date, machine, Node version and exact command', () => {
    expect(report).toContain('2026-11-23 17:00 UTC');
    expect(report).toContain('`pnpm bench --quick`');
    expect(report).toContain('Test CPU — 2 cores, 8.0 GiB RAM');
    expect(report).toContain('Node v20.20.2');
  });

  it('warns when other processes competed for the CPU', () => {
    expect(report).toContain('Load average: 3.5 at the start, 1.2 at the end (3.1 over the last 15 min) on 2 cores — other processes');
    const quiet = renderReport({ ...quick, loadAverage: { start: [0.5, 0.4, 0.3], end: [1, 1, 0.9] } });
    expect(quiet).not.toContain('other processes');
  });

  it('checks each figure against its target', () => {
    expect(report).toMatch(/\| 4 \| 1,200 \| — \| 2\.00 \(batches of 16\) \| 600× \| 3,000 \| 0\.40 \(1\/2\.5\) \| wasm ≥ 1,000\/s ✅; wasm\/cpu ≥ 200× ✅ \|/);
    expect(report).toContain('wasm ≥ 450/s ❌');
  });

  it('says which figures --quick left out rather than leaving them blank', () => {
    expect(report).toMatch(/Time to 99% test accuracy in Node\n\nnot measured \(--quick\)/);
    expect(report).toMatch(/Peak RSS of a full-dataset stage-5 training epoch \| not measured \(--quick\)/);
  });

  it('reports tensor counts that grow as a failure', () => {
    const leaking = renderReport({ ...quick, throughput: [{ ...throughput(1, 'wasm', 9000, 20000), numTensorsAfter: 25 }] });
    expect(leaking).toContain('stage 1 wasm: 20 → 25');
    expect(leaking).toContain('unchanged ❌');
  });

  it('lists failed measurements', () => {
    const failed = renderReport({ ...quick, failures: [{ task: 'MNIST load + parse', error: 'exited with code 1' }] });
    expect(failed).toContain('- MNIST load + parse: exited with code 1');
  });
});

describe('renderReport in full mode', () => {
  const timeToAccuracy: BenchResults['timeToAccuracy'] = {
    kind: 'time-to-accuracy',
    stage: 4,
    backend: 'wasm',
    backendLabel: 'wasm (SIMD, 1 thread)',
    recipe: { optimizer: 'adam', learningRate: 0.01, batchSize: 128, epochs: 10, schedule: '0.01·0.6^epoch' },
    trainImages: 55_000,
    testImages: 10_000,
    targetAccuracy: 0.99,
    reached: true,
    seconds: 150,
    epochs: [
      { epoch: 1, elapsedSeconds: 70, trainSeconds: 65, evaluateSeconds: 5, testAccuracy: 0.985, learningRate: 0.01, numTensors: 30 },
      { epoch: 2, elapsedSeconds: 150, trainSeconds: 75, evaluateSeconds: 5, testAccuracy: 0.9912, learningRate: 0.006, numTensors: 30 },
    ],
  };
  const full = renderReport({
    ...quick,
    command: 'pnpm bench',
    mode: 'full',
    skipped: {},
    timeToAccuracy,
    peakMemory: {
      kind: 'peak-memory',
      stage: 5,
      backend: 'wasm',
      backendLabel: 'wasm (SIMD, 1 thread)',
      trainImages: 55_000,
      batchSize: 64,
      epochSeconds: 200,
      peakRss: 700e6,
      sampledPeakRss: 690e6,
      rssAfterLoad: 400e6,
      rssAtStart: 170e6,
      numTensorsBefore: 40,
      numTensorsAfter: 40,
    },
  });

  it('gives the time to 99% with the recipe and each epoch', () => {
    // 65 + 75 s of epochs and the last 5 s test; the first test (5 s) is the bench's own.
    expect(full).toContain('99.12% after epoch 2: **2 min 25 s** of training and the final test ❌ (target ≤ 120 s; 2 min 30 s with the tests after earlier epochs)');
    const epochs = timeToAccuracy!.epochs.map((e) => ({ ...e, trainSeconds: 50 }));
    const fast = renderReport({ ...quick, mode: 'full', skipped: {}, timeToAccuracy: { ...timeToAccuracy!, epochs, seconds: 110 } });
    expect(fast).toContain('99.12% after epoch 2: **1 min 45 s** of training and the final test ✅ (target ≤ 120 s; 1 min 50 s with the tests after earlier epochs)');
    expect(full).toContain('adam, learning rate 0.01 (0.01·0.6^epoch), batch 128');
    expect(full).toContain('| 1 | 65 s | 5.0 s | 70 s | 0.0100 | 30 | 98.50% |');
  });

  it('gives the peak RSS and checks the growth against twice the raw training images', () => {
    expect(full).toContain('| 700 MB (process after imports: 170 MB; after `loadMnist()`: 400 MB) |');
    expect(full).toContain('| 530 MB | ≲ 376 MB (2× raw) ❌ |');
    expect(full).toContain('| 40 → 40 | unchanged ✅ |');
  });
});

describe('formatSeconds', () => {
  it('switches to minutes past 90 s without showing 60 s', () => {
    expect(formatSeconds(5.25)).toBe('5.3 s');
    expect(formatSeconds(119.7)).toBe('2 min 0 s');
  });
});
