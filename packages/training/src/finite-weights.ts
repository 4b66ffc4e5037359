import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** The first weight of a model holding NaN or ±Infinity, and how many such values it has. */
export interface NonFiniteWeight {
  /** The weight's name, e.g. `dense_Dense3/kernel`. */
  name: string;
  count: number;
}

/**
 * Looks for NaN or infinite values in every weight of `model`. The loss alone can miss a ruined model:
 * categorical cross-entropy clips probabilities, so it stays finite while the weights are NaN.
 *
 * @example
 * ```ts
 * const bad = await findNonFiniteWeight(model);
 * if (bad) console.log(`${bad.count} bad values in ${bad.name}`);
 * ```
 */
export async function findNonFiniteWeight(model: LayersModel): Promise<NonFiniteWeight | undefined> {
  const weights = model.weights;
  const counts = tf.tidy(() =>
    tf.stack(weights.map((w) => tf.sum(tf.cast(tf.logicalNot(tf.isFinite(w.read())), 'int32')))),
  );
  try {
    const values = await counts.data();
    const index = values.findIndex((count) => count > 0);
    return index < 0 ? undefined : { name: weights[index].originalName, count: values[index] };
  } finally {
    counts.dispose();
  }
}
