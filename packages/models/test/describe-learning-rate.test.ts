import { describe, expect, it } from 'vitest';
import { describeLearningRate, STAGES, withLearningRate, type LearningRateScheduleSpec } from '../src/index.js';

const describeSchedule = (schedule: LearningRateScheduleSpec) => describeLearningRate({ schedule });

describe('describeLearningRate', () => {
  it("puts every stage's schedule in the READMEs' words", () => {
    expect(STAGES.map((info) => describeLearningRate(info.recipe))).toEqual([
      'constant 0.5',
      'constant 0.001',
      '0.003·0.8^epoch',
      '0.005·0.3^epoch',
      '0.01·0.666^epoch',
      '0.001·0.5^epoch',
    ]);
  });

  it("says when an exponential decay is applied before every batch, and not when it is per epoch (the default)", () => {
    expect(describeSchedule({ kind: 'exponential', initial: 0.005, rate: 0.3, every: 'batch' })).toBe('0.005·0.3^epoch, every batch');
    expect(describeSchedule({ kind: 'exponential', initial: 0.005, rate: 0.3, every: 'epoch' })).toBe('0.005·0.3^epoch');
  });

  it('describes the recipe withLearningRate gives: the new start, the same decay', () => {
    const [, dense, dropout] = STAGES;
    expect(describeLearningRate(withLearningRate(dropout.recipe, 0.01))).toBe('0.01·0.8^epoch');
    expect(describeLearningRate(withLearningRate(dropout.recipe, 0.01, 0.5))).toBe('0.01·0.5^epoch');
    expect(describeLearningRate(withLearningRate(dense.recipe, 0.0003))).toBe('constant 0.0003');
  });

  it("writes numbers as JavaScript prints them", () => {
    expect(describeSchedule({ kind: 'constant', value: 1e-4 })).toBe('constant 0.0001');
    expect(describeSchedule({ kind: 'exponential', initial: 1e-7, rate: 1 })).toBe('1e-7·1^epoch');
  });
});
