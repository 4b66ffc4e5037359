import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { CurveSeries } from '@nophd/visual-percentile-bands';
import { checkOptionsObject, wholeNumber } from './check-options.js';
import { InvalidCallbackOptionError, MissingModelError } from './errors.js';
import { readLossAndAccuracy, readNumber, type LogsLike } from './logs.js';
import { getLearningRate } from './optimizer-learning-rate.js';
import { TrainingCallback } from './training-callback.js';

/** One recorded point: loss and accuracy (NaN when the model has no accuracy metric). */
export interface MetricsPoint {
  iteration: number;
  epoch: number;
  loss: number;
  accuracy: number;
}

/** Plain, JSON-ready data for charts. */
export interface MetricsData {
  train: MetricsPoint[];
  validation: MetricsPoint[];
  learningRate: { iteration: number; value: number }[];
}

/** Options of {@link metricsHistory}: how often to record, and optional validation data. */
export interface MetricsHistoryOptions {
  /** Record the training batch's loss/accuracy every N batches. Default 1. */
  everyBatches?: number;
  /**
   * Evaluate on these tensors (e.g. 1,000 test images; you own and dispose them) at the end of every epoch,
   * or every `everyBatches` batches. Without it, `val_loss`/`val_acc` from model.fit's validationData are recorded.
   */
  validation?: { xs: Tensor; ys: Tensor; everyBatches?: number; batchSize?: number };
  model?: LayersModel;
}

/** Records training and validation loss/accuracy and the learning rate; see {@link metricsHistory}. */
export class MetricsHistory extends TrainingCallback {
  readonly data: MetricsData = { train: [], validation: [], learningRate: [] };
  private recordEvery: number;

  constructor(private readonly options: MetricsHistoryOptions = {}) {
    checkOptionsObject('metricsHistory', options);
    super({ model: options.model });
    this.recordEvery = wholeNumber('metricsHistory', 'everyBatches', options.everyBatches, 1, 1);
    const v = options.validation as MetricsHistoryOptions['validation'] | null;
    if (v !== undefined) {
      const isTensor = (t: unknown) => typeof (t as Tensor | null)?.dataSync === 'function';
      if (v === null || typeof v !== 'object' || !isTensor(v.xs) || !isTensor(v.ys)) {
        throw new InvalidCallbackOptionError('metricsHistory', 'validation', v, '{ xs: Tensor, ys: Tensor } (e.g. 1,000 test images and their one-hot labels)');
      }
      wholeNumber('metricsHistory', 'validation.everyBatches', v.everyBatches, 1, 1);
      wholeNumber('metricsHistory', 'validation.batchSize', v.batchSize, 1, 500);
    }
  }

  /**
   * Records the training batch every this many batches. It may change between batches (a training loop that
   * learns the epoch's length only once it starts sets it then); points already recorded stay.
   *
   * @example
   * history.everyBatches = Math.max(1, Math.round(batchesPerEpoch / 50));
   */
  get everyBatches(): number {
    return this.recordEvery;
  }

  set everyBatches(value: number) {
    this.recordEvery = wholeNumber('metricsHistory', 'everyBatches', value, 1, this.recordEvery);
  }

  protected override async batchEnd(_batch: number, logs: LogsLike): Promise<void> {
    if (this.iteration % this.recordEvery === 0) {
      const { loss, accuracy } = await readLossAndAccuracy(logs);
      if (loss !== undefined) {
        this.data.train.push({ iteration: this.iteration, epoch: this.epoch, loss, accuracy: accuracy ?? Number.NaN });
      }
      const lr = (await readNumber(logs?.lr)) ?? getLearningRate(this.modelOptimizer);
      if (lr !== undefined) this.data.learningRate.push({ iteration: this.iteration, value: lr });
    }
    const every = this.options.validation?.everyBatches;
    if (every !== undefined && this.iteration % every === 0) await this.evaluate();
  }

  protected override async epochEnd(_epoch: number, logs: LogsLike): Promise<void> {
    const v = this.options.validation;
    if (v) {
      if (v.everyBatches === undefined) await this.evaluate();
      return;
    }
    const { loss, accuracy } = await readLossAndAccuracy(logs, 'val_');
    if (loss !== undefined) {
      this.data.validation.push({ iteration: this.iteration, epoch: this.epoch, loss, accuracy: accuracy ?? Number.NaN });
    }
  }

  private async evaluate(): Promise<void> {
    const { xs, ys, batchSize = 500 } = this.options.validation!;
    const model = this.trainedModel;
    if (!model) throw new MissingModelError('metricsHistory', 'the model to evaluate validation data');
    const out = model.evaluate(xs, ys, { batchSize });
    const scalars = Array.isArray(out) ? out : [out];
    try {
      const values = await Promise.all(scalars.map((s) => s.data()));
      const names = model.metricsNames ?? [];
      const accIndex = names.findIndex((n) => /acc/i.test(n) && n !== 'loss');
      this.data.validation.push({
        iteration: this.iteration,
        epoch: this.epoch,
        loss: values[0][0],
        accuracy: accIndex >= 0 ? values[accIndex][0] : Number.NaN,
      });
    } finally {
      for (const s of scalars) s.dispose();
    }
  }

  /** Training and validation curves of `'loss'` or `'accuracy'` over iterations, ready for renderCurvesSvg/drawCurves. */
  curves(metric: 'loss' | 'accuracy'): CurveSeries[] {
    const toPoints = (points: MetricsPoint[]) => points.map((p) => ({ x: p.iteration, y: p[metric] }));
    return [
      { label: `training ${metric}`, points: toPoints(this.data.train) },
      { label: `validation ${metric}`, points: toPoints(this.data.validation) },
    ];
  }
}

/**
 * Records the training loss/accuracy every `everyBatches` batches, validation loss/accuracy every epoch
 * (or every `validation.everyBatches`), and the learning rate, as plain data in `.data` for charts.
 *
 * @example
 * const history = metricsHistory({ everyBatches: 10, validation: { xs: testXs, ys: testYs } });
 * await model.fit(xs, ys, { epochs: 3, callbacks: [history] });
 * writeFileSync('accuracy.svg', renderCurvesSvg(history.curves('accuracy'), { yDomain: [0.9, 1] }));
 */
export function metricsHistory(options: MetricsHistoryOptions = {}): MetricsHistory {
  return new MetricsHistory(options);
}
