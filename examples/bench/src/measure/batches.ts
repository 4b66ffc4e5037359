import type { MnistSplit } from '@nophd/mnist-data';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * Full batches of exactly `batchSize` real images, reshuffled with a new seed each time the
 * split runs out, so any number of timed batches can be drawn from a small subset.
 */
export function* endlessBatches(
  split: MnistSplit,
  batchSize: number,
  shape: 'flat' | 'image',
): Generator<{ xs: tf.Tensor; ys: tf.Tensor }> {
  if (split.size < batchSize) {
    throw new RangeError(`The split has ${split.size} images, fewer than one batch of ${batchSize}: load more images.`);
  }
  for (let seed = 1; ; seed++) {
    for (const batch of split.batches({ batchSize, shuffle: true, seed, shape })) {
      if (batch.xs.shape[0] === batchSize) {
        yield batch;
      } else {
        batch.xs.dispose();
        batch.ys.dispose();
      }
    }
  }
}
