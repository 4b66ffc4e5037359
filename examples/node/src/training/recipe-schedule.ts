import { customSchedule, exponentialDecay, type LearningRateSchedule } from '@nophd/training-callbacks';
import type { Recipe } from '@nophd/models';

/**
 * The recipe with another starting learning rate; an exponential decay keeps its rate.
 *
 * @example
 * withLearningRate(recipe, 0.003).schedule // { kind: 'exponential', initial: 0.003, rate: 0.6 }
 */
export function withLearningRate(recipe: Recipe, learningRate: number | undefined): Recipe {
  if (learningRate === undefined) return recipe;
  const schedule: Recipe['schedule'] =
    recipe.schedule.kind === 'exponential' ? { ...recipe.schedule, initial: learningRate } : { kind: 'constant', value: learningRate };
  return { ...recipe, learningRate, schedule };
}

/**
 * Turns a stage recipe's schedule (plain data) into a schedule the scheduler callback runs.
 *
 * @example
 * learningRateScheduler(scheduleFor(createStageModel(3).recipe));
 */
export function scheduleFor(recipe: Recipe): LearningRateSchedule {
  const spec = recipe.schedule;
  if (spec.kind === 'exponential') return exponentialDecay({ initial: spec.initial, rate: spec.rate });
  return customSchedule(() => spec.value, { per: 'epoch', description: `constant ${spec.value}` });
}
