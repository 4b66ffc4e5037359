export { train } from './train.js';
export { TrainingRun, type TrainingResult, type TrainingStatus } from './training-run.js';
export { DEFAULT_SEED, MAX_LEARNING_RATE, checkLearningRate, type TrainOptions } from './train-options.js';
export { scheduleOf } from './recipe-schedule.js';
export { evaluate, inputShapeOf, topConfusions, type Evaluation, type EvaluateOptions, type DigitAccuracy, type Mistake } from './evaluate.js';
export { memoryCheckpoints, type Checkpoint, type CheckpointStore, type TrainingState } from './checkpoint-store.js';
export { loadCheckpointModel } from './load-checkpoint-model.js';
export { modelArtifacts, modelFromArtifacts } from './model-artifacts.js';
export { yieldToEventLoop } from './yield-to-event-loop.js';
export { CheckpointError, NotADigitClassifierError, ResumeMismatchError, TrainingOptionError } from './errors.js';
/** Re-exported: the same class nanGuard throws, so one `instanceof` catches both. */
export { NonFiniteWeightsError, findNonFiniteWeight, type NonFiniteWeight } from '@nophd/training-callbacks';
