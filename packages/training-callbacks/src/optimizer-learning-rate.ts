import type { Optimizer } from '@tensorflow/tfjs-core';
import { UnsupportedOptimizerError } from './errors.js';

type RateHolder = { learningRate?: unknown; setLearningRate?: (lr: number) => void };

/**
 * Sets the learning rate a tfjs optimizer uses from its next step on.
 * SGD and Momentum cache the rate as a kept scalar tensor, so they must go through `setLearningRate()`
 * (which also disposes the old scalar); Adam, Adamax, Adagrad, Adadelta and RMSProp read the
 * `learningRate` field on every step, so assigning it is enough.
 *
 * @example
 * const optimizer = tf.train.adam(0.003);
 * setLearningRate(optimizer, 0.0005);
 */
export function setLearningRate(optimizer: Optimizer, learningRate: number): void {
  const o = optimizer as unknown as RateHolder;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(learningRate);
  else if (typeof o.learningRate === 'number') o.learningRate = learningRate;
  else throw new UnsupportedOptimizerError(optimizer);
}

/**
 * The learning rate a tfjs optimizer currently uses, or undefined if it has none.
 *
 * @example
 * getLearningRate(tf.train.sgd(0.1)); // 0.1
 */
export function getLearningRate(optimizer: Optimizer | undefined | null): number | undefined {
  const lr = (optimizer as unknown as RateHolder | undefined)?.learningRate;
  return typeof lr === 'number' ? lr : undefined;
}
