import { InvalidViewDataError } from './errors.js';

/** How a classifier's answers spread over the true classes: counts, and accuracy per class. */
export interface ConfusionMatrix {
  /** Number of classes (10 for MNIST digits). */
  readonly classes: number;
  /** Row-major `classes × classes` counts: `counts[trueClass * classes + predictedClass]`. */
  readonly counts: Uint32Array;
  /** Examples of each true class. */
  readonly totals: Uint32Array;
  /** Fraction of each true class predicted right (NaN for a class with no examples). */
  readonly perClassAccuracy: Float64Array;
  /** Fraction of all examples predicted right. */
  readonly accuracy: number;
  /** Number of examples. */
  readonly size: number;
}

/**
 * Counts true label against predicted label, as plain data a view (or a Web Worker) can pass around.
 *
 * @example
 * ```ts
 * const m = confusionMatrix([7, 2, 1, 7], [7, 2, 7, 1]);
 * m.counts[1 * 10 + 7];       // 1: one "1" was read as a 7
 * m.perClassAccuracy[7];      // 0.5
 * ```
 */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, classes = 10): ConfusionMatrix {
  if (labels.length !== predictions.length) {
    throw new InvalidViewDataError(
      'predictions',
      `there are ${predictions.length} predictions for ${labels.length} labels`,
      'Pass one predicted class per labelled example, in the same order.',
    );
  }
  const counts = new Uint32Array(classes * classes);
  const totals = new Uint32Array(classes);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const [t, p] = [labels[i], predictions[i]];
    for (const [name, v] of [['labels', t], ['predictions', p]] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= classes) {
        throw new InvalidViewDataError(name, `entry ${i} is ${v}, not a class from 0 to ${classes - 1}`, 'Pass class indices (argmax of the probabilities), not one-hot rows or probabilities.');
      }
    }
    counts[t * classes + p]++;
    totals[t]++;
    if (t === p) correct++;
  }
  const perClassAccuracy = Float64Array.from(totals, (total, c) => (total === 0 ? NaN : counts[c * classes + c] / total));
  return { classes, counts, totals, perClassAccuracy, accuracy: labels.length === 0 ? NaN : correct / labels.length, size: labels.length };
}

/**
 * A confusion matrix from counts already tallied, `rows[trueClass][predictedClass]` (e.g. read back
 * from a saved report).
 *
 * @example
 * ```ts
 * confusionFromCounts([[5, 1], [0, 4]]).perClassAccuracy; // Float64Array [0.833…, 1]
 * ```
 */
export function confusionFromCounts(rows: readonly (readonly number[])[]): ConfusionMatrix {
  const classes = rows.length;
  if (classes === 0 || rows.some((row) => row.length !== classes || row.some((n) => !Number.isInteger(n) || n < 0))) {
    throw new InvalidViewDataError('counts', 'they are not a square table of whole numbers ≥ 0', 'Pass one row per true class, each with one count per predicted class.');
  }
  const counts = Uint32Array.from(rows.flat());
  const totals = Uint32Array.from(rows, (row) => row.reduce((a, b) => a + b, 0));
  const size = totals.reduce((a, b) => a + b, 0);
  const correct = rows.reduce((sum, row, c) => sum + row[c], 0);
  const perClassAccuracy = Float64Array.from(totals, (total, c) => (total === 0 ? NaN : rows[c][c] / total));
  return { classes, counts, totals, perClassAccuracy, accuracy: size === 0 ? NaN : correct / size, size };
}

/**
 * The class with the highest probability in each row of a row-major `[N, classes]` array — the
 * prediction a confusion matrix counts.
 *
 * @example
 * ```ts
 * argmaxRows(new Float32Array([0.1, 0.9, 0.8, 0.2]), 2); // Uint8Array [1, 0]
 * ```
 */
export function argmaxRows(probabilities: ArrayLike<number>, classes = 10): Uint8Array {
  if (probabilities.length % classes !== 0) {
    throw new InvalidViewDataError('probabilities', `${probabilities.length} values do not split into rows of ${classes}`, 'Pass the model output as one flat [N, classes] array.');
  }
  const out = new Uint8Array(probabilities.length / classes);
  for (let r = 0; r < out.length; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[r * classes + c] > probabilities[r * classes + best]) best = c;
    out[r] = best;
  }
  return out;
}

/**
 * Indices of the examples in one cell: true class `trueClass` predicted as `predictedClass` — the test
 * images a learner wants to see when clicking that cell.
 *
 * @example
 * ```ts
 * examplesInCell(labels, predictions, 4, 9); // the 4s read as 9s
 * ```
 */
export function examplesInCell(labels: ArrayLike<number>, predictions: ArrayLike<number>, trueClass: number, predictedClass: number): number[] {
  const found: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === trueClass && predictions[i] === predictedClass) found.push(i);
  return found;
}
