import { describe, expect, it } from 'vitest';
import { InvalidScheduleError, codelabDecay, customSchedule, exponentialDecay, stepDecay } from '../src/index.js';

describe('learning-rate schedules', () => {
  it('exponentialDecay = initial·rate^epoch, per epoch', () => {
    const s = exponentialDecay({ initial: 0.003, rate: 0.9 });
    expect(s.per).toBe('epoch');
    expect(s({ epoch: 0, step: 999 })).toBeCloseTo(0.003, 12);
    expect(s({ epoch: 2, step: 0 })).toBeCloseTo(0.00243, 12);
  });
  it('exponentialDecay with batchesPerEpoch decays the same per epoch, smoothly before every batch', () => {
    const s = exponentialDecay({ initial: 0.005, rate: 0.2, batchesPerEpoch: 430 });
    expect(s.per).toBe('batch');
    expect(s.description).toBe('0.005·0.2^epoch, every batch');
    expect(s({ epoch: 0, step: 0 })).toBeCloseTo(0.005, 12);
    expect(s({ epoch: 0, step: 215 })).toBeCloseTo(0.005 * Math.sqrt(0.2), 12);
    expect(s({ epoch: 1, step: 430 })).toBeCloseTo(0.001, 12); // the per-epoch rate at each epoch's first batch
    expect(s({ epoch: 1, step: 860 })).toBeCloseTo(0.0002, 12);
    expect(() => exponentialDecay({ initial: 0.005, rate: 0.2, batchesPerEpoch: 0 })).toThrow(/batchesPerEpoch is 0/);
  });
  it('codelabDecay = min + max·e^(−step/speed), per batch', () => {
    const s = codelabDecay({ min: 0.0001, max: 0.003, speed: 2000 });
    expect(s.per).toBe('batch');
    expect(s({ epoch: 0, step: 0 })).toBeCloseTo(0.0031, 12);
    expect(s({ epoch: 3, step: 2000 })).toBeCloseTo(0.0001 + 0.003 / Math.E, 12);
    expect(s({ epoch: 9, step: 1e7 })).toBeCloseTo(0.0001, 12);
  });
  it('stepDecay drops by factor every few epochs', () => {
    const s = stepDecay({ initial: 0.01, factor: 0.5, everyEpochs: 3 });
    expect([0, 2, 3, 5, 6].map((epoch) => s({ epoch, step: 0 }))).toEqual([0.01, 0.01, 0.005, 0.005, 0.0025]);
  });
  it('customSchedule wraps any function', () => {
    const s = customSchedule(({ step }) => (step < 10 ? 0.1 : 0.01), { description: 'two-phase' });
    expect(s.per).toBe('batch');
    expect(s.description).toBe('two-phase');
    expect(s({ epoch: 0, step: 10 })).toBe(0.01);
  });
  it('rejects impossible parameters with a clear error', () => {
    expect(() => exponentialDecay({ initial: 0, rate: 0.9 })).toThrow(InvalidScheduleError);
    expect(() => exponentialDecay({ initial: 0.1, rate: Number.NaN })).toThrow(/rate is NaN/);
    expect(() => codelabDecay({ min: 0, max: 0, speed: 2000 })).toThrow(/both 0/);
    expect(() => codelabDecay({ min: 0.0001, max: 0.003, speed: 0 })).toThrow(/speed is 0/);
    expect(() => stepDecay({ initial: 0.1, everyEpochs: 0 })).toThrow(/everyEpochs is 0/);
    expect(() => customSchedule(42 as never)).toThrow(InvalidScheduleError);
  });
});
