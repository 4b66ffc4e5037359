import { loadMnist } from '@nophd/mnist-data';
import { buildStage } from './stage.js';
import * as tf from '@tensorflow/tfjs-core';
import { imagesPerSecond } from '../stats.js';
import type { ThroughputResult, ThroughputTask } from '../tasks.js';
import { useBackend } from './backend.js';
import { endlessBatches } from './batches.js';

/** Enough real training images for 32 distinct batches of 128; throughput does not need all 55,000. */
const THROUGHPUT_IMAGES = 4096;

/**
 * Training steps (forward + backward + optimizer update, loss read back) and then forward-only
 * passes of one stage on one backend, each timed batch by batch after untimed warm-up batches.
 * Drawing the batch from the data pipeline is inside the timing, as in a real training loop.
 */
export async function measureThroughput(task: ThroughputTask): Promise<ThroughputResult> {
  const selection = await useBackend(task.backend);
  const data = await loadMnist({ trainSize: THROUGHPUT_IMAGES });
  const { model, recipe } = buildStage(task.stage);

  const warmup = endlessBatches(data.train, task.warmupBatchSize, recipe.inputShape);
  for (let i = 0; i < task.warmupBatches; i++) {
    const { xs, ys } = warmup.next().value!;
    await model.trainOnBatch(xs, ys);
    if (task.forwardBatches > 0) {
      const probabilities = model.predict(xs) as tf.Tensor;
      await probabilities.data();
      probabilities.dispose();
    }
    tf.dispose([xs, ys]);
  }

  const batches = endlessBatches(data.train, task.batchSize, recipe.inputShape);
  const numTensorsBefore = tf.memory().numTensors;
  const trainBatchMs: number[] = [];
  for (let i = 0; i < task.timedBatches; i++) {
    const start = performance.now();
    const { xs, ys } = batches.next().value!;
    await model.trainOnBatch(xs, ys); // resolves once the loss is read back, so the step has finished
    tf.dispose([xs, ys]);
    trainBatchMs.push(performance.now() - start);
  }

  const forwardBatchMs: number[] = [];
  for (let i = 0; i < task.forwardBatches; i++) {
    const start = performance.now();
    const { xs, ys } = batches.next().value!;
    const probabilities = model.predict(xs) as tf.Tensor;
    await probabilities.data();
    tf.dispose([xs, ys, probabilities]);
    forwardBatchMs.push(performance.now() - start);
  }
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
