import type { Recipe } from '@nophd/models';
import { customSchedule, exponentialDecay, type LearningRateSchedule } from '@nophd/training-callbacks';

/**
 * The learning-rate schedule a recipe describes (plain data in `@nophd/models`), as a schedule the
 * `learningRateScheduler` callback runs: an exponential decay per epoch, or a constant rate.
 *
 * @example
 * ```ts
 * const { model, recipe } = createStageModel(3);
 * const scheduler = learningRateScheduler(scheduleOf(recipe), { optimizer: model.optimizer });
 * ```
 */
export function scheduleOf(recipe: Pick<Recipe, 'schedule'>): LearningRateSchedule {
  const spec = recipe.schedule;
  if (spec.kind === 'exponential') return exponentialDecay({ initial: spec.initial, rate: spec.rate });
  return customSchedule(() => spec.value, { per: 'epoch', description: `constant ${spec.value}` });
}
