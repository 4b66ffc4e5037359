import type { Optimizer } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { LogsLike } from './logs.js';

/** What a callback must offer to be driven by {@link callbackRunner} (tfjs callbacks and this package's). */
export interface LoopCallback {
  setModel?(model: unknown): void;
  setParams?(params: Record<string, unknown>): void;
  onTrainBegin?(logs?: LogsLike): Promise<void> | void;
  onTrainEnd?(logs?: LogsLike): Promise<void> | void;
  onEpochBegin?(epoch: number, logs?: LogsLike): Promise<void> | void;
  onEpochEnd?(epoch: number, logs?: LogsLike): Promise<void> | void;
  onBatchBegin?(batch: number, logs?: LogsLike): Promise<void> | void;
  onBatchEnd?(batch: number, logs?: LogsLike): Promise<void> | void;
  stopRequested?: boolean;
}

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

  async onTrainBegin(logs: LogsLike = {}): Promise<void> {
    (this.model as { stopTraining?: boolean }).stopTraining = false;
    for (const cb of this.callbacks) await cb.onTrainBegin?.(logs);
  }
  async onTrainEnd(logs: LogsLike = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onTrainEnd?.(logs);
  }
  async onEpochBegin(epoch: number, logs: LogsLike = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onEpochBegin?.(epoch, logs);
  }
  async onEpochEnd(epoch: number, logs: LogsLike = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onEpochEnd?.(epoch, logs);
  }
  async onBatchBegin(batch: number, logs: LogsLike = {}): Promise<void> {
    for (const cb of this.callbacks) await cb.onBatchBegin?.(batch, logs);
  }
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
