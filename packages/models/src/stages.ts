import { UnknownStageError } from './errors.js';
import { createBatchNormConvolutionalModel, createConvolutionalModel, BATCH_NORM_STAGE, CONVOLUTIONAL_STAGE, type ConvolutionalModelOptions } from './stages/convolutional.js';
import { createDenseDropoutModel, createDenseModel, DENSE_DROPOUT_STAGE, DENSE_STAGE, type DenseDropoutModelOptions, type DenseModelOptions } from './stages/dense.js';
import { createExpertsModel, EXPERTS_STAGE, type ExpertsModelOptions } from './stages/experts.js';
import { createSoftmaxModel, SOFTMAX_STAGE, type SoftmaxModelOptions } from './stages/softmax.js';
import type { StageInfo, StageModel, StageNumber } from './stage-model.js';

/**
 * Every model nophd ships, with its default recipe: the codelab's five stages in order, then stage 6,
 * the "Deep MNIST for Experts" network (each entry's `source` says which tutorial it comes from).
 */
export const STAGES: readonly StageInfo[] = Object.freeze([
  SOFTMAX_STAGE,
  DENSE_STAGE,
  DENSE_DROPOUT_STAGE,
  CONVOLUTIONAL_STAGE,
  BATCH_NORM_STAGE,
  EXPERTS_STAGE,
]);

/** The codelab's own five stages (stages 1–5), without the experts' network. */
export const CODELAB_STAGES: readonly StageInfo[] = Object.freeze(STAGES.filter((info) => info.source === SOFTMAX_STAGE.source));

/** Names a stage may be given by besides its number. */
const STAGE_NAMES: Readonly<Record<string, StageNumber>> = { experts: 6 };

/** The options each stage's factory accepts. */
export interface StageOptions {
  1: SoftmaxModelOptions;
  2: DenseModelOptions;
  3: DenseDropoutModelOptions;
  4: ConvolutionalModelOptions;
  5: ConvolutionalModelOptions;
  6: ExpertsModelOptions;
}

const FACTORIES: { [S in StageNumber]: (options?: StageOptions[S]) => StageModel } = {
  1: createSoftmaxModel,
  2: createDenseModel,
  3: createDenseDropoutModel,
  4: createConvolutionalModel,
  5: createBatchNormConvolutionalModel,
  6: createExpertsModel,
};

const VALID_STAGES = STAGES.map((info) => info.stage);

/**
 * Reads a stage number from a number, a numeric string (a CLI flag, a URL parameter) or a stage's name
 * (`'experts'` is stage 6).
 *
 * @example
 * ```ts
 * parseStage('4');       // 4
 * parseStage('experts'); // 6
 * parseStage(7);         // throws UnknownStageError: … the stages are 1, 2, 3, 4, 5, 6 …
 * ```
 */
export function parseStage(value: unknown): StageNumber {
  if (typeof value === 'string' && Object.hasOwn(STAGE_NAMES, value.trim())) return STAGE_NAMES[value.trim()];
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && (VALID_STAGES as number[]).includes(number)) return number as StageNumber;
  throw new UnknownStageError(value, VALID_STAGES);
}

/**
 * The description and default recipe of a stage.
 *
 * @example
 * ```ts
 * stageInfo(5).recipe.batchSize; // 64
 * ```
 */
export function stageInfo(stage: StageNumber | `${StageNumber}` | 'experts'): StageInfo {
  return STAGES[parseStage(stage) - 1];
}

/**
 * Builds a stage's model, compiled for its recipe, with optional changes to layer sizes, activation,
 * dropout or learning rate (each stage's factory documents its options).
 *
 * @example
 * ```ts
 * const { model, recipe, info } = createStageModel(2, { activation: 'sigmoid' });
 * console.log(info.title, recipe.epochs);
 * await model.fit(xs, ys, { batchSize: recipe.batchSize, epochs: recipe.epochs });
 * ```
 */
export function createStageModel<S extends StageNumber>(stage: S, options?: StageOptions[S]): StageModel;
export function createStageModel(stage: `${StageNumber}` | 'experts', options?: StageOptions[StageNumber]): StageModel;
export function createStageModel(stage: StageNumber | `${StageNumber}` | 'experts', options?: StageOptions[StageNumber]): StageModel {
  const factory = FACTORIES[parseStage(stage)] as (options?: StageOptions[StageNumber]) => StageModel;
  return factory(options);
}
