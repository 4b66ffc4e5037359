import type { MnistSplit } from '@nophd/mnist-data';
import type { Recipe } from '@nophd/models';
import { learningRateScheduler } from '@nophd/training-callbacks';
import * as tf from '@tensorflow/tfjs-core';
import type { CustomCallbackArgs, LayersModel } from '@tensorflow/tfjs-layers';

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
  const scheduler = learningRateScheduler(recipe.schedule ?? { kind: 'constant', initial: recipe.learningRate }, {
    optimizer: model.optimizer,
  });
  try {
    await model.fit(train.xs, train.ys, {
      epochs,
      batchSize: recipe.batchSize,
      shuffle: true,
      verbose: 0,
      callbacks: [scheduler, callbacks] as never,
    });
  } finally {
    tf.dispose([train.xs, train.ys]);
  }
}

/** The optimizer's current learning rate, as the scheduler last set it. */
export function currentLearningRate(model: LayersModel): number {
  return Number(model.optimizer.getConfig().learningRate);
}

/** "exponential decay …" style summary of the recipe's schedule for the table. */
export function describeSchedule(recipe: Recipe): string {
  return recipe.schedule ? JSON.stringify(recipe.schedule) : '';
}
