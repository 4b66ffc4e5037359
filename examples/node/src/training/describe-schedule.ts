import type { Recipe } from '@nophd/models';

/**
 * A recipe's learning rate in a few characters: `0.01·0.666^epoch` when it decays once an epoch,
 * `0.005·0.2^epoch, every batch` when it decays smoothly, `0.001` when constant.
 * `learningRate` (pnpm train --learning-rate) replaces the starting rate.
 *
 * @example
 * describeSchedule(stageInfo(5).recipe); // '0.01·0.666^epoch'
 */
export function describeSchedule(recipe: Recipe, learningRate?: number): string {
  const s = recipe.schedule;
  if (s.kind !== 'exponential') return `${learningRate ?? s.value}`;
  return `${learningRate ?? s.initial}·${s.rate}^epoch${s.every === 'batch' ? ', every batch' : ''}`;
}
