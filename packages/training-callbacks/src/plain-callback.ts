import type { LogsLike } from './logs.js';
import { readNumber } from './logs.js';
import { TrainingCallback } from './training-callback.js';

/** The plain-object callback shape tfjs accepts in model.fit (`{ onEpochEnd: async (epoch, logs) => … }`). */
export interface PlainCallbacks {
  /** Called once before the first epoch. */
  onTrainBegin?: (logs?: Record<string, number>) => unknown;
  /** Called once after the last epoch (or after a stop). */
  onTrainEnd?: (logs?: Record<string, number>) => unknown;
  /** Called at the start of each epoch (0-based). */
  onEpochBegin?: (epoch: number, logs?: Record<string, number>) => unknown;
  /** Called at the end of each epoch with the epoch's logs (loss, accuracy, val_*). */
  onEpochEnd?: (epoch: number, logs?: Record<string, number>) => unknown;
  /** Called before each batch; a scheduler writes `lr` into `logs` here. */
  onBatchBegin?: (batch: number, logs?: Record<string, number>) => unknown;
  /** Called after each batch with the batch's logs (loss, accuracy, size). */
  onBatchEnd?: (batch: number, logs?: Record<string, number>) => unknown;
}

/** Logs with every scalar tensor read into a number (a copy; tfjs still owns and disposes the tensors). */
async function numericLogs(logs: LogsLike): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs ?? {})) {
    const n = await readNumber(value);
    if (n !== undefined) out[key] = n;
  }
  return out;
}

class PlainCallback extends TrainingCallback {
  constructor(private readonly plain: PlainCallbacks) {
    super();
  }
  protected override async trainBegin(logs: LogsLike) {
    if (this.plain.onTrainBegin) await this.plain.onTrainBegin(await numericLogs(logs));
  }
  protected override async trainEnd(logs: LogsLike) {
    if (this.plain.onTrainEnd) await this.plain.onTrainEnd(await numericLogs(logs));
  }
  protected override async epochBegin(epoch: number, logs: LogsLike) {
    if (this.plain.onEpochBegin) await this.plain.onEpochBegin(epoch, await numericLogs(logs));
  }
  protected override async epochEnd(epoch: number, logs: LogsLike) {
    if (this.plain.onEpochEnd) await this.plain.onEpochEnd(epoch, await numericLogs(logs));
  }
  protected override async batchBegin(batch: number, logs: LogsLike) {
    if (this.plain.onBatchBegin) await this.plain.onBatchBegin(batch, await numericLogs(logs));
  }
  protected override async batchEnd(batch: number, logs: LogsLike) {
    if (this.plain.onBatchEnd) await this.plain.onBatchEnd(batch, await numericLogs(logs));
  }
}

/**
 * Makes a list that model.fit accepts when it mixes this package's callbacks (tfjs `Callback` objects) with
 * plain `{ onEpochEnd }` objects: tfjs treats a list whose first item is a `Callback` as all `Callback`s and
 * would fail on the plain ones ("callback.setParams is not a function"), while a list starting with a plain
 * object would hide the model from ours. Plain objects get their logs as numbers, as tfjs gives them.
 *
 * @example
 * await model.fit(xs, ys, {
 *   callbacks: fitCallbacks(progressReporter(), { onEpochEnd: (epoch, logs) => console.log(epoch, logs) }),
 * });
 */
export function fitCallbacks(...callbacks: (TrainingCallback | PlainCallbacks | { setModel(m: unknown): void })[]): TrainingCallback[] {
  return callbacks.map((c) =>
    typeof (c as { setModel?: unknown }).setModel === 'function' ? (c as TrainingCallback) : new PlainCallback(c as PlainCallbacks),
  );
}
