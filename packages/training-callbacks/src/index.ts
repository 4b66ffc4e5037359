export {
  exponentialDecay,
  codelabDecay,
  stepDecay,
  customSchedule,
  type LearningRateSchedule,
  type TrainingPosition,
} from './schedules.js';
export { learningRateScheduler, LearningRateScheduler, type LearningRateSchedulerOptions } from './learning-rate-scheduler.js';
export { setLearningRate, getLearningRate } from './optimizer-learning-rate.js';
export {
  metricsHistory,
  MetricsHistory,
  type MetricsHistoryOptions,
  type MetricsData,
  type MetricsPoint,
} from './metrics-history.js';
export {
  percentileSampler,
  PercentileSampler,
  defaultVariableGroup,
  type PercentileSamplerOptions,
  type VariableGroup,
  type WeightBandSample,
} from './percentile-sampler.js';
export { progressReporter, ProgressReporter, type ProgressReporterOptions, type ProgressStream } from './progress-reporter.js';
export { nanGuard, NanGuard, findNonFiniteWeight, type NanGuardOptions, type NonFiniteWeight } from './nan-guard.js';
export { earlyStopping, EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
export { checkpoint, Checkpoint, type CheckpointOptions } from './checkpoint.js';
export { callbackRunner, CallbackRunner, type CallbackRunnerOptions, type LoopCallback } from './callback-runner.js';
export { fitCallbacks, type PlainCallbacks } from './plain-callback.js';
export { TrainingCallback, type CallbackModelOptions } from './training-callback.js';
export { readNumber, type LogsLike } from './logs.js';
export {
  NonFiniteLossError,
  NonFiniteWeightsError,
  InvalidCallbackOptionError,
  InvalidScheduleError,
  MissingModelError,
  MissingMetricError,
  UnsupportedOptimizerError,
} from './errors.js';
