import * as tfl from '@tensorflow/tfjs-layers';
import { createOptimizer, withLearningRate, type Recipe } from './recipe.js';

/** The codelab's stage numbers. */
export type StageNumber = 1 | 2 | 3 | 4 | 5;

/** What a stage is, for menus, reports and the web page. */
export interface StageInfo {
  readonly stage: StageNumber;
  /** Short name, e.g. `'Five dense layers'`. */
  readonly title: string;
  /** The layer list in one line, codelab style. */
  readonly description: string;
  /** Test accuracy the codelab reaches with this stage (same as `recipe.expectedAccuracy`). */
  readonly targetAccuracy: number;
  /** The default training recipe. */
  readonly recipe: Recipe;
}

/** A compiled model with the recipe to train it by and the stage it belongs to. */
export interface StageModel {
  /** Compiled (optimizer, categorical cross-entropy, accuracy), ready for `fit`. */
  readonly model: tfl.LayersModel;
  /** The recipe, with any `learningRate`/`decayRate` options applied. */
  readonly recipe: Recipe;
  readonly info: StageInfo;
}

/** Glorot-uniform (the Keras default) kernel initializer, seeded per layer when a seed is given. */
export function kernelInitializer(seed: number | undefined, layerIndex: number) {
  return seed === undefined ? 'glorotUniform' : tfl.initializers.glorotUniform({ seed: seed + layerIndex });
}

/** Compiles `model` for the recipe: its optimizer, cross-entropy loss and an accuracy metric. */
export function compileForRecipe(model: tfl.LayersModel, recipe: Recipe): void {
  model.compile({ optimizer: createOptimizer(recipe), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
}

/** Applies the `learningRate` and `decayRate` options to a default recipe (see {@link withLearningRate}). */
export const adjustRecipe = withLearningRate;
