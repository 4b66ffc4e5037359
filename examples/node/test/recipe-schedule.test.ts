import { describe, expect, it } from 'vitest';
import { STAGES, type Recipe } from '@nophd/models';
import { scheduleFor, withLearningRate } from '../src/training/recipe-schedule.js';

const exponential: Recipe = { ...STAGES[3].recipe, learningRate: 0.01, schedule: { kind: 'exponential', initial: 0.01, rate: 0.5 } };
const constant: Recipe = { ...STAGES[0].recipe, learningRate: 0.5, schedule: { kind: 'constant', value: 0.5 } };

describe('scheduleFor', () => {
  it('decays per epoch as the recipe says, continuing from any epoch', () => {
    const schedule = scheduleFor(exponential);
    expect(schedule.per).toBe('epoch');
    expect(schedule({ epoch: 0, step: 0 })).toBeCloseTo(0.01);
    expect(schedule({ epoch: 3, step: 999 })).toBeCloseTo(0.00125);
  });

  it('keeps a constant rate constant', () => {
    expect(scheduleFor(constant)({ epoch: 7, step: 5000 })).toBe(0.5);
  });
});

describe('withLearningRate', () => {
  it('changes the starting rate and keeps the decay', () => {
    const faster = withLearningRate(exponential, 0.02);
    expect(faster.schedule).toEqual({ kind: 'exponential', initial: 0.02, rate: 0.5 });
    expect(scheduleFor(faster)({ epoch: 1, step: 0 })).toBeCloseTo(0.01);
    expect(withLearningRate(constant, 0.1).schedule).toEqual({ kind: 'constant', value: 0.1 });
    expect(withLearningRate(exponential, undefined)).toBe(exponential);
  });
});
