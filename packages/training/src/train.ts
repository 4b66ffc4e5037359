import type { TrainOptions } from './train-options.js';
import { TrainingRun } from './training-run.js';

/**
 * Trains a stage of the ladder (or your own model) on MNIST by its recipe: learning-rate schedule, batch
 * size, seeded batch order and dropout masks, validation after every epoch, checkpoints after every epoch
 * and on stop. Returns at once with a {@link TrainingRun} handle; `await run.result` for the outcome.
 *
 * @example
 * ```ts
 * const data = await loadMnist({ trainSize: 5000 });
 * const run = train({ stage: 2, data, epochs: 2, callbacks: [progressReporter()] });
 * const { model } = await run.result;
 * console.log((await evaluate(model, data.test)).accuracy);
 * run.dispose();
 * ```
 */
export function train(options: TrainOptions): TrainingRun {
  return new TrainingRun(options);
}
