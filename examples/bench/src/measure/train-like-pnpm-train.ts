import { loadMnist, type MnistData } from '@nophd/mnist-data';
import { createStageModel, parseStage, type StageModel } from '@nophd/models';
import { getLearningRate, learningRateScheduler, nanGuard } from '@nophd/training-callbacks';
import * as tf from '@tensorflow/tfjs-core';
import { CustomCallback, type CustomCallbackArgs, type LayersModel } from '@tensorflow/tfjs-layers';
// `pnpm train`'s own code (examples/node), so these runs train exactly as it does.
import { DEFAULT_SEED, MAX_TEST_SIZE, MAX_TRAIN_SIZE, VALIDATION_SIZE } from '../../../node/src/cli/train-options.js';
import { scheduleFor } from '../../../node/src/training/recipe-schedule.js';
import { seededDropout } from '../../../node/src/training/seeded-dropout.js';
import { seededEpochs } from '../../../node/src/training/seeded-epochs.js';

/** The seed `pnpm train` uses when given none: data split, initial weights, batch order, dropout masks. */
export const TRAIN_SEED = DEFAULT_SEED;

export { scheduleFor };

/** MNIST split as `pnpm train` splits it by default: 55,000 training, 5,000 validation, 10,000 test images. */
export function loadTrainingData(): Promise<MnistData> {
  return loadMnist({ trainSize: MAX_TRAIN_SIZE, testSize: MAX_TEST_SIZE, validationSize: VALIDATION_SIZE, seed: TRAIN_SEED });
}

/** A stage's compiled model with `pnpm train`'s seeded initial weights; build it after the backend is chosen. */
export function buildTrainingStage(stage: number): StageModel {
  const create = createStageModel as (stage: number, options: { seed: number }) => StageModel; // parseStage checks the number
  return create(parseStage(stage), { seed: TRAIN_SEED });
}

/**
 * Trains the way `pnpm train` does (examples/node/src/training/run-training.ts): `model.fitDataset` over
 * `seededEpochs` — per-epoch batches of the recipe's size, shuffled from the seed and the epoch, made one
 * at a time from the split's float32 images, so the training set never becomes one tensor — with the
 * recipe's learning-rate schedule, seeded dropout masks, the NaN guard, and the 5,000 validation images
 * evaluated after every epoch. Left out are only the report's bookkeeping (metric history, weight bands,
 * progress line) and the checkpoint files. `callbacks` run last; setting `model.stopTraining` in
 * onEpochEnd ends the run after that epoch.
 */
export async function fitLikePnpmTrain(
  model: LayersModel,
  recipe: StageModel['recipe'],
  data: MnistData,
  epochs: number,
  callbacks: CustomCallbackArgs,
): Promise<void> {
  const shape = recipe.inputShape;
  const batchSize = recipe.batchSize;
  const train = seededEpochs(data.train, { batchSize, shape, seed: TRAIN_SEED, firstEpoch: 0, epochs });
  const validation = data.validation.toTensors({ shape });
  const scheduler = learningRateScheduler(scheduleFor(recipe), { optimizer: model.optimizer });
  try {
    await model.fitDataset(train, {
      epochs,
      batchesPerEpoch: train.batchesPerEpoch,
      validationData: [validation.xs, validation.ys],
      validationBatchSize: batchSize,
      verbose: 0,
      callbacks: [scheduler, nanGuard(), seededDropout(model, { seed: TRAIN_SEED, firstIteration: 0 }), new CustomCallback(callbacks)],
    });
  } finally {
    tf.dispose([validation.xs, validation.ys]);
  }
}

/** The optimizer's current learning rate, as the scheduler last set it. */
export function currentLearningRate(model: LayersModel): number {
  return getLearningRate(model.optimizer) ?? Number.NaN;
}
