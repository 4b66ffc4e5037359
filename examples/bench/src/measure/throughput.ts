import { loadMnist } from '@nophd/mnist-data';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { imagesPerSecond } from '../stats.js';
import type { ThroughputResult, ThroughputTask } from '../tasks.js';
import { useBackend } from './backend.js';
import { endlessBatches } from './batches.js';
import { buildStage } from './stage.js';
import { timeTrainingSteps, trainingStepImages } from './training-steps.js';

/**
 * Training steps of one stage on one backend as `train()` from @nophd/training runs them (forward +
 * backward + optimizer update, loss read back, the batch drawn from the split inside the timing), then
 * forward-only passes, each timed batch by batch after untimed warm-up batches.
 */
export async function measureThroughput(task: ThroughputTask): Promise<ThroughputResult> {
  const selection = await useBackend(task.backend);
  const timedImages = trainingStepImages(task.batchSize, Math.max(task.timedBatches, task.forwardBatches));
  const data = await loadMnist({ trainSize: Math.max(timedImages, trainingStepImages(task.warmupBatchSize, task.warmupBatches)) });
  const { model, recipe } = buildStage(task.stage);

  // Warm-up at its own batch size (smaller where a backend is very slow), with a forward pass of each shape.
  await timeTrainingSteps({ model, recipe, images: data.train, batchSize: task.warmupBatchSize, warmupBatches: task.warmupBatches, timedBatches: 0 });
  if (task.forwardBatches > 0) await forwardPasses(model, endlessBatches(data.train, task.warmupBatchSize, recipe.inputShape), task.warmupBatches);

  const numTensorsBefore = tf.memory().numTensors;
  const timed = { batchSize: task.batchSize, warmupBatches: 0, timedBatches: task.timedBatches };
  const trainBatchMs = await timeTrainingSteps({ model, recipe, images: data.train, ...timed });
  const forwardBatchMs = await forwardPasses(model, endlessBatches(data.train, task.batchSize, recipe.inputShape), task.forwardBatches);
  const numTensorsAfter = tf.memory().numTensors;

  return {
    kind: 'throughput',
    stage: task.stage,
    backend: task.backend,
    backendLabel: selection.label,
    batchSize: task.batchSize,
    trainBatchMs,
    trainImagesPerSecond: imagesPerSecond(task.batchSize, trainBatchMs),
    forwardBatchMs,
    forwardImagesPerSecond: forwardBatchMs.length > 0 ? imagesPerSecond(task.batchSize, forwardBatchMs) : null,
    numTensorsBefore,
    numTensorsAfter,
  };
}

/** Inference on `count` batches, each timed from drawing the batch to reading the probabilities back. */
async function forwardPasses(
  model: LayersModel,
  batches: Generator<{ xs: tf.Tensor; ys: tf.Tensor }>,
  count: number,
): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const { xs, ys } = batches.next().value!;
    const probabilities = model.predict(xs) as tf.Tensor;
    await probabilities.data();
    tf.dispose([xs, ys, probabilities]);
    ms.push(performance.now() - start);
  }
  return ms;
}
