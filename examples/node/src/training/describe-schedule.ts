import type { Recipe } from '@nophd/models';

/**
 * A recipe's learning rate in a few characters: `0.003·0.6^epoch` when it decays, `0.001` when constant.
 * `learningRate` (pnpm train --learning-rate) replaces the starting rate.
 *
 * @example
 * describeSchedule(stageInfo(4).recipe); // '0.003·0.6^epoch'
 */
export function describeSchedule(recipe: Recipe, learningRate?: number): string {
  const s = recipe.schedule;
  return s.kind === 'exponential' ? `${learningRate ?? s.initial}·${s.rate}^epoch` : `${learningRate ?? s.value}`;
}
