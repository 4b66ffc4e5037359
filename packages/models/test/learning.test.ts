import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStageModel, learningRateAt } from '../src/index.js';
import { useCpuBackend } from './helpers/backend.js';
import { accuracy, mnistSlice, type MnistSlice } from './helpers/mnist.js';

// Short real training runs on real MNIST: 5,000 training images, scored on 2,000 test images the
// models never saw. The full-length runs and the codelab's targets live in `pnpm verify-accuracy`.
let train: MnistSlice;
let test: MnistSlice;

beforeAll(async () => {
  await useCpuBackend();
  train = await mnistSlice('train', 0, 5000, 'flat');
  test = await mnistSlice('t10k', 0, 2000, 'flat');
});
afterAll(() => tf.dispose([train.xs, train.ys, test.xs, test.ys]));

function testAccuracy(model: { predict: (x: tf.Tensor) => tf.Tensor | tf.Tensor[] }): number {
  const predictions = model.predict(test.xs) as tf.Tensor;
  const result = accuracy(predictions, test.labels);
  predictions.dispose();
  return result;
}

describe('short learning runs on real MNIST', () => {
  it('stage 1 (softmax, SGD 0.5) reaches ≥ 85% after 5 epochs on 5,000 images', async () => {
    const { model, recipe } = createStageModel(1, { seed: 1 });
    const before = testAccuracy(model);
    const tensorsBefore = tf.memory().numTensors;
    await model.fit(train.xs, train.ys, { batchSize: recipe.batchSize, epochs: 5, shuffle: true, verbose: 0 });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const after = testAccuracy(model);
    expect(before).toBeLessThan(0.3); // untrained: about chance
    expect(after).toBeGreaterThanOrEqual(0.85);
    model.dispose();
  });

  it('stage 2 (five dense layers, Adam) passes 70% within one epoch on 5,000 images (40 steps)', async () => {
    const { model, recipe } = createStageModel(2, { seed: 2 });
    const losses: number[] = [];
    await model.fit(train.xs, train.ys, {
      batchSize: recipe.batchSize,
      epochs: 1,
      shuffle: true,
      verbose: 0,
      callbacks: { onBatchEnd: async (_batch, logs) => void losses.push(logs?.loss ?? Number.NaN) },
    });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) / 2);
    expect(testAccuracy(model)).toBeGreaterThanOrEqual(0.7); // chance is 0.1
    model.dispose();
  });

  it('stage 3 (dropout, decaying rate) passes 70% after 2 epochs on 2,500 images, following its schedule', async () => {
    const { model, recipe } = createStageModel(3, { seed: 3 });
    const optimizer = model.optimizer as tf.Optimizer & { learningRate: number };
    const [xs, ys] = [tf.slice(train.xs, [0], [2500]), tf.slice(train.ys, [0], [2500])];
    for (let epoch = 0; epoch < 2; epoch++) {
      optimizer.learningRate = learningRateAt(recipe, epoch);
      await model.fit(xs, ys, { batchSize: recipe.batchSize, epochs: 1, shuffle: true, verbose: 0 });
    }
    tf.dispose([xs, ys]);
    expect(optimizer.learningRate).toBeCloseTo(0.0024, 12); // 0.003 · 0.8 in the second epoch
    expect(testAccuracy(model)).toBeGreaterThanOrEqual(0.7);
    model.dispose();
  });
});
