export { STAGES, CODELAB_STAGES, createStageModel, parseStage, stageInfo, type StageOptions } from './stages.js';
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
export { createExpertsModel, EXPERTS_STAGE, type ExpertsModelOptions } from './stages/experts.js';
export { CODELAB_SOURCE } from './stage-model.js';
export { learningRateAt, createOptimizer, withLearningRate, disposeModel, type Recipe, type LearningRateScheduleSpec } from './recipe.js';
export { describeLearningRate } from './describe-learning-rate.js';
export { HIDDEN_ACTIVATIONS, type HiddenActivation, type CommonModelOptions } from './options.js';
export {
  OptionalScaleBatchNormalization,
  optionalScaleBatchNormalization,
  type OptionalScaleBatchNormalizationArgs,
} from './layers/optional-scale-batch-normalization.js';
export { InputConv2D, inputConv2d } from './layers/input-conv2d.js';
export { FusedAdamOptimizer } from './fused-adam-optimizer.js';
export { FUSED_KERNEL_NAMES } from './fused-kernels.js';
export { registerModelLayers, loadStageModel, CUSTOM_LAYERS } from './io.js';
export { UnknownStageError, InvalidModelOptionError } from './errors.js';
export { summarizeModel, type LayerSummary } from './summary.js';
