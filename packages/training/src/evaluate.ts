import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { MnistShape, MnistSplit } from '@nophd/mnist-data';
import { NotADigitClassifierError, TrainingOptionError } from './errors.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/** How one digit fared: `correct` of `total` test images showing it were recognised. */
export interface DigitAccuracy {
  digit: number;
  correct: number;
  total: number;
  /** correct / total; NaN when the split holds no image of this digit. */
  accuracy: number;
}

/** A test image the model got most wrong: it gave the true digit the lowest probability. */
export interface Mistake {
  /** Position in the split (`split.image(index)` draws it). */
  index: number;
  label: number;
  predicted: number;
  /** The probability the model gave the true label. */
  probabilityOfLabel: number;
}

/** What {@link evaluate} measures. */
export interface Evaluation {
  /** Mean categorical cross-entropy (probabilities clipped to [1e-7, 1], as tfjs-layers does). */
  loss: number;
  /** Fraction of the images recognised. */
  accuracy: number;
  /** Images scored. */
  size: number;
  perDigit: DigitAccuracy[];
  /** confusion[label][predicted]: how often each digit was read as each other. */
  confusion: number[][];
  /** The predicted digit of every image scored, in split order. */
  predictions: Uint8Array;
  /** The worst-recognised images, worst first. */
  worst: Mistake[];
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Score the first `size` images of the split (default all). */
  size?: number;
  /** Images per forward pass (default 1,000): memory stays small, no 10,000-image tensor. */
  chunkSize?: number;
  /** How many of the worst-recognised images to keep (default 16). */
  worst?: number;
  /** Stop early; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Scores a digit classifier on (the start of) an MNIST split, a chunk at a time, leaving no tensor behind:
 * loss, accuracy, per-digit accuracy, the 10×10 confusion matrix and the worst-recognised images.
 * It yields to the event loop between chunks, so a page stays responsive.
 *
 * @example
 * ```ts
 * const result = await evaluate(model, data.test);
 * console.log(`${(result.accuracy * 100).toFixed(2)} %`, result.confusion[4][9], 'fours read as nines');
 * ```
 */
export async function evaluate(model: LayersModel, split: MnistSplit, options: EvaluateOptions = {}): Promise<Evaluation> {
  const outputShape = model.outputs[0].shape;
  if (outputShape.length !== 2 || outputShape[1] !== 10) throw new NotADigitClassifierError(outputShape);
  const size = options.size ?? split.size;
  if (!Number.isInteger(size) || size < 1 || size > split.size) {
    throw new TrainingOptionError('evaluate: size', `is ${String(size)}, outside 1–${split.size} (the split's images)`,
      'Pass a size no larger than split.size, or leave it out to score the whole split.');
  }
  const chunkSize = options.chunkSize ?? 1000;
  const keepWorst = options.worst ?? 16;
  const shape = inputShapeOf(model);
  const predictions = new Uint8Array(size);
  const probabilityOfLabel = new Float32Array(size);
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  let lossSum = 0;
  for (let start = 0; start < size; start += chunkSize) {
    options.signal?.throwIfAborted();
    const n = Math.min(chunkSize, size - start);
    const [lossTotal, guesses, labelProbabilities] = tf.tidy(() => {
      const { xs, ys } = split.toTensors({ shape, start, size: n });
      const probabilities = tf.clipByValue(model.predict(xs) as tf.Tensor, 1e-7, 1);
      const ofLabel = tf.sum(tf.mul(ys, probabilities), -1);
      return [tf.neg(tf.sum(tf.log(ofLabel))), tf.argMax(probabilities, -1), ofLabel] as const;
    });
    const [lossValue, guessValues, labelValues] = await Promise.all([lossTotal.data(), guesses.data(), labelProbabilities.data()]);
    tf.dispose([lossTotal, guesses, labelProbabilities]);
    lossSum += lossValue[0];
    for (let i = 0; i < n; i++) {
      const predicted = guessValues[i];
      predictions[start + i] = predicted;
      probabilityOfLabel[start + i] = labelValues[i];
      confusion[split.labels[start + i]][predicted]++;
    }
    if (start + n < size) await yieldToEventLoop();
  }
  const perDigit = confusion.map((row, digit) => {
    const total = row.reduce((a, b) => a + b, 0);
    return { digit, correct: row[digit], total, accuracy: total === 0 ? Number.NaN : row[digit] / total };
  });
  const correct = perDigit.reduce((sum, d) => sum + d.correct, 0);
  return { loss: lossSum / size, accuracy: correct / size, size, perDigit, confusion, predictions, worst: worstOf(split, predictions, probabilityOfLabel, keepWorst) };
}

/** The input layout a model expects: [N, 784] ('flat') or [N, 28, 28, 1] ('image'). */
export function inputShapeOf(model: LayersModel): MnistShape {
  return model.inputs[0].shape.length === 2 ? 'flat' : 'image';
}

/**
 * The most frequent confusions, e.g. `{ label: 4, predicted: 9, count: 12 }`, most frequent first.
 *
 * @example
 * ```ts
 * topConfusions((await evaluate(model, data.test)).confusion, 3);
 * ```
 */
export function topConfusions(confusion: number[][], count = 5): { label: number; predicted: number; count: number }[] {
  const mistakes = confusion.flatMap((row, label) =>
    row.map((n, predicted) => ({ label, predicted, count: n })).filter((m) => m.label !== m.predicted && m.count > 0),
  );
  return mistakes.sort((a, b) => b.count - a.count).slice(0, count);
}

function worstOf(split: MnistSplit, predictions: Uint8Array, probabilityOfLabel: Float32Array, keep: number): Mistake[] {
  const wrong: number[] = [];
  for (let i = 0; i < predictions.length; i++) if (predictions[i] !== split.labels[i]) wrong.push(i);
  wrong.sort((a, b) => probabilityOfLabel[a] - probabilityOfLabel[b]);
  return wrong.slice(0, keep).map((index) => ({
    index,
    label: split.labels[index],
    predicted: predictions[index],
    probabilityOfLabel: probabilityOfLabel[index],
  }));
}
