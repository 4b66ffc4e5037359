import type { MnistSplit } from '@nophd/mnist-data';
import type { Recipe } from '@nophd/models';
import { train } from '@nophd/training';
import type { LayersModel } from '@tensorflow/tfjs-layers';

export interface TrainingStepsOptions {
  /** A compiled model; it keeps its weights and optimizer state from one call to the next. */
  model: LayersModel;
  recipe: Recipe;
  /** Training images; {@link trainingStepImages} says how many make every step a fresh, full batch. */
  images: MnistSplit;
  batchSize: number;
  /** Untimed steps first: kernel set-up, weight allocation, optimizer slots. */
  warmupBatches: number;
  timedBatches: number;
}

/**
 * Images for `batches` steps of `batchSize` within one epoch, plus the batch train() draws before it sees
 * the stop: every step is a full batch of images not seen before, and no epoch's end (shuffle, weight check)
 * falls among the timed steps, which in a real run happens once every few hundred steps.
 */
export function trainingStepImages(batchSize: number, batches: number): number {
  return batchSize * (batches + 1);
}

/**
 * Milliseconds of each timed training step as `train()` from @nophd/training runs it — the loop users get:
 * batch drawn from the split, seeded dropout, forward + backward + optimizer update, loss read back,
 * callbacks, the loop's yields to the event loop. A step is the time from one batch's end to the next
 * (the first from the epoch's start); the warm-up steps are dropped and the run is stopped after the last
 * timed one.
 */
export async function timeTrainingSteps(options: TrainingStepsOptions): Promise<number[]> {
  const { model, recipe, images, batchSize, warmupBatches, timedBatches } = options;
  const steps = warmupBatches + timedBatches;
  if (steps === 0) return [];
  if (images.size < batchSize) {
    throw new RangeError(`The split has ${images.size} images, fewer than one batch of ${batchSize}: load trainingStepImages(${batchSize}, ${steps}) images.`);
  }
  const stamps: number[] = [];
  const batchesPerEpoch = Math.floor(images.size / batchSize);
  const run = train({
    model,
    recipe: { ...recipe, batchSize },
    data: { train: images },
    epochs: Math.ceil(steps / batchesPerEpoch) + 1,
    callbacks: [
      {
        onEpochBegin: () => {
          if (stamps.length === 0) stamps.push(performance.now());
        },
        onBatchEnd: () => {
          stamps.push(performance.now());
          if (stamps.length === steps + 1) run.stop();
        },
      },
    ],
  });
  await run.result; // the model stays the caller's: train() does not dispose a model it was given
  const ms = stamps.slice(1).map((stamp, i) => stamp - stamps[i]!);
  return ms.slice(warmupBatches);
}
