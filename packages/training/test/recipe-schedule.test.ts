import { describe, expect, it } from 'vitest';
import { describeLearningRate, stageInfo } from '@nophd/models';
import { scheduleOf } from '../src/index.js';

describe('scheduleOf', () => {
  it("describes each recipe's schedule as describeLearningRate does, and runs it", () => {
    const constant = scheduleOf(stageInfo(2).recipe);
    expect([constant.description, constant.per, constant({ epoch: 5, step: 3000 })]).toEqual(['constant 0.001', 'epoch', 0.001]);

    const perEpoch = scheduleOf(stageInfo(4).recipe);
    expect([perEpoch.description, perEpoch.per]).toEqual(['0.005·0.3^epoch', 'epoch']);
    expect(perEpoch({ epoch: 2, step: 0 })).toBeCloseTo(0.005 * 0.3 ** 2, 15);

    const recipe = { schedule: { kind: 'exponential', initial: 0.005, rate: 0.3, every: 'batch' } } as const;
    const smooth = scheduleOf(recipe, 430);
    expect([smooth.description, smooth.per]).toEqual(['0.005·0.3^epoch, every batch', 'batch']);
    expect(smooth({ epoch: 0, step: 215 })).toBeCloseTo(0.005 * 0.3 ** 0.5, 15);

    for (const [schedule, described] of [[constant, stageInfo(2).recipe], [perEpoch, stageInfo(4).recipe], [smooth, recipe]] as const) {
      expect(schedule.description).toBe(describeLearningRate(described));
    }
  });
});
