import { customSchedule, exponentialDecay, type LearningRateSchedule } from '@nophd/training-callbacks';
import type { Recipe } from '@nophd/models';

/**
 * Turns a stage recipe's schedule (plain data) into a schedule the scheduler callback runs.
 * `learningRate` overrides the recipe's starting rate (the decay stays the same).
 *
 * @example
 * learningRateScheduler(scheduleFor(createStageModel(3).recipe));
 */
export function scheduleFor(recipe: Recipe, learningRate?: number): LearningRateSchedule {
  const spec = recipe.schedule;
  if (spec.kind === 'exponential') {
    return exponentialDecay({ initial: learningRate ?? spec.initial, rate: spec.rate });
  }
  const value = learningRate ?? spec.value;
  return customSchedule(() => value, { per: 'epoch', description: `constant ${value}` });
}
