import * as tf from '@tensorflow/tfjs-core';
import type { PeakMemoryResult, PeakMemoryTask } from '../tasks.js';
import { useBackend } from './backend.js';
import { buildTrainingStage, fitLikePnpmTrain, loadTrainingData } from './train-like-pnpm-train.js';

/**
 * A full-dataset training run of one stage in its own process, trained as `pnpm train` does. The peak is the kernel's ru_maxrss
 * for this process (what `/usr/bin/time -v` prints), cross-checked by sampling rss between batches.
 */
export async function measurePeakMemory(task: PeakMemoryTask): Promise<PeakMemoryResult> {
  const rssAtStart = process.memoryUsage.rss();
  const selection = await useBackend(task.backend);
  const data = await loadTrainingData();
  const rssAfterLoad = process.memoryUsage.rss();
  const { model, recipe } = buildTrainingStage(task.stage);

  // One step first so the optimizer's slot variables exist before counting tensors.
  const warmup = data.train.toTensors({ shape: recipe.inputShape, start: 0, size: recipe.batchSize });
  await model.trainOnBatch(warmup.xs, warmup.ys);
  tf.dispose([warmup.xs, warmup.ys]);

  let sampledPeakRss = process.memoryUsage.rss();
  const numTensorsBefore = tf.memory().numTensors;
  const started = performance.now();
  await fitLikePnpmTrain(model, recipe, data, task.epochs, {
    onBatchEnd: async () => {
      sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage.rss());
    },
  });
  const epochSeconds = (performance.now() - started) / 1000 / task.epochs;
  const numTensorsAfter = tf.memory().numTensors;

  return {
    kind: 'peak-memory',
    stage: task.stage,
    backend: task.backend,
    backendLabel: selection.label,
    trainImages: data.train.size,
    batchSize: recipe.batchSize,
    epochSeconds,
    peakRss: process.resourceUsage().maxRSS * 1024,
    sampledPeakRss,
    rssAfterLoad,
    rssAtStart,
    numTensorsBefore,
    numTensorsAfter,
  };
}
