import { loadMnist, type MnistData } from '@nophd/mnist-data';
import * as tf from '@tensorflow/tfjs-core';

// Real MNIST through @nophd/mnist-data, in file order (no validation split, no shuffling), loaded once per test file.
let data: Promise<MnistData> | undefined;

export interface MnistSlice {
  /** `[n, 784]` or `[n, 28, 28, 1]`, pixel / 255. */
  xs: tf.Tensor;
  /** One-hot `[n, 10]`. */
  ys: tf.Tensor2D;
  labels: Uint8Array;
}

/** `count` consecutive images from `start` of the training (`'train'`) or test (`'t10k'`) file. */
export async function mnistSlice(set: 'train' | 't10k', start: number, count: number, shape: 'flat' | 'image'): Promise<MnistSlice> {
  data ??= loadMnist({ validationSize: 0 });
  const split = (await data)[set === 'train' ? 'train' : 'test'];
  const { xs, ys } = split.toTensors({ shape, start, size: count });
  return { xs, ys: ys as tf.Tensor2D, labels: split.labels.slice(start, start + count) };
}

/** Fraction of `labels` the model's arg-max prediction gets right. */
export function accuracy(predictions: tf.Tensor, labels: Uint8Array): number {
  const predicted = tf.tidy(() => tf.argMax(predictions, -1).dataSync());
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}
