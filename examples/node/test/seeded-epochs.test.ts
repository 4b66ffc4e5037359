import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createMnistSplit, type MnistSplit } from '@nophd/mnist-data';
import { seededEpochs, type SeededEpochsOptions } from '../src/training/seeded-epochs.js';

// 250 examples whose first pixel tells which one it is, so a batch shows the order it was drawn in.
const SIZE = 250;
let split: MnistSplit;
beforeAll(async () => {
  await tf.setBackend('cpu');
  const images = new Float32Array(SIZE * 784);
  const labels = new Uint8Array(SIZE);
  for (let i = 0; i < SIZE; i++) {
    images[i * 784] = i / SIZE;
    labels[i] = i % 10;
  }
  split = createMnistSplit(images, labels);
});

/** The example indices of every batch the dataset yields, one array per epoch. */
async function epochOrders(options: SeededEpochsOptions): Promise<number[][]> {
  const dataset = seededEpochs(split, options);
  const iterator = await dataset.iterator();
  const orders: number[] = [];
  const sizes: number[] = [];
  for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
    const { xs, ys } = result.value;
    const pixels = await xs.data();
    for (let k = 0; k < xs.shape[0]; k++) orders.push(Math.round(pixels[k * 784] * SIZE));
    sizes.push(xs.shape[0]);
    tf.dispose([xs, ys]);
  }
  expect(sizes).toHaveLength(dataset.size);
  const epochs: number[][] = [];
  for (let e = 0; e < options.epochs; e++) epochs.push(orders.slice(e * SIZE, (e + 1) * SIZE));
  return epochs;
}

const base: SeededEpochsOptions = { batchSize: 100, shape: 'flat', seed: 7, firstEpoch: 0, epochs: 3 };

describe('seededEpochs', () => {
  it('yields every example once per epoch, in batches of batchSize with a smaller last one', async () => {
    const dataset = seededEpochs(split, base);
    expect(dataset.batchesPerEpoch).toBe(3);
    expect(dataset.size).toBe(9);
    const iterator = await dataset.iterator();
    const shapes: number[][] = [];
    for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
      shapes.push(result.value.xs.shape, result.value.ys.shape);
      tf.dispose([result.value.xs, result.value.ys]);
    }
    expect(shapes.slice(0, 6)).toEqual([[100, 784], [100, 10], [100, 784], [100, 10], [50, 784], [50, 10]]);
    for (const order of await epochOrders(base)) expect([...order].sort((a, b) => a - b)).toEqual([...Array(SIZE).keys()]);
  });

  it('gives the same batches for the same seed, another order each epoch, and others for another seed', async () => {
    const [a, b] = [await epochOrders(base), await epochOrders(base)];
    expect(b).toEqual(a);
    expect(a[1]).not.toEqual(a[0]);
    expect(a[2]).not.toEqual(a[1]);
    expect(a[0]).not.toEqual([...Array(SIZE).keys()]);
    expect((await epochOrders({ ...base, seed: 8 }))[0]).not.toEqual(a[0]);
  });

  it('lets a resumed run see the batches an uninterrupted one would', async () => {
    const whole = await epochOrders(base);
    const resumed = await epochOrders({ ...base, firstEpoch: 1, epochs: 2 });
    expect(resumed).toEqual(whole.slice(1));
  });

  it('shapes images for convolutional stages and leaves no tensors behind once batches are disposed', async () => {
    const before = tf.memory().numTensors;
    const iterator = await seededEpochs(split, { ...base, shape: 'image', epochs: 1 }).iterator();
    const first = await iterator.next();
    expect(first.value!.xs.shape).toEqual([100, 28, 28, 1]);
    tf.dispose([first.value!.xs, first.value!.ys]);
    for (let result = await iterator.next(); !result.done; result = await iterator.next()) tf.dispose([result.value.xs, result.value.ys]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
