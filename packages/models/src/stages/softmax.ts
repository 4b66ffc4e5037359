import * as tfl from '@tensorflow/tfjs-layers';
import { checkOptionKeys, learningRateOption, seedOption, type CommonModelOptions } from '../options.js';
import { adjustRecipe, CODELAB_SOURCE, compileForRecipe, kernelInitializer, type StageInfo, type StageModel } from '../stage-model.js';

/** Options of {@link createSoftmaxModel}. */
export type SoftmaxModelOptions = CommonModelOptions;

/**
 * Stage 1: one dense softmax layer, 784 pixels → 10 classes, trained by plain gradient descent.
 * Learning rate 0.5 with batches of 100 is the codelab's original `GradientDescentOptimizer(0.005)` on a
 * loss summed over the batch, expressed on the mean loss Keras and TensorFlow.js use.
 */
export const SOFTMAX_STAGE: StageInfo = {
  stage: 1,
  title: 'Single softmax layer',
  description: 'dense 784→10 softmax',
  source: CODELAB_SOURCE,
  targetAccuracy: 0.92,
  recipe: {
    optimizer: 'sgd',
    learningRate: 0.5,
    schedule: { kind: 'constant', value: 0.5 },
    batchSize: 100,
    epochs: 10,
    expectedAccuracy: 0.92,
    inputShape: 'flat',
  },
};

/**
 * Builds stage 1, the single softmax layer (7,850 weights), compiled for plain SGD.
 *
 * @example
 * ```ts
 * const { model, recipe } = createSoftmaxModel();
 * await model.fit(xs, ys, { batchSize: recipe.batchSize, epochs: recipe.epochs });
 * ```
 */
export function createSoftmaxModel(options?: SoftmaxModelOptions): StageModel {
  checkOptionKeys(options, ['learningRate', 'seed'], 'createSoftmaxModel');
  const learningRate = learningRateOption(options?.learningRate, SOFTMAX_STAGE.recipe.learningRate);
  const seed = seedOption(options?.seed);
  const recipe = adjustRecipe(SOFTMAX_STAGE.recipe, learningRate);

  const model = tfl.sequential({ name: 'stage1_softmax' });
  model.add(
    tfl.layers.dense({ inputShape: [784], units: 10, activation: 'softmax', kernelInitializer: kernelInitializer(seed, 0) }),
  );
  compileForRecipe(model, recipe);
  return { model, recipe, info: SOFTMAX_STAGE };
}
