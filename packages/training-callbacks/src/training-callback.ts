import type { Optimizer } from '@tensorflow/tfjs-core';
import { Callback, type LayersModel } from '@tensorflow/tfjs-layers';
import type { LogsLike } from './logs.js';

const HOOKS = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'] as const;

/** The model or optimizer a callback works on when no `model.fit` hands it one (custom loops). */
export interface CallbackModelOptions {
  /** The model being trained. model.fit/fitDataset provide it; a custom loop passes it here (or to callbackRunner). */
  model?: LayersModel;
}

/**
 * Base of every callback in this package. It is a tfjs-layers `Callback`, so `model.fit({ callbacks })` and
 * `model.fitDataset` hand it the model, and its hooks are bound to the instance so they still work when tfjs
 * wraps them (an array starting with a plain `{ onEpochEnd }` object). It counts batches across epochs.
 *
 * Custom loop: call `await cb.onTrainBegin()`, then per epoch `onEpochBegin(epoch)`, per batch
 * `onBatchBegin(batch)` / `onBatchEnd(batch, { loss, acc })`, then `onEpochEnd(epoch, logs)`, and finally
 * `onTrainEnd()` — or let {@link callbackRunner} do it for a list.
 */
export abstract class TrainingCallback extends Callback {
  /** Completed batches since training began, across epochs. */
  iteration = 0;
  /** The current epoch (0-based, as tfjs counts). */
  epoch = 0;
  /** Index of the current batch within the epoch. */
  batch = 0;
  /** Set when this callback asked training to stop (early stopping, NaN guard in 'stop' mode). */
  stopRequested = false;
  protected readonly givenModel?: LayersModel;

  constructor(options: CallbackModelOptions = {}) {
    super();
    this.givenModel = options.model;
    const self = this as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const hook of HOOKS) self[hook] = self[hook].bind(this);
  }

  /** The model from model.fit, or the one given at construction. */
  get trainedModel(): LayersModel | undefined {
    return (this.model as LayersModel | undefined) ?? this.givenModel;
  }

  /** The model's optimizer (set by compile), if any. */
  protected get modelOptimizer(): Optimizer | undefined {
    return this.trainedModel?.optimizer;
  }

  /** Asks model.fit to stop after this batch/epoch; custom loops check `stopRequested` (or the runner's). */
  protected requestStop(): void {
    this.stopRequested = true;
    const model = this.trainedModel;
    if (model) model.stopTraining = true;
  }

  /** Called once before the first epoch. */
  override async onTrainBegin(logs?: LogsLike): Promise<void> {
    this.stopRequested = false;
    await this.trainBegin(logs);
  }
  /** Called once after the last epoch (or after a stop). */
  override async onTrainEnd(logs?: LogsLike): Promise<void> {
    await this.trainEnd(logs);
  }
  /** Called at the start of each epoch (0-based). */
  override async onEpochBegin(epoch: number, logs?: LogsLike): Promise<void> {
    this.epoch = epoch;
    await this.epochBegin(epoch, logs);
  }
  /** Called at the end of each epoch with the epoch's logs (loss, accuracy, val_*). */
  override async onEpochEnd(epoch: number, logs?: LogsLike): Promise<void> {
    this.epoch = epoch;
    await this.epochEnd(epoch, logs);
  }
  /** Called before each batch; a scheduler writes `lr` into `logs` here. */
  override async onBatchBegin(batch: number, logs?: LogsLike): Promise<void> {
    this.batch = batch;
    await this.batchBegin(batch, logs);
  }
  /** Called after each batch with the batch's logs (loss, accuracy, size). */
  override async onBatchEnd(batch: number, logs?: LogsLike): Promise<void> {
    this.batch = batch;
    this.iteration += 1;
    await this.batchEnd(batch, logs);
  }

  protected async trainBegin(_logs: LogsLike): Promise<void> {}
  protected async trainEnd(_logs: LogsLike): Promise<void> {}
  protected async epochBegin(_epoch: number, _logs: LogsLike): Promise<void> {}
  protected async epochEnd(_epoch: number, _logs: LogsLike): Promise<void> {}
  protected async batchBegin(_batch: number, _logs: LogsLike): Promise<void> {}
  protected async batchEnd(_batch: number, _logs: LogsLike): Promise<void> {}
}
