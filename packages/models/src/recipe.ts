import * as tf from '@tensorflow/tfjs-core';
import { InvalidModelOptionError } from './errors.js';
import { FusedAdamOptimizer } from './fused-adam-optimizer.js';
import { decayRateOption, learningRateOption } from './options.js';

/**
 * A learning-rate schedule described as plain data, so that the Node scripts, the web page and a saved
 * run report can all read it. Training code turns it into a callback (see `@nophd/training-callbacks`).
 *
 * - `constant`: the rate stays at `value`.
 * - `exponential`: `initial · rate^epoch` (epoch counted from 0), the codelab's `lr_decay`. With
 *   `every: 'batch'` the same decay is applied smoothly, before every batch:
 *   `initial · rate^(epoch + batch / batchesPerEpoch)`, so each epoch still ends `rate` times lower but the rate
 *   never stays high for a whole epoch (a short run gets most of a long run's settling).
 */
export type LearningRateScheduleSpec =
  | { readonly kind: 'constant'; readonly value: number }
  | {
      readonly kind: 'exponential';
      readonly initial: number;
      readonly rate: number;
      /** When the rate changes: at the start of each epoch (default) or before every batch. */
      readonly every?: 'epoch' | 'batch';
    };

/** How a stage is trained: what the codelab's notebook does, in numbers. */
export interface Recipe {
  /** `'sgd'` (plain gradient descent) or `'adam'`. */
  readonly optimizer: 'sgd' | 'adam';
  /** Learning rate at the start of training (epoch 0). */
  readonly learningRate: number;
  /** How the learning rate changes from epoch to epoch. */
  readonly schedule: LearningRateScheduleSpec;
  /** Images per gradient step. */
  readonly batchSize: number;
  /** Passes over the 55,000 training images. */
  readonly epochs: number;
  /** The test accuracy (fraction of the 10,000 test images) this recipe is expected to reach. */
  readonly expectedAccuracy: number;
  /** `'flat'` = input `[N, 784]`; `'image'` = input `[N, 28, 28, 1]`. */
  readonly inputShape: 'flat' | 'image';
}

/**
 * The learning rate a recipe's schedule asks for at the start of `epoch` (0-based).
 *
 * @example
 * ```ts
 * const { recipe } = createStageModel(3);
 * learningRateAt(recipe, 0); // 0.003
 * learningRateAt(recipe, 2); // 0.003 · 0.8² = 0.00192
 * ```
 */
export function learningRateAt(recipe: Pick<Recipe, 'schedule'>, epoch: number): number {
  if (!Number.isInteger(epoch) || epoch < 0) {
    throw new InvalidModelOptionError('epoch', epoch, 'an integer ≥ 0 (learningRateAt counts epochs from 0)');
  }
  const { schedule } = recipe;
  switch (schedule.kind) {
    case 'constant':
      return schedule.value;
    case 'exponential':
      return schedule.initial * Math.pow(schedule.rate, epoch);
  }
}

/**
 * A fresh optimizer of the recipe's kind at the recipe's initial learning rate.
 * Each model needs its own: Adam keeps per-weight state. Adam is {@link FusedAdamOptimizer}: tfjs's Adam, whose
 * step runs as one kernel per weight where the backend has one (wasm with @nophd/backend).
 *
 * @example
 * ```ts
 * const optimizer = createOptimizer(STAGES[1].recipe); // Adam at 0.001
 * ```
 */
export function createOptimizer(recipe: Pick<Recipe, 'optimizer' | 'learningRate'>): tf.Optimizer {
  return recipe.optimizer === 'sgd' ? tf.train.sgd(recipe.learningRate) : new FusedAdamOptimizer(recipe.learningRate, 0.9, 0.999);
}

/**
 * The recipe with another starting learning rate (and, for an exponential schedule, optionally another decay
 * rate): the schedule starts from the new rate, an exponential decay keeps its factor.
 *
 * @example
 * ```ts
 * withLearningRate(stageInfo(4).recipe, 0.003).schedule; // { kind: 'exponential', initial: 0.003, rate: 0.6 }
 * ```
 */
export function withLearningRate(recipe: Recipe, learningRate: number, decayRate?: number): Recipe {
  // The same bounds as the stage factories: a rate of 10 or more diverges on MNIST within a few batches.
  if (learningRate === undefined) throw new InvalidModelOptionError('learningRate', learningRate, 'a number in (0, 10)');
  learningRateOption(learningRate, recipe.learningRate);
  if (decayRate !== undefined) {
    if (recipe.schedule.kind !== 'exponential') {
      throw new InvalidModelOptionError('decayRate', decayRate, "nothing: this recipe's learning rate is constant, so it has no decay rate");
    }
    decayRateOption(decayRate, recipe.schedule.rate);
  }
  const schedule: LearningRateScheduleSpec =
    recipe.schedule.kind === 'exponential'
      ? { ...recipe.schedule, initial: learningRate, rate: decayRate ?? recipe.schedule.rate }
      : { kind: 'constant', value: learningRate };
  return { ...recipe, learningRate, schedule };
}

/**
 * Frees a model and its optimizer. `model.dispose()` alone keeps an optimizer that was passed to `compile` as an
 * object (every stage's is, so each model gets its own Adam), leaking Adam's moments and step count.
 *
 * @example
 * ```ts
 * const { model } = createStageModel(2);
 * // … train, evaluate …
 * disposeModel(model); // tf.memory().numTensors is back where it started
 * ```
 */
export function disposeModel(model: { dispose(): unknown; optimizer?: tf.Optimizer }): void {
  const optimizer = model.optimizer;
  try {
    model.dispose();
  } finally {
    // Disposing twice is harmless: tfjs skips tensors it no longer holds.
    optimizer?.dispose();
  }
}
