import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { checkOptionsObject, oneOf, wholeNumber } from './check-options.js';
import { MissingModelError, NonFiniteLossError, NonFiniteWeightsError } from './errors.js';
import { readNumber, type LogsLike } from './logs.js';
import { getLearningRate } from './optimizer-learning-rate.js';
import { TrainingCallback } from './training-callback.js';

/** Options of {@link nanGuard}. */
export interface NanGuardOptions {
  /** `'throw'` (default): model.fit rejects with the error. `'stop'`: training stops and `.error` is set. */
  mode?: 'throw' | 'stop';
  /** Check the loss every N batches (each check reads the loss back from the GPU). Default 1. */
  everyBatches?: number;
  /**
   * At the end of every epoch, check that every weight is finite (one reduction per weight, one read-back).
   * Default true; skipped when no model is known unless set to true explicitly.
   */
  checkWeights?: boolean;
  model?: LayersModel;
}

/** A weight holding NaN or ±Infinity: its name, how many such values, and how many values it has. */
export interface NonFiniteWeight {
  name: string;
  count: number;
  size: number;
}

/**
 * The first weight of `model` holding NaN/±Infinity, or undefined when all are finite. The loss alone can miss a
 * ruined model: categorical cross-entropy clips probabilities, so it stays finite while the weights are NaN.
 *
 * @example
 * const bad = await findNonFiniteWeight(model);
 * if (bad) console.log(`${bad.count} of ${bad.size} values of ${bad.name} are not finite`);
 */
export async function findNonFiniteWeight(model: LayersModel): Promise<NonFiniteWeight | undefined> {
  const weights = model.weights;
  if (weights.length === 0) return undefined;
  // Finite values counted per weight on the device; only one small vector comes back.
  const finiteCounts = tf.tidy(() => tf.stack(weights.map((w) => tf.sum(tf.cast(tf.isFinite(w.read()), 'int32')))));
  const counts = await finiteCounts.data().finally(() => finiteCounts.dispose());
  const sizes = weights.map((w) => w.read().size);
  const index = sizes.findIndex((size, i) => counts[i] !== size);
  if (index < 0) return undefined;
  const size = sizes[index];
  return { name: weights[index].originalName ?? weights[index].name, count: size - counts[index], size };
}

/** Stops training when the loss or, at epoch end, a weight is NaN/±Infinity; see {@link nanGuard}. */
export class NanGuard extends TrainingCallback {
  /** The error, once the loss or a weight went non-finite. */
  error: NonFiniteLossError | NonFiniteWeightsError | undefined;
  private readonly everyBatches: number;
  private readonly mode: 'throw' | 'stop';

  constructor(private readonly options: NanGuardOptions = {}) {
    checkOptionsObject('nanGuard', options);
    super({ model: options.model });
    this.everyBatches = wholeNumber('nanGuard', 'everyBatches', options.everyBatches, 1, 1);
    this.mode = oneOf('nanGuard', 'mode', options.mode, ['throw', 'stop'], 'throw');
    oneOf('nanGuard', 'checkWeights', options.checkWeights, [true, false], true);
  }

  protected override async batchEnd(batch: number, logs: LogsLike): Promise<void> {
    if (this.iteration % this.everyBatches !== 0) return;
    const loss = await readNumber(logs?.loss);
    if (loss === undefined || Number.isFinite(loss)) return;
    const lr = (await readNumber(logs?.lr)) ?? getLearningRate(this.modelOptimizer);
    this.fail(new NonFiniteLossError(loss, this.epoch, batch, this.iteration, lr));
  }

  protected override async epochEnd(epoch: number): Promise<void> {
    if (this.options.checkWeights === false || this.error) return;
    const model = this.trainedModel;
    if (!model) {
      if (this.options.checkWeights === true) throw new MissingModelError('nanGuard', 'the model whose weights to check');
      return;
    }
    const bad = await findNonFiniteWeight(model);
    if (bad) this.fail(new NonFiniteWeightsError(epoch, bad.name, bad.count, bad.size, getLearningRate(this.modelOptimizer)));
  }

  private fail(error: NonFiniteLossError | NonFiniteWeightsError): void {
    this.error = error;
    this.requestStop();
    if (this.mode === 'throw') throw error;
  }
}

/**
 * Stops training as soon as the loss becomes NaN or ±Infinity, with a {@link NonFiniteLossError} naming the
 * epoch, batch and the likely cause (log(0) in a hand-written cross-entropy, or a learning rate too high);
 * and at the end of each epoch when a weight holds NaN/±Infinity, with a {@link NonFiniteWeightsError}
 * naming the weight (the clipped cross-entropy can stay finite while the weights are ruined).
 *
 * @example
 * try {
 *   await model.fit(xs, ys, { epochs: 5, callbacks: [nanGuard()] });
 * } catch (e) {
 *   if (e instanceof NonFiniteLossError || e instanceof NonFiniteWeightsError) console.error(e.message);
 * }
 */
export function nanGuard(options: NanGuardOptions = {}): NanGuard {
  return new NanGuard(options);
}
