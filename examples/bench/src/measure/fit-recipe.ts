import type { MnistSplit } from '@nophd/mnist-data';
import type { Recipe } from '@nophd/models';
import {
  customSchedule,
  exponentialDecay,
  getLearningRate,
  learningRateScheduler,
  type LearningRateSchedule,
} from '@nophd/training-callbacks';
import * as tf from '@tensorflow/tfjs-core';
import { CustomCallback, type CustomCallbackArgs, type LayersModel } from '@tensorflow/tfjs-layers';

/** The recipe's schedule (plain data) as a schedule the scheduler callback runs. */
export function scheduleFor(recipe: Recipe): LearningRateSchedule {
  const spec = recipe.schedule;
  if (spec.kind === 'exponential') return exponentialDecay({ initial: spec.initial, rate: spec.rate });
  return customSchedule(() => spec.value, { per: 'epoch', description: `constant ${spec.value}` });
}

/**
 * Trains the way `pnpm train` does: the whole split as one tensor pair, `model.fit` with the
 * recipe's batch size, shuffling and learning-rate schedule. `callbacks` run after the
 * scheduler; setting `model.stopTraining` in onEpochEnd ends the run after that epoch.
 */
export async function fitRecipe(
  model: LayersModel,
  recipe: Recipe,
  split: MnistSplit,
  epochs: number,
  callbacks: CustomCallbackArgs,
): Promise<void> {
  const train = split.toTensors({ shape: recipe.inputShape });
  const scheduler = learningRateScheduler(scheduleFor(recipe), { optimizer: model.optimizer });
  try {
    await model.fit(train.xs, train.ys, {
      epochs,
      batchSize: recipe.batchSize,
      shuffle: true,
      verbose: 0,
      callbacks: [scheduler, new CustomCallback(callbacks)],
    });
  } finally {
    tf.dispose([train.xs, train.ys]);
  }
}

/** The optimizer's current learning rate, as the scheduler last set it. */
export function currentLearningRate(model: LayersModel): number {
  return getLearningRate(model.optimizer) ?? Number.NaN;
}
