import { selectBackend } from '@nophd/backend';
import { stageInfo, type StageNumber } from '@nophd/models';
import { getLearningRate } from '@nophd/training-callbacks';
import { DEFAULT_SEED, evaluate, scheduleOf, train } from '@nophd/training';
import * as tf from '@tensorflow/tfjs-core';
import type { EpochRecord, TimeToAccuracyResult, TimeToAccuracyTask } from '../tasks.js';
import { useBackend } from './backend.js';
import { loadLikePnpmTrain } from './pnpm-train-data.js';

/**
 * Trains a stage as `pnpm train` does — `train()` from @nophd/training with the stage's recipe, DEFAULT_SEED
 * and the same split — and measures the wall time until the test accuracy, evaluated on the whole test set
 * after every epoch, first reaches the target; the run is stopped there.
 * Loading MNIST is not in the time (it is measured on its own); the evaluations are.
 */
export async function measureTimeToAccuracy(task: TimeToAccuracyTask): Promise<TimeToAccuracyResult> {
  // pnpm train's own call (examples/node/src/training/run-training.ts): threads on the cores that are idle now.
  const selection = task.backend === 'auto' ? await selectBackend({ backend: 'auto' }) : await useBackend(task.backend);
  const data = await loadLikePnpmTrain();
  const stage = task.stage as StageNumber;
  const recipe = stageInfo(stage).recipe;
  const epochs: EpochRecord[] = [];
  let reached = false;
  let epochStarted = 0;
  let started = 0;

  const run = train({
    stage,
    data,
    seed: DEFAULT_SEED,
    epochs: Math.min(task.maxEpochs, recipe.epochs),
    callbacks: [
      {
        onTrainBegin: () => {
          started = performance.now();
        },
        onEpochBegin: () => {
          epochStarted = performance.now();
        },
        onEpochEnd: async (epoch: number) => {
          const evaluateStarted = performance.now();
          const { accuracy } = await evaluate(run.model!, data.test, { worst: 0 });
          const now = performance.now();
          epochs.push({
            epoch: epoch + 1,
            elapsedSeconds: (now - started) / 1000,
            trainSeconds: (evaluateStarted - epochStarted) / 1000,
            evaluateSeconds: (now - evaluateStarted) / 1000,
            testAccuracy: accuracy,
            learningRate: getLearningRate(run.model!.optimizer) ?? Number.NaN,
            numTensors: tf.memory().numTensors,
          });
          process.stderr.write(`      epoch ${epoch + 1}: ${(accuracy * 100).toFixed(2)}% test accuracy\n`);
          if (accuracy >= task.targetAccuracy) {
            reached = true;
            run.stop();
          }
        },
      },
    ],
  });
  await run.result;
  run.dispose();

  return {
    kind: 'time-to-accuracy',
    stage: task.stage,
    backend: task.backend,
    backendLabel: selection.label,
    recipe: {
      optimizer: recipe.optimizer,
      learningRate: recipe.learningRate,
      batchSize: recipe.batchSize,
      epochs: recipe.epochs,
      schedule: scheduleOf(recipe, Math.ceil(data.train.size / recipe.batchSize)).description,
    },
    trainImages: data.train.size,
    testImages: data.test.size,
    targetAccuracy: task.targetAccuracy,
    reached,
    seconds: epochs.length > 0 ? epochs[epochs.length - 1]!.elapsedSeconds : 0,
    epochs,
  };
}
