import type { io } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { checkOptionsObject, optionalFunction, wholeNumber } from './check-options.js';
import { InvalidCallbackOptionError, MissingModelError } from './errors.js';
import type { LogsLike } from './logs.js';
import { TrainingCallback } from './training-callback.js';

/** Options of {@link checkpoint}: where to save and how often. */
export interface CheckpointOptions {
  /** Your own saving code, e.g. `(model) => model.save('file://runs/stage3')`. */
  save?: (model: LayersModel, at: { epoch: number; iteration: number }) => Promise<unknown> | unknown;
  /** A tfjs IOHandler or URL string ('file://…', 'indexeddb://…', 'downloads://…') handed to model.save(). */
  handler?: io.IOHandler | string;
  /** Save after every N epochs (and always after the last one seen when training ends early). Default 1. */
  everyEpochs?: number;
  model?: LayersModel;
}

/** Saves the model every few epochs; see {@link checkpoint}. */
export class Checkpoint extends TrainingCallback {
  /** One entry per save: the epoch (0-based) and what the handler returned. */
  readonly saved: { epoch: number; iteration: number; result: unknown }[] = [];
  private readonly everyEpochs: number;

  constructor(private readonly options: CheckpointOptions) {
    checkOptionsObject('checkpoint', options);
    super({ model: options?.model });
    const hasSave = typeof options?.save === 'function';
    const hasHandler = options?.handler !== undefined;
    const handler = options?.handler as unknown;
    if (hasHandler && !(typeof handler === 'string' && handler !== '') && typeof (handler as io.IOHandler | null)?.save !== 'function') {
      throw new InvalidCallbackOptionError('checkpoint', 'handler', handler, "a URL such as 'file://runs/stage3' or a tf.io.IOHandler with save()");
    }
    optionalFunction('checkpoint', 'save', options?.save);
    if (hasSave === hasHandler) {
      throw new InvalidCallbackOptionError(
        'checkpoint',
        'save/handler',
        hasSave ? 'both given' : 'neither given',
        'exactly one of { save: (model) => … } or { handler: tf.io.IOHandler | url }',
      );
    }
    this.everyEpochs = wholeNumber('checkpoint', 'everyEpochs', options.everyEpochs, 1, 1);
  }

  protected override async epochEnd(epoch: number, _logs: LogsLike): Promise<void> {
    if ((epoch + 1) % this.everyEpochs !== 0) return;
    const model = this.trainedModel;
    if (!model) throw new MissingModelError('checkpoint', 'the model to save');
    const at = { epoch, iteration: this.iteration };
    const result = this.options.save ? await this.options.save(model, at) : await model.save(this.options.handler!);
    this.saved.push({ ...at, result });
  }
}

/**
 * Saves the model after every `everyEpochs` epochs, through your `save` function or a tfjs IOHandler/URL.
 *
 * @example
 * await model.fit(xs, ys, {
 *   epochs: 10,
 *   callbacks: [checkpoint({ handler: 'file://runs/stage5', everyEpochs: 2 })],
 * });
 */
export function checkpoint(options: CheckpointOptions): Checkpoint {
  return new Checkpoint(options);
}
