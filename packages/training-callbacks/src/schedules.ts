import { InvalidScheduleError } from './errors.js';

/** Where training is when a rate is asked for: `epoch` (0-based) and `step` (batches completed so far). */
export interface TrainingPosition {
  epoch: number;
  step: number;
}

/**
 * A learning rate as a pure function of the training position. `per` says when it can change:
 * `'epoch'` schedules are applied at the start of each epoch, `'batch'` ones before every batch.
 */
export interface LearningRateSchedule {
  (at: TrainingPosition): number;
  readonly per: 'epoch' | 'batch';
  /** Human-readable formula, e.g. for logs. */
  readonly description: string;
}

function makeSchedule(per: 'epoch' | 'batch', description: string, fn: (at: TrainingPosition) => number): LearningRateSchedule {
  return Object.assign((at: TrainingPosition) => fn(at), { per, description });
}

function requirePositive(schedule: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidScheduleError(schedule, `${name} is ${String(value)}`, `Pass a finite number > 0 as ${name}.`);
  }
  return value;
}

function requireNonNegative(schedule: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidScheduleError(schedule, `${name} is ${String(value)}`, `Pass a finite number ≥ 0 as ${name}.`);
  }
  return value;
}

/**
 * `initial · rate^epoch`, changed once per epoch; with `batchesPerEpoch`, the same decay before every batch:
 * `initial · rate^(step / batchesPerEpoch)` (step = batches trained so far), which matches the per-epoch rate at
 * each epoch's first batch and falls smoothly in between.
 *
 * @example
 * const schedule = exponentialDecay({ initial: 0.003, rate: 0.9 });
 * schedule({ epoch: 2, step: 0 }); // 0.00243
 * const smooth = exponentialDecay({ initial: 0.005, rate: 0.2, batchesPerEpoch: 430 });
 * smooth({ epoch: 0, step: 215 }); // 0.005 · 0.2^0.5 ≈ 0.00224
 */
export function exponentialDecay(options: { initial: number; rate: number; batchesPerEpoch?: number }): LearningRateSchedule {
  const initial = requirePositive('exponentialDecay', 'initial', options?.initial);
  const rate = requirePositive('exponentialDecay', 'rate', options?.rate);
  if (options.batchesPerEpoch === undefined) return makeSchedule('epoch', `${initial}·${rate}^epoch`, ({ epoch }) => initial * rate ** epoch);
  const perEpoch = requirePositive('exponentialDecay', 'batchesPerEpoch', options.batchesPerEpoch);
  return makeSchedule('batch', `${initial}·${rate}^epoch, every batch`, ({ step }) => initial * rate ** (step / perEpoch));
}

/**
 * The codelab's decay, per batch: `min + max · e^(−step/speed)`; the codelab uses
 * `{ min: 0.0001, max: 0.003, speed: 2000 }` (starts at 0.0031, settles at 0.0001).
 *
 * @example
 * const schedule = codelabDecay({ min: 0.0001, max: 0.003, speed: 2000 });
 * schedule({ epoch: 0, step: 2000 }); // 0.0001 + 0.003/e ≈ 0.0012
 */
export function codelabDecay(options: { min: number; max: number; speed: number }): LearningRateSchedule {
  const min = requireNonNegative('codelabDecay', 'min', options?.min);
  const max = requireNonNegative('codelabDecay', 'max', options?.max);
  const speed = requirePositive('codelabDecay', 'speed', options?.speed);
  if (min + max <= 0) {
    throw new InvalidScheduleError('codelabDecay', 'min and max are both 0', 'Give max the starting rate, e.g. 0.003.');
  }
  return makeSchedule('batch', `${min} + ${max}·e^(−step/${speed})`, ({ step }) => min + max * Math.exp(-step / speed));
}

/**
 * `initial · factor^floor(epoch / everyEpochs)`: drop the rate by `factor` every few epochs.
 *
 * @example
 * const schedule = stepDecay({ initial: 0.01, factor: 0.5, everyEpochs: 3 });
 * schedule({ epoch: 6, step: 0 }); // 0.0025
 */
export function stepDecay(options: { initial: number; factor?: number; everyEpochs?: number }): LearningRateSchedule {
  const initial = requirePositive('stepDecay', 'initial', options?.initial);
  const factor = requirePositive('stepDecay', 'factor', options?.factor ?? 0.5);
  const every = options?.everyEpochs ?? 10;
  if (!Number.isInteger(every) || every < 1) {
    throw new InvalidScheduleError('stepDecay', `everyEpochs is ${String(every)}`, 'Pass a whole number ≥ 1.');
  }
  return makeSchedule('epoch', `${initial}·${factor}^floor(epoch/${every})`, ({ epoch }) => initial * factor ** Math.floor(epoch / every));
}

/**
 * Any rate you can compute from `{ epoch, step }`; applied before every batch unless `per: 'epoch'`.
 *
 * @example
 * const warmup = customSchedule(({ step }) => Math.min(1, (step + 1) / 100) * 0.003);
 */
export function customSchedule(
  fn: (at: TrainingPosition) => number,
  options: { per?: 'epoch' | 'batch'; description?: string } = {},
): LearningRateSchedule {
  if (typeof fn !== 'function') {
    throw new InvalidScheduleError('customSchedule', `expected a function, got ${typeof fn}`, 'Pass ({ epoch, step }) => rate.');
  }
  if (options === null || typeof options !== 'object') {
    throw new InvalidScheduleError('customSchedule', `options is ${String(options)}`, "Pass e.g. { per: 'epoch' }, or leave it out.");
  }
  const per = options.per ?? 'batch';
  if (per !== 'epoch' && per !== 'batch') {
    throw new InvalidScheduleError('customSchedule', `per is ${JSON.stringify(per)}`,
      "Pass per: 'batch' (the default: the rate is set before every batch) or per: 'epoch' (at the start of each epoch).");
  }
  if (options.description !== undefined && typeof options.description !== 'string') {
    throw new InvalidScheduleError('customSchedule', `description is ${typeof options.description}`, 'Pass a short text such as "warm-up then 0.003".');
  }
  return makeSchedule(per, options.description ?? 'custom', fn);
}
