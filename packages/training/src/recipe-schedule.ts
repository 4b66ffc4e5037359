import { describeLearningRate, type Recipe } from '@nophd/models';
import { TrainingOptionError } from './errors.js';
import { customSchedule, exponentialDecay, type LearningRateSchedule } from '@nophd/training-callbacks';

/**
 * The learning-rate schedule a recipe describes (plain data in `@nophd/models`), as a schedule the
 * `learningRateScheduler` callback runs: an exponential decay per epoch (or, for `every: 'batch'`, the same
 * decay applied before every batch, which needs `batchesPerEpoch`), or a constant rate. Its `description` is
 * `describeLearningRate(recipe)`, the words the READMEs and `pnpm train` use.
 *
 * @example
 * ```ts
 * const { model, recipe } = createStageModel(3);
 * const scheduler = learningRateScheduler(scheduleOf(recipe), { optimizer: model.optimizer });
 * const smooth = { schedule: { kind: 'exponential', initial: 0.005, rate: 0.3, every: 'batch' } } as const;
 * scheduleOf(smooth, 430).description; // '0.005·0.3^epoch, every batch'
 * ```
 */
export function scheduleOf(recipe: Pick<Recipe, 'schedule'>, batchesPerEpoch?: number): LearningRateSchedule {
  const spec = recipe.schedule;
  const description = describeLearningRate(recipe);
  if (spec.kind === 'constant') return customSchedule(() => spec.value, { per: 'epoch', description });
  if (spec.every !== 'batch') return described(exponentialDecay({ initial: spec.initial, rate: spec.rate }), description);
  if (batchesPerEpoch === undefined) {
    throw new TrainingOptionError('scheduleOf', `was given a recipe whose rate decays every batch (${spec.initial}·${spec.rate}^epoch) but no batchesPerEpoch`,
      'Pass the number of batches in an epoch, Math.ceil(trainImages / recipe.batchSize), as the second argument.');
  }
  return described(exponentialDecay({ initial: spec.initial, rate: spec.rate, batchesPerEpoch }), description);
}

/** The same schedule in the recipe's words, which need not match the generic schedule's own. */
function described(schedule: LearningRateSchedule, description: string): LearningRateSchedule {
  return customSchedule(schedule, { per: schedule.per, description });
}
