import type * as tfl from '@tensorflow/tfjs-layers';
import type { Recipe } from '@nophd/models';

/** The learning rate of a session's optimizer, following the recipe's schedule. */
export interface LearningRateControl {
  current(): number;
  /** Sets the rate for the coming batch and returns it. */
  beforeBatch(epoch: number, step: number): number;
  dispose(): void;
}

export function createLearningRate(model: tfl.LayersModel, recipe: Recipe): LearningRateControl {
  let rate = recipe.learningRate;
  return {
    current: () => rate,
    beforeBatch: () => rate,
    dispose: () => {},
  };
}
