import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createStageModel, disposeModel, type Recipe, type StageNumber } from '@nophd/models';
import {
  callbackRunner,
  findNonFiniteWeight,
  learningRateScheduler,
  NonFiniteWeightsError,
  metricsHistory,
  type LoopCallback,
  type MetricsData,
  type MetricsHistory,
} from '@nophd/training-callbacks';
import type { Checkpoint, CheckpointStore, TrainingState } from './checkpoint-store.js';
import { DropoutSeeds } from './dropout-seeds.js';
import { CheckpointError, ResumeMismatchError, TrainingOptionError } from './errors.js';
import { evaluate, inputShapeOf } from './evaluate.js';
import { modelArtifacts, modelFromArtifacts } from './model-artifacts.js';
import { scheduleOf } from './recipe-schedule.js';
import { checkTrainOptions, finish, resolveFresh, type ResolvedTraining, type TrainOptions } from './train-options.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/** Where a run is: `'starting'` (loading), `'running'`, `'paused'`, then `'completed'`, `'stopped'` or `'failed'`. */
export type TrainingStatus = 'starting' | 'running' | 'paused' | 'completed' | 'stopped' | 'failed';

/** How a run ended. */
export interface TrainingResult {
  /** `'completed'`: all epochs trained; `'stopped'`: the signal, `stop()` or a callback (early stopping) ended it. */
  status: 'completed' | 'stopped';
  /** The trained model; free it with `run.dispose()` (or `disposeModel` when you passed your own). */
  model: LayersModel;
  /** Epochs fully trained. */
  epochsCompleted: number;
  /** Training steps since the run began (resumed runs included). */
  iteration: number;
  /** The loss/accuracy curves and learning rates recorded. */
  history: MetricsData;
  /** The last validation score, when the data had a validation split. */
  validation?: { loss: number; accuracy: number };
  /** True when the end state is saved in the checkpoint store. */
  saved: boolean;
}

/**
 * One training run, started by {@link train}: watch it (`status`, `epoch`, `iteration`, `history`), pause and
 * resume it, stop it, and await `result`.
 */
export class TrainingRun {
  /** Everything recorded so far (a `metricsHistory` callback): `.data.train`, `.data.validation`, `.curves()`. */
  readonly history: MetricsHistory;
  /** Settles when the run ends: resolves with a {@link TrainingResult}, rejects on an error. */
  readonly result: Promise<TrainingResult>;
  /** The model being trained, once it is built or loaded (undefined while `status` is `'starting'`). */
  model: LayersModel | undefined;
  /** The recipe in force, once known. */
  recipe: Recipe | undefined;
  status: TrainingStatus = 'starting';
  /** The current epoch (0-based). */
  epoch = 0;
  /** Training steps so far, resumed runs included. */
  iteration = 0;
  /** Batches an epoch has. */
  batchesPerEpoch = 0;
  /**
   * The batch being trained (images shaped for the model, one-hot labels), from `onBatchBegin` until every
   * `onBatchEnd` callback has returned (an async callback keeps it while it awaits); undefined between
   * batches. The run disposes both tensors afterwards: read them (`await batch.xs.data()`) or `tf.clone` them
   * to keep anything.
   *
   * @example
   * ```ts
   * // The first image of each batch, as 784 numbers in [0, 1].
   * const run = train({ stage: 1, data, callbacks: [{ onBatchEnd: async () => show((await run.batch!.xs.data()).slice(0, 784)) }] });
   * ```
   */
  batch: { xs: Tensor; ys: Tensor } | undefined;

  private readonly stopper = new AbortController();
  private unpause: (() => void) | undefined;
  private ownsModel = false;

  constructor(private readonly options: TrainOptions) {
    checkTrainOptions(options);
    this.history = metricsHistory({ everyBatches: options.historyEvery ?? 1 });
    this.result = this.run();
    // A caller who never awaits `result` still sees errors through it; this only keeps Node from reporting
    // the rejection as unhandled before they had the chance to attach a handler.
    this.result.catch(() => undefined);
  }

  /** Stops after the current batch (like aborting the signal); `result` then resolves as `'stopped'`. */
  stop(): void {
    this.stopper.abort();
    this.unpause?.();
  }

  /** Pauses after the current batch. */
  pause(): void {
    if (this.status === 'running' || this.status === 'starting') this.status = 'paused';
  }

  /** Continues a paused run. */
  resume(): void {
    if (this.status !== 'paused') return;
    this.status = 'running';
    const unpause = this.unpause;
    this.unpause = undefined;
    unpause?.();
  }

  /** Frees the model and its optimizer if this run built them (a stage, or a resumed checkpoint). */
  dispose(): void {
    this.stop();
    if (this.ownsModel && this.model) disposeModel(this.model);
    this.model = undefined;
  }

  private get stopRequested(): boolean {
    return this.stopper.signal.aborted || this.options.signal?.aborted === true;
  }

  private async run(): Promise<TrainingResult> {
    const { options } = this;
    const store = options.checkpoints;
    const release = await store?.claim?.();
    try {
      const saved = store ? await store.latest() : undefined;
      if (store && !options.resume && saved) {
        throw new CheckpointError(store.description, `already holds a checkpoint (epoch ${saved.state.epoch} of ${saved.state.epochs})`,
          'Continue that run with resume: true (pnpm train: --resume), or train into another store or folder (pnpm train: --out DIR, or --force to start over there).');
      }
      if (options.resume && !saved) {
        throw new CheckpointError(store!.description, 'holds no checkpoint to resume', 'Start a fresh run without resume (pnpm train: without --resume), or point at the folder of the run to continue.');
      }
      const settings = saved ? checkResume(options, saved, store!) : resolveFresh(options);
      const model = saved ? await rebuild(saved, store!) : this.freshModel(settings);
      this.model = model;
      this.recipe = settings.recipe;
      return await this.trainModel(model, settings, saved?.state);
    } catch (error) {
      this.status = 'failed';
      if (this.ownsModel && this.model) disposeModel(this.model);
      this.model = undefined;
      throw error;
    } finally {
      await release?.();
    }
  }

  private freshModel(settings: ResolvedTraining): LayersModel {
    if (this.options.model) return this.options.model;
    this.ownsModel = true;
    const stage = settings.stage as StageNumber;
    return createStageModel(stage, { seed: settings.seed, ...this.options.modelOptions } as never).model;
  }

  private async trainModel(model: LayersModel, settings: ResolvedTraining, saved: TrainingState | undefined): Promise<TrainingResult> {
    if (saved) this.ownsModel = true;
    const { options, history } = this;
    const { recipe, seed, epochs } = settings;
    const { train, validation } = options.data;
    const batchSize = recipe.batchSize;
    const shape = inputShapeOf(model);
    this.batchesPerEpoch = Math.ceil(train.size / batchSize);
    history.everyBatches = settings.historyEvery;
    if (saved) Object.assign(history.data, structuredClone(saved.history));

    const scheduler = learningRateScheduler(scheduleOf(recipe, this.batchesPerEpoch), { optimizer: model.optimizer });
    const callbacks: LoopCallback[] = [scheduler, history, ...(options.callbacks ?? [])];
    const runner = callbackRunner(callbacks, { model, epochs, batchesPerEpoch: this.batchesPerEpoch, batchSize });
    const dropout = new DropoutSeeds(model, seed);
    let epoch = saved?.epoch ?? 0;
    let batchInEpoch = saved?.batchInEpoch ?? 0;
    this.iteration = saved?.iteration ?? 0;
    // Callbacks count steps themselves; a resumed run's carry on from the checkpoint's count.
    for (const callback of callbacks) if ('iteration' in callback) (callback as { iteration: number }).iteration = this.iteration;
    let lastValidation: { loss: number; accuracy: number } | undefined;
    let savedEnd = false;

    const state = (): TrainingState => ({
      format: 'nophd-training-state',
      version: 1,
      stage: settings.stage,
      recipe,
      seed,
      epochs,
      epoch,
      batchInEpoch,
      iteration: this.iteration,
      data: { train: train.size, validation: validation?.size ?? 0 },
      history: history.data,
    });
    const checkWeights = async (atEpoch: number) => {
      const bad = await findNonFiniteWeight(model);
      if (bad) throw new NonFiniteWeightsError(atEpoch, bad.name, bad.count, bad.size, scheduler.current);
    };
    const save = async () => {
      if (!options.checkpoints) return false;
      dropout.clear();
      const checkpoint: Checkpoint = { state: structuredClone(state()), artifacts: await modelArtifacts(model) };
      await options.checkpoints.save(checkpoint);
      return true;
    };

    if (this.status === 'starting') this.status = 'running';
    await runner.onTrainBegin();
    let lastYield = performance.now();
    let stoppedBy: 'request' | 'callback' | undefined;
    let savedAtIteration = this.iteration;
    for (; epoch < epochs && !stoppedBy; epoch++) {
      if (this.stopRequested) {
        stoppedBy = 'request';
        break;
      }
      this.epoch = epoch;
      await runner.onEpochBegin(epoch);
      const totals = { loss: 0, accuracy: 0, images: 0 };
      const batches = train.batches({ batchSize, shape, shuffle: true, seed, epoch, skipBatches: batchInEpoch });
      for (const { xs, ys } of batches) {
        try {
          this.batch = { xs, ys };
          await this.waitWhilePaused();
          if (this.stopRequested) {
            stoppedBy = 'request';
            break;
          }
          const size = xs.shape[0];
          const logs: Record<string, number> = { size, batch: batchInEpoch };
          await runner.onBatchBegin(batchInEpoch, logs);
          dropout.set(this.iteration);
          const out = await model.trainOnBatch(xs, ys);
          const [loss, accuracy] = Array.isArray(out) ? out : [out, Number.NaN];
          totals.loss += loss * size;
          totals.accuracy += accuracy * size;
          totals.images += size;
          this.iteration++;
          batchInEpoch++;
          await runner.onBatchEnd(batchInEpoch - 1, { ...logs, loss, acc: accuracy });
        } finally {
          this.batch = undefined;
          xs.dispose();
          ys.dispose();
        }
        if (runner.stopRequested) {
          stoppedBy = 'callback';
          break;
        }
        // A stop asked for during this batch's callbacks ends the run now, before another batch is drawn.
        if (this.stopRequested) {
          stoppedBy = 'request';
          break;
        }
        if (performance.now() - lastYield >= settings.yieldEveryMs) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
      }
      dropout.clear();
      if (stoppedBy && batchInEpoch < this.batchesPerEpoch) break; // a stop on an epoch's last batch still finishes that epoch
      const epochLogs: Record<string, number> = { loss: totals.loss / totals.images, acc: totals.accuracy / totals.images };
      if (validation && validation.size > 0) {
        const scored = await evaluate(model, validation, { worst: 0 });
        lastValidation = { loss: scored.loss, accuracy: scored.accuracy };
        epochLogs.val_loss = scored.loss;
        epochLogs.val_acc = scored.accuracy;
      }
      await checkWeights(epoch);
      await runner.onEpochEnd(epoch, epochLogs);
      batchInEpoch = 0;
      const finished = epoch + 1;
      epoch = finished;
      savedEnd = await save();
      savedAtIteration = this.iteration;
      epoch = finished - 1; // the loop's increment moves it on
      if (runner.stopRequested) stoppedBy = 'callback';
    }
    if (stoppedBy === 'request' && options.checkpoints && this.iteration > savedAtIteration) {
      // Stopped mid-epoch: keep the batches trained so far; a resumed run skips exactly those.
      await checkWeights(epoch);
      savedEnd = await save();
    }
    this.epoch = Math.min(epoch, epochs);
    await runner.onTrainEnd();
    this.status = stoppedBy ? 'stopped' : 'completed';
    return {
      status: stoppedBy ? 'stopped' : 'completed',
      model,
      epochsCompleted: epoch,
      iteration: this.iteration,
      history: history.data,
      validation: lastValidation,
      saved: savedEnd,
    };
  }

  private async waitWhilePaused(): Promise<void> {
    while (this.status === 'paused' && !this.stopRequested) {
      await new Promise<void>((resolve) => {
        this.unpause = resolve;
        this.options.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }
}

/** The checkpoint's model, or a CheckpointError that names the store when it cannot be rebuilt. */
async function rebuild(saved: Checkpoint, store: CheckpointStore): Promise<LayersModel> {
  try {
    return await modelFromArtifacts(saved.artifacts);
  } catch (error) {
    throw new CheckpointError(store.description, `its model cannot be rebuilt (${(error as Error).message})`,
      'The checkpoint was written by another version or edited by hand; start a fresh run in another folder (pnpm train: --out DIR or --force).', { cause: error });
  }
}

/** The settings of a resumed run: the checkpoint's, with a clear error where the options contradict them. */
function checkResume(options: TrainOptions, saved: { state: TrainingState }, store: CheckpointStore): ResolvedTraining {
  const { state } = saved;
  const where = store.description;
  if (options.seed !== undefined && options.seed !== state.seed) {
    throw new ResumeMismatchError(where, 'seed', state.seed, options.seed,
      'The seed decides the data split and the batch order, so a resumed run must keep it: leave the seed out (pnpm train: no --seed) to continue with the saved one.');
  }
  if (options.stage !== undefined && state.stage !== undefined && options.stage !== state.stage) {
    throw new ResumeMismatchError(where, 'stage', state.stage, options.stage, `Resume it as stage ${state.stage}, or train stage ${options.stage} elsewhere.`);
  }
  const { train, validation } = options.data;
  if (train.size !== state.data.train || (validation?.size ?? 0) !== state.data.validation) {
    throw new ResumeMismatchError(where, 'training/validation images', `${state.data.train}/${state.data.validation}`, `${train.size}/${validation?.size ?? 0}`,
      'Load MNIST with the same trainSize, validationSize and seed as the run you resume.');
  }
  if (options.recipe !== undefined || options.learningRate !== undefined) {
    throw new TrainingOptionError('train: recipe/learningRate', 'cannot change on resume', 'A resumed run keeps the recipe it started with; leave recipe and learningRate out.');
  }
  const epochs = options.epochs ?? state.epochs;
  if (epochs < state.epoch) {
    throw new TrainingOptionError('train: epochs', `is ${epochs}, but ${where} already finished ${state.epoch}`, `Ask for more than ${state.epoch} epochs in all to continue.`);
  }
  return finish(options, state.recipe, state.stage as StageNumber | undefined, state.seed, state.epochs);
}
