import type { MnistSplit } from '@nophd/mnist-data';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Fraction of the whole split classified correctly, predicted in chunks to bound memory. */
export async function splitAccuracy(
  model: LayersModel,
  split: MnistSplit,
  shape: 'flat' | 'image',
  chunk = 1000,
): Promise<number> {
  let correct = 0;
  for (let start = 0; start < split.size; start += chunk) {
    const size = Math.min(chunk, split.size - start);
    const { xs, ys } = split.toTensors({ shape, start, size });
    const predicted = tf.tidy(() => tf.argMax(model.predict(xs) as tf.Tensor, -1));
    const classes = await predicted.data();
    tf.dispose([xs, ys, predicted]);
    for (let i = 0; i < size; i++) if (classes[i] === split.labels[start + i]) correct++;
  }
  return correct / split.size;
}
