import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

export interface Evaluation {
  accuracy: number;
  size: number;
  /** Accuracy of each digit 0-9 on the images that show it. */
  perClass: { digit: number; correct: number; total: number; accuracy: number }[];
  /** confusion[actual][predicted] counts. */
  confusion: number[][];
}

/** The input layout a model expects: [N,784] ('flat') or [N,28,28,1] ('image'). */
export function inputShapeOf(model: LayersModel): 'flat' | 'image' {
  return model.inputs[0].shape.length === 2 ? 'flat' : 'image';
}

/**
 * Classifies every image and tallies the results, a chunk at a time so memory stays small.
 *
 * @example
 * const result = await evaluateModel(model, data.test.images, data.test.labels);
 * console.log(result.accuracy);
 */
export async function evaluateModel(model: LayersModel, images: Float32Array, labels: Uint8Array, chunk = 1000): Promise<Evaluation> {
  const size = labels.length;
  const shape = inputShapeOf(model);
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let start = 0; start < size; start += chunk) {
    const n = Math.min(chunk, size - start);
    const predicted = tf.tidy(() => {
      const flat = tf.tensor2d(images.subarray(start * 784, (start + n) * 784), [n, 784]);
      const xs = shape === 'flat' ? flat : tf.reshape(flat, [n, 28, 28, 1]);
      return tf.argMax(model.predict(xs) as tf.Tensor, -1);
    });
    const guesses = await predicted.data();
    predicted.dispose();
    for (let i = 0; i < n; i++) confusion[labels[start + i]][guesses[i]]++;
  }
  const perClass = confusion.map((row, digit) => {
    const total = row.reduce((a, b) => a + b, 0);
    return { digit, correct: row[digit], total, accuracy: total === 0 ? NaN : row[digit] / total };
  });
  const correct = perClass.reduce((sum, c) => sum + c.correct, 0);
  return { accuracy: correct / size, size, perClass, confusion };
}

/** The most frequent mistakes, e.g. `{ actual: 4, predicted: 9, count: 12 }`, most frequent first. */
export function topConfusions(confusion: number[][], count = 5): { actual: number; predicted: number; count: number }[] {
  const mistakes = confusion.flatMap((row, actual) =>
    row.map((n, predicted) => ({ actual, predicted, count: n })).filter((m) => m.actual !== m.predicted && m.count > 0),
  );
  return mistakes.sort((a, b) => b.count - a.count).slice(0, count);
}
