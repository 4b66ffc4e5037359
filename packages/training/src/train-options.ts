import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { MnistSplit } from '@nophd/mnist-data';
import { stageInfo, withLearningRate, type Recipe, type StageNumber } from '@nophd/models';
import type { LoopCallback } from '@nophd/training-callbacks';
import type { CheckpointStore } from './checkpoint-store.js';
import { TrainingOptionError } from './errors.js';

/** The seed a run uses when none is given. */
export const DEFAULT_SEED = 42;

/** Learning rates at or above this diverge on MNIST; `createStageModel` refuses them too. */
export const MAX_LEARNING_RATE = 10;

/** What {@link train} needs: a stage (or your own compiled model and its recipe) and the data. */
export interface TrainOptions {
  /** A stage of the ladder (1–5): its model, built with `seed`, and its recipe. */
  stage?: StageNumber;
  /** Options for the stage's factory (e.g. `{ batchNormMomentum: 0.9 }` for stage 5). */
  modelOptions?: Record<string, unknown>;
  /** Your own compiled model instead of a stage; then `recipe` is required. You keep ownership. */
  model?: LayersModel;
  /** Changes to the stage's recipe (batch size, optimizer schedule…), or the whole recipe for your own model. */
  recipe?: Partial<Recipe>;
  /** Starting learning rate, replacing the recipe's; an exponential decay keeps its factor. */
  learningRate?: number;
  /** The splits from `loadMnist()`: `train` is trained on; `validation`, when present, scored after every epoch. */
  data: { train: MnistSplit; validation?: MnistSplit };
  /** Epochs in all (default: the recipe's). A resumed run continues up to this count. */
  epochs?: number;
  /** Seeds the initial weights, the batch order of every epoch and the dropout masks (default 42). */
  seed?: number;
  /** Stops training after the current batch; the run then saves a checkpoint and resolves as 'stopped'. */
  signal?: AbortSignal;
  /** Callbacks (from `@nophd/training-callbacks`, tfjs-style objects) driven through `callbackRunner`. */
  callbacks?: LoopCallback[];
  /** Saves a checkpoint after every epoch and on stop. A store that already holds one needs `resume: true`. */
  checkpoints?: CheckpointStore;
  /** Continue the run saved in `checkpoints` (its seed, data sizes, recipe and optimizer state). */
  resume?: boolean;
  /** Training batches between two points of `run.history` (default: about 50 points an epoch). */
  historyEvery?: number;
  /** Milliseconds of training between yields to the event loop (default 50): keeps a page or Ctrl-C responsive. */
  yieldEveryMs?: number;
}

/** The options after checking, with the recipe resolved. */
export interface ResolvedTraining {
  stage?: StageNumber;
  recipe: Recipe;
  seed: number;
  epochs: number;
  historyEvery: number;
  yieldEveryMs: number;
}

/** Checks the options a fresh run and a resumed one share; throws {@link TrainingOptionError} naming the bad one. */
export function checkTrainOptions(options: TrainOptions): void {
  if (options == null || typeof options !== 'object') {
    throw new TrainingOptionError('train: options', 'are missing', 'Pass e.g. train({ stage: 2, data: await loadMnist() }).');
  }
  const { data } = options;
  if (data == null || typeof data !== 'object' || data.train == null || typeof data.train.batches !== 'function') {
    throw new TrainingOptionError('train: data', 'is not MNIST splits', 'Pass the result of loadMnist() (from @nophd/mnist-data), or { train, validation } splits.');
  }
  if (data.train.size < 1) throw new TrainingOptionError('train: data.train', 'holds no images', 'Load at least one training image (trainSize ≥ 1).');
  if (options.stage !== undefined && options.model !== undefined) {
    throw new TrainingOptionError('train: stage and model', 'were both given', 'Pass a stage number to train a stage of the ladder, or your own compiled model with its recipe, not both.');
  }
  if (options.stage === undefined && options.model === undefined && !options.resume) {
    throw new TrainingOptionError('train: stage', 'is missing', 'Pass { stage: 1 } … { stage: 5 }, or your own compiled { model, recipe }.');
  }
  if (options.resume && options.checkpoints === undefined) {
    throw new TrainingOptionError('train: resume', 'was asked for without checkpoints', 'Pass the store the run saved to, e.g. { checkpoints: folderCheckpoints(dir), resume: true }.');
  }
  positiveInteger('epochs', options.epochs);
  positiveInteger('historyEvery', options.historyEvery);
  if (options.seed !== undefined && !(Number.isSafeInteger(options.seed) && options.seed >= 0)) {
    throw new TrainingOptionError('train: seed', `is ${String(options.seed)}`, 'A seed is a whole number ≥ 0, e.g. 42.');
  }
  if (options.learningRate !== undefined) checkLearningRate(options.learningRate);
  if (options.yieldEveryMs !== undefined && !(typeof options.yieldEveryMs === 'number' && options.yieldEveryMs >= 0)) {
    throw new TrainingOptionError('train: yieldEveryMs', `is ${String(options.yieldEveryMs)}`, 'Pass milliseconds ≥ 0 (0 yields after every batch).');
  }
  if (options.callbacks !== undefined && !Array.isArray(options.callbacks)) {
    throw new TrainingOptionError('train: callbacks', 'is not a list', 'Pass an array, e.g. callbacks: [progressReporter()].');
  }
}

/**
 * Throws unless `value` is a usable learning rate: a number above 0 and below {@link MAX_LEARNING_RATE}.
 *
 * @example
 * ```ts
 * checkLearningRate(0.003); // fine
 * checkLearningRate(1e9);   // throws TrainingOptionError: … diverges …
 * ```
 */
export function checkLearningRate(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= MAX_LEARNING_RATE) {
    throw new TrainingOptionError('learning rate', `is ${String(value)}`,
      `Use a number above 0 and below ${MAX_LEARNING_RATE} (the recipes use 0.001–0.5); larger rates diverge and turn the weights into NaN.`);
  }
  return value;
}

/** The recipe, seed and epochs of a fresh run. */
export function resolveFresh(options: TrainOptions): ResolvedTraining {
  let recipe: Recipe;
  if (options.stage !== undefined) {
    recipe = { ...stageInfo(options.stage).recipe, ...options.recipe };
  } else {
    recipe = options.recipe as Recipe;
    const missing = (['optimizer', 'learningRate', 'schedule', 'batchSize', 'epochs', 'inputShape'] as const).filter((k) => recipe?.[k] === undefined);
    if (missing.length > 0) {
      throw new TrainingOptionError('train: recipe', `lacks ${missing.join(', ')}`,
        "With your own model, pass its whole recipe, e.g. { ...stageInfo(2).recipe, inputShape: 'flat' }.");
    }
  }
  if (options.learningRate !== undefined) recipe = withLearningRate(recipe, options.learningRate);
  positiveInteger('recipe.batchSize', recipe.batchSize);
  return finish(options, recipe, options.stage, options.seed ?? DEFAULT_SEED);
}

/** Completes the resolution once the recipe and seed are known (fresh or from a checkpoint). */
export function finish(options: TrainOptions, recipe: Recipe, stage: StageNumber | undefined, seed: number, epochs?: number): ResolvedTraining {
  const batchesPerEpoch = Math.ceil(options.data.train.size / recipe.batchSize);
  return {
    stage,
    recipe,
    seed,
    epochs: options.epochs ?? epochs ?? recipe.epochs,
    historyEvery: options.historyEvery ?? Math.max(1, Math.round(batchesPerEpoch / 50)),
    yieldEveryMs: options.yieldEveryMs ?? 50,
  };
}

function positiveInteger(name: string, value: unknown): void {
  if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 1)) {
    throw new TrainingOptionError(`train: ${name}`, `is ${String(value)}`, 'Pass a whole number ≥ 1.');
  }
}
