import type * as tfl from '@tensorflow/tfjs-layers';
import type { Recipe } from '@nophd/models';
import { customSchedule, exponentialDecay, learningRateScheduler, type LearningRateSchedule } from '@nophd/training-callbacks';

/** The recipe's schedule (plain data in @nophd/models) as a training-callbacks schedule. */
export function scheduleOf(recipe: Recipe): LearningRateSchedule {
  const { schedule } = recipe;
  return schedule.kind === 'exponential'
    ? exponentialDecay({ initial: schedule.initial, rate: schedule.rate })
    : customSchedule(() => schedule.value, { per: 'epoch', description: String(schedule.value) });
}

/** A learning-rate scheduler callback that sets the model's optimizer rate for real, driven by our own loop. */
export function recipeLearningRate(model: tfl.LayersModel, recipe: Recipe) {
  return learningRateScheduler(scheduleOf(recipe), { model });
}
