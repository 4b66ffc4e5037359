import type { SingleBar } from 'cli-progress';
import { checkOptionsObject, oneOf, wholeNumber } from './check-options.js';
import { InvalidCallbackOptionError } from './errors.js';
import type { ProgressStream } from './progress-stream.js';
import { startTerminalBar } from './terminal-bar.js';
import { readLossAndAccuracy, readNumber, type LogsLike } from './logs.js';
import { getLearningRate } from './optimizer-learning-rate.js';
import { TrainingCallback } from './training-callback.js';

export type { ProgressStream };

/** Options of {@link progressReporter}; every one has a default read from `model.fit`. */
export interface ProgressReporterOptions {
  /** Batches per epoch. Default: from model.fit's params (samples / batchSize, or fitDataset's batchesPerEpoch). */
  totalBatches?: number;
  /** Images per batch, for images/second. Default: from model.fit's params, else each batch's logs.size. */
  batchSize?: number;
  /** Total epochs, shown as "epoch 2/10". Default: from model.fit's params. */
  epochs?: number;
  /** Output stream. Default process.stdout. */
  stream?: ProgressStream;
  /** One summary line per epoch instead of a live bar. Default: when the stream is not a TTY or env CI is set. */
  quiet?: boolean;
  /** Redraw at most this often (reading loss/accuracy costs a GPU sync). Default 100 ms. */
  redrawEveryMs?: number;
}

const fmtLoss = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(4));
const fmtAcc = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(2)}%`);
const fmtLr = (v: number | undefined) => (v === undefined ? '–' : v.toExponential(2));
const fmtRate = (v: number) => Math.round(v).toLocaleString('en');

function defaultStream(): ProgressStream | undefined {
  return typeof process !== 'undefined' ? (process.stdout as ProgressStream | undefined) : undefined;
}

function inCi(): boolean {
  return typeof process !== 'undefined' && !!process.env?.CI && process.env.CI !== 'false';
}

/** Terminal progress bar (or one line per epoch); see {@link progressReporter}. */
export class ProgressReporter extends TrainingCallback {
  /** The summary lines written in quiet mode (also kept when the bar is shown). */
  readonly lines: string[] = [];
  readonly quiet: boolean;
  private readonly stream: ProgressStream | undefined;
  private bar: SingleBar | undefined;
  private epochStart = 0;
  private imagesThisEpoch = 0;
  private batchesThisEpoch = 0;
  private lastDraw = 0;
  private last: { loss?: number; accuracy?: number; lr?: number } = {};

  constructor(private readonly options: ProgressReporterOptions = {}) {
    checkOptionsObject('progressReporter', options);
    super();
    for (const name of ['totalBatches', 'batchSize', 'epochs'] as const) wholeNumber('progressReporter', name, options[name], 1, 1);
    oneOf('progressReporter', 'quiet', options.quiet, [true, false], false);
    const every = options.redrawEveryMs;
    if (every !== undefined && (typeof every !== 'number' || !(every >= 0) || every === Infinity)) {
      throw new InvalidCallbackOptionError('progressReporter', 'redrawEveryMs', every, 'a number of milliseconds ≥ 0');
    }
    if (options.stream !== undefined && typeof (options.stream as ProgressStream | null)?.write !== 'function') {
      throw new InvalidCallbackOptionError('progressReporter', 'stream', options.stream, 'a writable stream with write()', 'Pass e.g. process.stderr.');
    }
    this.stream = options.stream ?? defaultStream();
    this.quiet = options.quiet ?? (!this.stream?.isTTY || inCi());
  }

  private get totalBatches(): number {
    const p = (this.params ?? {}) as { steps?: number | null; samples?: number | null; batchSize?: number | null };
    if (this.options.totalBatches) return this.options.totalBatches;
    if (p.steps) return p.steps;
    if (p.samples && p.batchSize) return Math.ceil(p.samples / p.batchSize);
    return 0;
  }

  private get totalEpochs(): number | undefined {
    return this.options.epochs ?? ((this.params as { epochs?: number } | undefined)?.epochs || undefined);
  }

  private epochLabel(epoch: number): string {
    const total = this.totalEpochs;
    return total ? `${epoch + 1}/${total}` : `${epoch + 1}`;
  }

  private imagesPerSecond(): number {
    const seconds = (performance.now() - this.epochStart) / 1000;
    return seconds > 0 ? this.imagesThisEpoch / seconds : 0;
  }

  private payload() {
    return {
      epochLabel: this.epochLabel(this.epoch),
      loss: fmtLoss(this.last.loss),
      acc: fmtAcc(this.last.accuracy),
      lr: fmtLr(this.last.lr),
      ips: fmtRate(this.imagesPerSecond()),
    };
  }

  protected override async epochBegin(): Promise<void> {
    this.epochStart = performance.now();
    this.imagesThisEpoch = 0;
    this.batchesThisEpoch = 0;
    this.lastDraw = 0;
    if (this.quiet || !this.stream) return;
    const total = this.totalBatches;
    this.bar = await startTerminalBar(this.stream,
      'epoch {epochLabel} {bar} {value}/{total} | loss {loss} | acc {acc} | lr {lr} | {ips} img/s | ETA {eta_formatted}');
    if (!this.bar) return;
    this.bar.start(total || 1, 0, this.payload());
  }

  protected override async batchEnd(_batch: number, logs: LogsLike): Promise<void> {
    this.batchesThisEpoch += 1;
    const p = this.params as { batchSize?: number | null } | undefined;
    const size = this.options.batchSize ?? p?.batchSize ?? (typeof logs?.size === 'number' ? logs.size : 0);
    this.imagesThisEpoch += size;
    const now = performance.now();
    const lastOfEpoch = this.batchesThisEpoch === this.totalBatches;
    if (!this.bar || (now - this.lastDraw < (this.options.redrawEveryMs ?? 100) && !lastOfEpoch)) return;
    this.lastDraw = now;
    const { loss, accuracy } = await readLossAndAccuracy(logs);
    this.last = { loss, accuracy, lr: (await readNumber(logs?.lr)) ?? getLearningRate(this.modelOptimizer) };
    this.bar.update(this.batchesThisEpoch, this.payload());
  }

  protected override async epochEnd(epoch: number, logs: LogsLike): Promise<void> {
    const { loss, accuracy } = await readLossAndAccuracy(logs);
    const val = await readLossAndAccuracy(logs, 'val_');
    this.last = {
      loss: loss ?? this.last.loss,
      accuracy: accuracy ?? this.last.accuracy,
      lr: getLearningRate(this.modelOptimizer) ?? this.last.lr,
    };
    const seconds = (performance.now() - this.epochStart) / 1000;
    const parts = [
      `epoch ${this.epochLabel(epoch)}`,
      `loss ${fmtLoss(this.last.loss)}`,
      `acc ${fmtAcc(this.last.accuracy)}`,
      ...(val.loss !== undefined ? [`val_loss ${fmtLoss(val.loss)}`] : []),
      ...(val.accuracy !== undefined ? [`val_acc ${fmtAcc(val.accuracy)}`] : []),
      `lr ${fmtLr(this.last.lr)}`,
      `${fmtRate(this.imagesPerSecond())} img/s`,
      `${seconds.toFixed(1)} s`,
    ];
    const line = parts.join('  ');
    this.lines.push(line);
    if (this.bar) {
      this.bar.update(this.batchesThisEpoch, this.payload());
      this.bar.stop();
      this.bar = undefined;
    } else if (this.stream) {
      this.stream.write(`${line}\n`);
    } else {
      console.log(line);
    }
  }

  protected override async trainEnd(): Promise<void> {
    this.bar?.stop();
    this.bar = undefined;
  }
}

/**
 * A terminal progress bar (cli-progress) showing loss, accuracy, learning rate and images per second for each
 * epoch. When stdout is not a TTY, or env CI is set, it prints one summary line per epoch instead.
 *
 * @example
 * await model.fit(xs, ys, { epochs: 5, batchSize: 100, callbacks: [progressReporter()] });
 * // epoch 1/5 ████████████░░░░ 412/550 | loss 0.2811 | acc 91.00% | lr 3.00e-3 | 8,210 img/s | ETA 2s
 */
export function progressReporter(options: ProgressReporterOptions = {}): ProgressReporter {
  return new ProgressReporter(options);
}
