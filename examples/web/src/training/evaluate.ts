import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { MnistSplit } from '@nophd/mnist-data';

/** Loss, accuracy and per-digit guesses of a model on (the first `size` digits of) a split. */
export interface Evaluation {
  loss: number;
  accuracy: number;
  size: number;
  predictions: Uint8Array;
}

/**
 * Evaluates in chunks so that a slow backend does not freeze the page: each chunk is one tidy forward pass,
 * then the browser gets a frame.
 */
export async function evaluateSplit(
  model: tfl.LayersModel,
  split: MnistSplit,
  options: { size: number; shape: 'flat' | 'image'; chunk?: number; isCancelled?: () => boolean },
): Promise<Evaluation | null> {
  const size = Math.min(options.size, split.size);
  const chunk = options.chunk ?? 1000;
  const predictions = new Uint8Array(size);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < size; start += chunk) {
    if (options.isCancelled?.()) return null;
    const n = Math.min(chunk, size - start);
    const [lossTotal, guesses] = tf.tidy(() => {
      const { xs, ys } = split.toTensors({ shape: options.shape, start, size: n });
      const probabilities = model.predict(xs) as tf.Tensor;
      // categorical cross-entropy summed over the chunk, clipped like Keras so a confident mistake stays finite
      const lossTotal = tf.neg(tf.sum(tf.mul(ys, tf.log(tf.clipByValue(probabilities, 1e-7, 1)))));
      return [lossTotal, tf.argMax(probabilities, -1)] as const;
    });
    const [lossValue, guessValues] = await Promise.all([lossTotal.data(), guesses.data()]);
    lossTotal.dispose();
    guesses.dispose();
    lossSum += lossValue[0];
    for (let i = 0; i < n; i++) {
      predictions[start + i] = guessValues[i];
      if (guessValues[i] === split.labels[start + i]) correct++;
    }
    await tf.nextFrame();
  }
  return { loss: lossSum / size, accuracy: correct / size, size, predictions };
}
