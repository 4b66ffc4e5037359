import { stageInfo, type StageNumber } from '@nophd/models';
import { DEFAULT_SEED, train } from '@nophd/training';
import * as tf from '@tensorflow/tfjs-core';
import type { PeakMemoryResult, PeakMemoryTask } from '../tasks.js';
import { useBackend } from './backend.js';
import { loadLikePnpmTrain } from './pnpm-train-data.js';

/**
 * A full-dataset training run of one stage in its own process, trained as `pnpm train` does (`train()` from
 * @nophd/training, its recipe, DEFAULT_SEED, the same split). The peak is the kernel's ru_maxrss for this
 * process (what `/usr/bin/time -v` prints), cross-checked by sampling rss after every batch.
 */
export async function measurePeakMemory(task: PeakMemoryTask): Promise<PeakMemoryResult> {
  const rssAtStart = process.memoryUsage.rss();
  const selection = await useBackend(task.backend);
  const data = await loadLikePnpmTrain();
  const rssAfterLoad = process.memoryUsage.rss();
  const stage = task.stage as StageNumber;

  let sampledPeakRss = process.memoryUsage.rss();
  // Counted at the end of the first and of the last batch: the loop is in the same state there (the batch's
  // tensors still held, the optimizer's slots made by the first step), so any difference is a leak.
  let numTensorsBefore: number | undefined;
  let numTensorsAfter = 0;
  let started = 0;
  let ended = 0;
  const run = train({
    stage,
    data,
    seed: DEFAULT_SEED,
    epochs: task.epochs,
    callbacks: [
      {
        onTrainBegin: () => {
          started = performance.now();
        },
        onBatchEnd: () => {
          sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage.rss());
          numTensorsAfter = tf.memory().numTensors;
          numTensorsBefore ??= numTensorsAfter;
        },
        onTrainEnd: () => {
          ended = performance.now();
        },
      },
    ],
  });
  await run.result;
  run.dispose();

  return {
    kind: 'peak-memory',
    stage: task.stage,
    backend: task.backend,
    backendLabel: selection.label,
    trainImages: data.train.size,
    batchSize: stageInfo(stage).recipe.batchSize,
    epochSeconds: (ended - started) / 1000 / task.epochs,
    peakRss: process.resourceUsage().maxRSS * 1024,
    sampledPeakRss,
    rssAfterLoad,
    rssAtStart,
    numTensorsBefore: numTensorsBefore ?? 0,
    numTensorsAfter,
  };
}
