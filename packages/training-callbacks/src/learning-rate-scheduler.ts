import type { Optimizer } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { checkOptionsObject, optionalFunction } from './check-options.js';
import { InvalidScheduleError, MissingModelError } from './errors.js';
import type { LogsLike } from './logs.js';
import { setLearningRate } from './optimizer-learning-rate.js';
import type { LearningRateSchedule, TrainingPosition } from './schedules.js';
import { TrainingCallback } from './training-callback.js';

/** Options of {@link learningRateScheduler}. */
export interface LearningRateSchedulerOptions {
  /** The optimizer to drive. Default: the model's (from model.fit, or `model`). */
  optimizer?: Optimizer;
  model?: LayersModel;
  /** Called whenever the rate changes. */
  onChange?: (learningRate: number, at: TrainingPosition) => void;
}

/** Sets the optimizer's learning rate from a schedule; see {@link learningRateScheduler}. */
export class LearningRateScheduler extends TrainingCallback {
  /** Every rate that was set, with the iteration (batches completed) it applied from. */
  readonly history: { iteration: number; epoch: number; value: number }[] = [];
  /** The rate in force now. */
  current: number | undefined;

  constructor(
    readonly schedule: LearningRateSchedule,
    private readonly options: LearningRateSchedulerOptions = {},
  ) {
    checkOptionsObject('learningRateScheduler', options);
    super({ model: options.model });
    optionalFunction('learningRateScheduler', 'onChange', options.onChange);
    if (typeof schedule !== 'function') {
      throw new InvalidScheduleError('learningRateScheduler', `schedule is ${typeof schedule}`, 'Pass e.g. exponentialDecay({ initial, rate }).');
    }
  }

  private apply(): void {
    const at = { epoch: this.epoch, step: this.iteration };
    const value = this.schedule(at);
    if (!Number.isFinite(value) || value < 0) {
      throw new InvalidScheduleError(
        `learningRateScheduler (${this.schedule.description})`,
        `the schedule returned ${value} at epoch ${at.epoch}, step ${at.step}`,
        'A learning rate must be a finite number ≥ 0.',
      );
    }
    const optimizer = this.options.optimizer ?? this.modelOptimizer;
    if (!optimizer) throw new MissingModelError('learningRateScheduler', 'an optimizer (compile the model first)');
    if (value === this.current) return;
    setLearningRate(optimizer, value);
    this.current = value;
    this.history.push({ iteration: this.iteration, epoch: this.epoch, value });
    this.options.onChange?.(value, at);
  }

  protected override async trainBegin(): Promise<void> {
    this.current = undefined; // re-apply: the optimizer may have been changed since the last run
  }
  protected override async epochBegin(): Promise<void> {
    if (this.schedule.per === 'epoch') this.apply();
  }
  protected override async batchBegin(_batch: number, logs: LogsLike): Promise<void> {
    if (this.schedule.per === 'batch' || this.current === undefined) this.apply();
    // logs.lr lets later callbacks (progress, history) show the rate without knowing the optimizer.
    if (logs && this.current !== undefined) logs.lr = this.current;
  }
}

/**
 * A callback that sets the optimizer's learning rate from `schedule` for real (SGD/Momentum through
 * `setLearningRate`, Adam & co. through their `learningRate` field) — per epoch or per batch, as the schedule says —
 * and records every change in `.history`.
 *
 * @example
 * const scheduler = learningRateScheduler(codelabDecay({ min: 0.0001, max: 0.003, speed: 2000 }), {
 *   onChange: (lr) => console.log('lr', lr),
 * });
 * await model.fit(xs, ys, { epochs: 5, callbacks: [scheduler] });
 */
export function learningRateScheduler(
  schedule: LearningRateSchedule,
  options: LearningRateSchedulerOptions = {},
): LearningRateScheduler {
  return new LearningRateScheduler(schedule, options);
}
