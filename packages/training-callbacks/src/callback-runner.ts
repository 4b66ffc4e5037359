import type { Optimizer } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { LogsLike } from './logs.js';

/** What a callback must offer to be driven by {@link callbackRunner} (tfjs callbacks and this package's). */
export interface LoopCallback {
  /** Receives the model being trained (tfjs-layers callbacks read it as `this.model`). */
  setModel?(model: unknown): void;
  /** Receives the run's parameters (`epochs`, `steps`, …), as `model.fit` passes them. */
  setParams?(params: Record<string, unknown>): void;
  /** Called once before the first epoch. */
  onTrainBegin?(logs?: LogsLike): Promise<void> | void;
  /** Called once after the last epoch (or after a stop). */
  onTrainEnd?(logs?: LogsLike): Promise<void> | void;
  /** Called at the start of each epoch (0-based). */
  onEpochBegin?(epoch: number, logs?: LogsLike): Promise<void> | void;
  /** Called at the end of each epoch with the epoch's logs (loss, accuracy, val_*). */
  onEpochEnd?(epoch: number, logs?: LogsLike): Promise<void> | void;
  /** Called before each batch; a scheduler writes `lr` into `logs` here. */
  onBatchBegin?(batch: number, logs?: LogsLike): Promise<void> | void;
  /** Called after each batch with the batch's logs (loss, accuracy, size). */
  onBatchEnd?(batch: number, logs?: LogsLike): Promise<void> | void;
  stopRequested?: boolean;
}

/** Options of {@link callbackRunner}: what to hand the callbacks as the model being trained. */
export interface CallbackRunnerOptions {
  /**
   * The model being trained (a LayersModel, or anything with an `optimizer` and `stopTraining` flag).
   * For a hand-written model, pass `{ optimizer }` and read `runner.stopRequested`.
   */
  model?: LayersModel;
  optimizer?: Optimizer;
  epochs?: number;
  batchesPerEpoch?: number;
  batchSize?: number;
}

/** Calls every hook of a callback list in order, for custom training loops; see {@link callbackRunner}. */
export class CallbackRunner {
  readonly model: LayersModel | { optimizer?: Optimizer; stopTraining?: boolean };

  constructor(
    readonly callbacks: readonly LoopCallback[],
    options: CallbackRunnerOptions = {},
  ) {
    // A stand-in model lets schedulers find the optimizer and early stopping set stopTraining.
    this.model = options.model ?? { optimizer: options.optimizer, stopTraining: false };
    const params = {
      epochs: options.epochs,
      steps: options.batchesPerEpoch,
      batchSize: options.batchSize,
      samples: null,
      verbose: 0,
      doValidation: false,
      metrics: ['loss', 'acc'],
    };
    for (const cb of callbacks) {
      cb.setModel?.(this.model);
      cb.setParams?.(params);
    }
  }

  /** True once a callback asked training to stop (early stopping, nanGuard in 'stop' mode). */
  get stopRequested(): boolean {
    return !!(this.model as { stopTraining?: boolean }).stopTraining || this.callbacks.some((c) => c.stopRequested);
  }

  /** Called once before the first epoch. Runs each callback's hook in turn. */
  async onTrainBegin(logs: LogsLike = {}): Promise<void> {
    (this.model as { stopTraining?: boolean }).stopTraining = false;
    for (const cb of this.callbacks) await cb.onTrainBegin?.(logs);
  }
  /** Called once after the last epoch (or after a stop). Runs each callback's hook in turn. */
  async onTrainEnd(logs: LogsLike = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onTrainEnd?.(logs);
  }
  /** Called at the start of each epoch (0-based). Runs each callback's hook in turn. */
  async onEpochBegin(epoch: number, logs: LogsLike = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onEpochBegin?.(epoch, logs);
  }
  /** Called at the end of each epoch with the epoch's logs (loss, accuracy, val_*). Runs each callback's hook in turn. */
  async onEpochEnd(epoch: number, logs: LogsLike = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onEpochEnd?.(epoch, logs);
  }
  /** Called before each batch; a scheduler writes `lr` into `logs` here. Runs each callback's hook in turn. */
  async onBatchBegin(batch: number, logs: LogsLike = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onBatchBegin?.(batch, logs);
  }
  /** Called after each batch with the batch's logs (loss, accuracy, size). Runs each callback's hook in turn. */
  async onBatchEnd(batch: number, logs: LogsLike = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onBatchEnd?.(batch, logs);
  }
}

/**
 * Drives a list of callbacks from a hand-written training loop: hands them the model (or just the
 * optimizer) and calls each hook in order. Pass `loss`/`acc` as numbers (or scalar tensors you dispose
 * afterwards) in the batch logs; pass the same logs object to onBatchBegin and onBatchEnd so the scheduler's
 * `lr` reaches the others.
 *
 * @example
 * const runner = callbackRunner([scheduler, history, guard], { model, epochs: 3 });
 * await runner.onTrainBegin();
 * for (let epoch = 0; epoch < 3 && !runner.stopRequested; epoch++) {
 *   await runner.onEpochBegin(epoch);
 *   for (const [batch, { xs, ys }] of [...data.train.batches({ batchSize: 100 })].entries()) {
 *     const logs = {};
 *     await runner.onBatchBegin(batch, logs);
 *     const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs)), true);
 *     await runner.onBatchEnd(batch, { ...logs, loss: (await loss.data())[0] });
 *     tf.dispose([xs, ys, loss]);
 *   }
 *   await runner.onEpochEnd(epoch);
 * }
 * await runner.onTrainEnd();
 */
export function callbackRunner(callbacks: readonly LoopCallback[], options: CallbackRunnerOptions = {}): CallbackRunner {
  return new CallbackRunner(callbacks, options);
}
