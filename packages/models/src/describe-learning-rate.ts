import type { Recipe } from './recipe.js';

/**
 * A recipe's learning-rate schedule in a few characters, as the READMEs, `pnpm train`, the web page's stage picker
 * and `scheduleOf(recipe).description` (`@nophd/training`) write it: `0.003·0.8^epoch` for a decay once an epoch,
 * `0.005·0.3^epoch, every batch` for the same decay applied smoothly before every batch, `constant 0.001` for a
 * rate that never changes. For another starting rate, describe `withLearningRate(recipe, rate)`.
 *
 * @example
 * ```ts
 * describeLearningRate(stageInfo(3).recipe); // '0.003·0.8^epoch'
 * describeLearningRate(stageInfo(2).recipe); // 'constant 0.001'
 * describeLearningRate(withLearningRate(stageInfo(3).recipe, 0.01)); // '0.01·0.8^epoch'
 * describeLearningRate({ schedule: { kind: 'exponential', initial: 0.005, rate: 0.3, every: 'batch' } }); // '0.005·0.3^epoch, every batch'
 * ```
 */
export function describeLearningRate(recipe: Pick<Recipe, 'schedule'>): string {
  const { schedule } = recipe;
  switch (schedule.kind) {
    case 'constant':
      return `constant ${schedule.value}`;
    case 'exponential':
      return `${schedule.initial}·${schedule.rate}^epoch${schedule.every === 'batch' ? ', every batch' : ''}`;
  }
}
