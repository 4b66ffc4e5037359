import type { LayersModel } from '@tensorflow/tfjs-layers';
import { checkOptionsObject, oneOf } from './check-options.js';
import { InvalidCallbackOptionError, MissingMetricError } from './errors.js';
import { readNumber, type LogsLike } from './logs.js';
import { TrainingCallback } from './training-callback.js';

/** Options of {@link earlyStopping}: which metric to watch and how patiently. */
export interface EarlyStoppingOptions {
  /** Epoch log to watch. Default 'val_loss'. */
  monitor?: string;
  /** Stop after this many epochs in a row without improvement. Default 0 (stop at the first one, like 1). */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** 'auto' (default): maximise names containing "acc", minimise the rest. */
  mode?: 'auto' | 'min' | 'max';
  model?: LayersModel;
}

/** Stops training when a monitored quantity stops improving; see {@link earlyStopping}. */
export class EarlyStopping extends TrainingCallback {
  best: number | undefined;
  bestEpoch: number | undefined;
  /** Epoch after which training was stopped, if it was. */
  stoppedEpoch: number | undefined;
  private wait = 0;
  private readonly monitor: string;
  private readonly patience: number;
  private readonly minDelta: number;
  private readonly maximise: boolean;

  constructor(options: EarlyStoppingOptions = {}) {
    checkOptionsObject('earlyStopping', options);
    super({ model: options.model });
    if (options.monitor !== undefined && (typeof options.monitor !== 'string' || options.monitor === '')) {
      throw new InvalidCallbackOptionError('earlyStopping', 'monitor', options.monitor, "the name of an epoch log, e.g. 'val_loss' or 'val_acc'");
    }
    this.monitor = options.monitor ?? 'val_loss';
    this.patience = options.patience ?? 0;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    const mode = oneOf('earlyStopping', 'mode', options.mode, ['auto', 'min', 'max'], 'auto');
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new InvalidCallbackOptionError('earlyStopping', 'patience', options.patience, 'a whole number ≥ 0');
    }
    if (typeof (options.minDelta ?? 0) !== 'number' || !Number.isFinite(this.minDelta)) {
      throw new InvalidCallbackOptionError('earlyStopping', 'minDelta', options.minDelta, 'a finite number');
    }
    this.maximise = mode === 'max' || (mode === 'auto' && /acc/i.test(this.monitor));
  }

  protected override async trainBegin(): Promise<void> {
    this.wait = 0;
    this.best = undefined;
    this.bestEpoch = undefined;
    this.stoppedEpoch = undefined;
  }

  protected override async epochEnd(epoch: number, logs: LogsLike): Promise<void> {
    const value = await readNumber(logs?.[this.monitor]);
    if (value === undefined) throw new MissingMetricError('earlyStopping', this.monitor, Object.keys(logs ?? {}));
    const improved =
      this.best === undefined ||
      (this.maximise ? value - this.minDelta > this.best : value + this.minDelta < this.best);
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      return;
    }
    this.wait += 1;
    if (this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      this.requestStop();
    }
  }
}

/**
 * Stops training once `monitor` has not improved by more than `minDelta` for `patience` epochs in a row (patience 0 or 1: at the first epoch without improvement).
 *
 * @example
 * await model.fit(xs, ys, {
 *   epochs: 50,
 *   validationData: [testXs, testYs],
 *   callbacks: [earlyStopping({ monitor: 'val_acc', patience: 3 })],
 * });
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  return new EarlyStopping(options);
}
