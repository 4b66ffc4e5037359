import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { MnistOptionError, createMnistSplit, loadMnist, type MnistData, type MnistSplit } from '../src/node.js';
import { permutation, createRandom } from '../src/random.js';

/** A split whose image i carries its own index in pixel 0, so batches reveal which examples they hold. */
function numbered(size: number): MnistSplit {
  const images = new Float32Array(size * 784);
  const labels = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    images[i * 784] = i / size;
    images[i * 784 + 783] = 1;
    labels[i] = i % 10;
  }
  return createMnistSplit(images, labels);
}

/** Indices of the examples in one batch, read back from pixel 0. */
function indicesOf(xs: tf.Tensor, size: number): number[] {
  const values = xs.dataSync();
  const out: number[] = [];
  for (let k = 0; k < xs.shape[0]; k++) out.push(Math.round(values[k * 784] * size));
  return out;
}

let data: MnistData;
beforeAll(async () => {
  await tf.setBackend('cpu');
  // tfjs-backend-cpu's first tensor in Node advises installing tfjs-node; these tests run on the CPU backend on
  // purpose, and PROD mutes tfjs's console advice (it adds no other behaviour in 4.22).
  tf.env().set('PROD', true);
  data = await loadMnist({ trainSize: 2000, validationSize: 500, testSize: 1000 });
});

describe('seeded shuffling', () => {
  it('permutation() is a permutation and deterministic per seed', () => {
    const a = permutation(1000, createRandom(7));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(permutation(1000, createRandom(7))).toEqual(a);
    expect(permutation(1000, createRandom(8))).not.toEqual(a);
    expect(a).not.toEqual(Uint32Array.from({ length: 1000 }, (_, i) => i));
  });

  it('batches cover an epoch exactly once, in the same order for the same seed', () => {
    const split = numbered(1003);
    const epoch = (seed: number | undefined, shuffle = true) => {
      const seen: number[] = [];
      const sizes: number[] = [];
      for (const { xs, ys } of split.batches({ batchSize: 100, shuffle, seed })) {
        sizes.push(xs.shape[0]);
        const idx = indicesOf(xs, 1003);
        const argMax = tf.argMax(ys, -1);
        const labels = Array.from(argMax.dataSync());
        argMax.dispose();
        expect(labels).toEqual(idx.map((i) => i % 10));
        seen.push(...idx);
        tf.dispose([xs, ys]);
      }
      return { seen, sizes };
    };
    const a = epoch(1);
    expect(a.sizes).toEqual([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 3]);
    expect([...a.seen].sort((x, y) => x - y)).toEqual(Array.from({ length: 1003 }, (_, i) => i));
    expect(epoch(1).seen).toEqual(a.seen);
    expect(epoch(2).seen).not.toEqual(a.seen);
    expect(epoch(undefined, false).seen).toEqual(Array.from({ length: 1003 }, (_, i) => i));
  });
});

describe('batches', () => {
  it('yields flat and image shapes with one-hot float32 labels', () => {
    const it1 = data.test.batches({ batchSize: 32, shape: 'image', shuffle: false });
    const { xs, ys } = it1.next().value!;
    expect(xs.shape).toEqual([32, 28, 28, 1]);
    expect(xs.dtype).toBe('float32');
    expect(ys.shape).toEqual([32, 10]);
    expect(ys.dtype).toBe('float32');
    expect(Array.from(tf.sum(ys, 1).dataSync())).toEqual(new Array(32).fill(1));
    expect(tf.argMax(ys, -1).dataSync()[0]).toBe(7);
    expect(Array.from(xs.dataSync())).toEqual(Array.from(data.test.images.subarray(0, 32 * 784)));
    tf.dispose([xs, ys]);
    const flat = data.test.batches({ batchSize: 10, shape: 'flat' }).next().value!;
    expect(flat.xs.shape).toEqual([10, 784]);
    tf.dispose([flat.xs, flat.ys]);
  });

  it('sums of the one-hot labels over an epoch equal the class counts', () => {
    const totals = new Array(10).fill(0);
    for (const { xs, ys } of data.validation.batches({ batchSize: 64, seed: 3 })) {
      tf.sum(ys, 0).dataSync().forEach((n, digit) => { totals[digit] += n; });
      tf.dispose([xs, ys]);
    }
    expect(totals).toEqual(data.validation.classCounts());
  });

  it('leaks no tensors across batches, nor when a loop stops early', () => {
    const before = tf.memory().numTensors;
    for (const { xs, ys } of data.train.batches({ batchSize: 100, seed: 1 })) {
      expect(tf.memory().numTensors).toBe(before + 2);
      const loss = tf.tidy(() => tf.losses.softmaxCrossEntropy(ys, tf.zeros([xs.shape[0], 10])));
      loss.dispose();
      tf.dispose([xs, ys]);
    }
    expect(tf.memory().numTensors).toBe(before);
    for (const { xs, ys } of data.train.batches({ batchSize: 100 })) {
      tf.dispose([xs, ys]);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options with the way out', () => {
    expect(() => data.train.batches({ batchSize: 0 })).toThrow(MnistOptionError);
    expect(() => data.train.batches({ batchSize: 0 })).toThrow(/batchSize: must be a positive integer, got 0/);
    expect(() => data.train.batches({ batchSize: 10, shape: 'square' as 'flat' })).toThrow(/shape: must be 'flat' or 'image'/);
    expect(() => createMnistSplit(new Float32Array(784), Uint8Array.of(12))).toThrow(/labels\[0\] is 12/);
    expect(() => createMnistSplit(new Float32Array(700), Uint8Array.of(1))).toThrow(/784 each/);
  });
});

describe('toTensors, sample, classCounts', () => {
  it('toTensors returns a range as one pair of tensors', () => {
    const before = tf.memory().numTensors;
    const { xs, ys } = data.test.toTensors({ start: 10, size: 5, shape: 'image' });
    expect(xs.shape).toEqual([5, 28, 28, 1]);
    expect(tf.tidy(() => Array.from(tf.argMax(ys, -1).dataSync()))).toEqual(Array.from(data.test.labels.subarray(10, 15)));
    tf.dispose([xs, ys]);
    const all = data.test.toTensors();
    expect(all.xs.shape).toEqual([1000, 784]);
    tf.dispose([all.xs, all.ys]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => data.test.toTensors({ start: 990, size: 20 })).toThrow(/outside this split of 1000 examples/);
  });

  it('sample() picks distinct examples reproducibly and copies them', () => {
    const s = data.train.sample(50, 9);
    expect(new Set(s.indices).size).toBe(50);
    expect(data.train.sample(50, 9).indices).toEqual(s.indices);
    expect(data.train.sample(50, 10).indices).not.toEqual(s.indices);
    const i = s.indices[7];
    expect(s.labels[7]).toBe(data.train.labels[i]);
    expect(s.images.subarray(7 * 784, 8 * 784)).toEqual(data.train.image(i));
    expect(s.images.buffer).not.toBe(data.train.images.buffer);
    expect(() => data.train.sample(2001)).toThrow(/from 0 to 2000/);
  });

  it('classCounts() counts each digit', () => {
    const counts = data.test.classCounts();
    expect(counts.reduce((a, b) => a + b)).toBe(1000);
    expect(counts[7]).toBe(Array.from(data.test.labels).filter((l) => l === 7).length);
  });
});

describe('dataset() with model.fitDataset', () => {
  it('trains a real model for three epochs without leaking tensors', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [784], units: 10, activation: 'softmax' })] });
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const dataset = data.train.dataset({ batchSize: 100, seed: 5 });
    expect(dataset.size).toBe(20);
    const tensorsAtEpochEnd: number[] = [];
    let batches = 0;
    await model.fitDataset(dataset, {
      epochs: 3,
      verbose: 0,
      validationData: data.validation.dataset({ batchSize: 250, shuffle: false }),
      callbacks: {
        onBatchEnd: async () => { batches++; },
        onEpochEnd: async () => { tensorsAtEpochEnd.push(tf.memory().numTensors); },
      },
    });
    expect(batches).toBe(60);
    expect(tensorsAtEpochEnd[1]).toBe(tensorsAtEpochEnd[0]);
    expect(tensorsAtEpochEnd[2]).toBe(tensorsAtEpochEnd[0]);

    const test = data.test.dataset({ batchSize: 500, shuffle: false });
    const [loss, accuracy] = (await model.evaluateDataset(test, {})) as tf.Scalar[];
    const acc = (await accuracy.data())[0];
    tf.dispose([loss, accuracy]);
    // Logistic regression on 2000 real digits: far above chance (10%).
    expect(acc).toBeGreaterThan(0.8);
    model.dispose();
  });

  it('yields `epochs` passes per iterator and a fresh shuffle per iterator', async () => {
    const split = numbered(30);
    const ds = split.dataset({ batchSize: 10, seed: 4, epochs: 2 });
    expect(ds.size).toBe(6);
    const pass = async () => {
      const it = await ds.iterator();
      const seen: number[] = [];
      for (let r = await it.next(); !r.done; r = await it.next()) {
        seen.push(...indicesOf(r.value.xs, 30));
        tf.dispose([r.value.xs, r.value.ys]);
      }
      return seen;
    };
    const first = await pass();
    expect(first.length).toBe(60);
    expect([...first.slice(0, 30)].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(first.slice(30)).not.toEqual(first.slice(0, 30));
    expect(await pass()).not.toEqual(first);
    // Same seed, new dataset: the same sequence of epochs.
    const again = split.dataset({ batchSize: 10, seed: 4, epochs: 2 });
    const it = await again.iterator();
    const r = await it.next();
    expect(indicesOf(r.value!.xs, 30)).toEqual(first.slice(0, 10));
    tf.dispose([r.value!.xs, r.value!.ys]);
  });
});
