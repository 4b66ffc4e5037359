export { STAGES, createStageModel, parseStage, stageInfo, type StageOptions } from './stages.js';
export type { StageInfo, StageModel, StageNumber } from './stage-model.js';
export { createSoftmaxModel, SOFTMAX_STAGE, type SoftmaxModelOptions } from './stages/softmax.js';
export {
  createDenseModel,
  createDenseDropoutModel,
  DENSE_STAGE,
  DENSE_DROPOUT_STAGE,
  type DenseModelOptions,
  type DenseDropoutModelOptions,
} from './stages/dense.js';
export {
  createConvolutionalModel,
  createBatchNormConvolutionalModel,
  CONVOLUTIONAL_STAGE,
  BATCH_NORM_STAGE,
  type ConvolutionalModelOptions,
} from './stages/convolutional.js';
export { learningRateAt, createOptimizer, withLearningRate, disposeModel, type Recipe, type LearningRateScheduleSpec } from './recipe.js';
export { HIDDEN_ACTIVATIONS, type HiddenActivation, type CommonModelOptions } from './options.js';
export {
  OptionalScaleBatchNormalization,
  optionalScaleBatchNormalization,
  type OptionalScaleBatchNormalizationArgs,
} from './layers/optional-scale-batch-normalization.js';
export { registerModelLayers, loadStageModel, CUSTOM_LAYERS } from './io.js';
export { UnknownStageError, InvalidModelOptionError } from './errors.js';
