import type { LayersModel } from '@tensorflow/tfjs-layers';
import { InvalidCallbackOptionError, NonFiniteLossError } from './errors.js';
import { readNumber, type LogsLike } from './logs.js';
import { getLearningRate } from './optimizer-learning-rate.js';
import { TrainingCallback } from './training-callback.js';

/** Options of {@link nanGuard}. */
export interface NanGuardOptions {
  /** `'throw'` (default): model.fit rejects with NonFiniteLossError. `'stop'`: training stops and `.error` is set. */
  mode?: 'throw' | 'stop';
  /** Check every N batches (each check reads the loss back from the GPU). Default 1. */
  everyBatches?: number;
  model?: LayersModel;
}

/** Stops training when the loss is NaN/±Infinity; see {@link nanGuard}. */
export class NanGuard extends TrainingCallback {
  /** The error, once the loss went non-finite. */
  error: NonFiniteLossError | undefined;
  private readonly everyBatches: number;

  constructor(private readonly options: NanGuardOptions = {}) {
    super({ model: options.model });
    this.everyBatches = options.everyBatches ?? 1;
    if (!Number.isInteger(this.everyBatches) || this.everyBatches < 1) {
      throw new InvalidCallbackOptionError('nanGuard', 'everyBatches', options.everyBatches, 'a whole number ≥ 1');
    }
  }

  protected override async batchEnd(batch: number, logs: LogsLike): Promise<void> {
    if (this.iteration % this.everyBatches !== 0) return;
    const loss = await readNumber(logs?.loss);
    if (loss === undefined || Number.isFinite(loss)) return;
    const lr = (await readNumber(logs?.lr)) ?? getLearningRate(this.modelOptimizer);
    this.error = new NonFiniteLossError(loss, this.epoch, batch, this.iteration, lr);
    this.requestStop();
    if ((this.options.mode ?? 'throw') === 'throw') throw this.error;
  }
}

/**
 * Stops training as soon as the loss becomes NaN or ±Infinity, with a {@link NonFiniteLossError} naming the
 * epoch, batch and the likely cause (log(0) in a hand-written cross-entropy, or a learning rate too high).
 *
 * @example
 * try {
 *   await model.fit(xs, ys, { epochs: 5, callbacks: [nanGuard()] });
 * } catch (e) {
 *   if (e instanceof NonFiniteLossError) console.error(e.message);
 * }
 */
export function nanGuard(options: NanGuardOptions = {}): NanGuard {
  return new NanGuard(options);
}
