import * as tf from '@tensorflow/tfjs-core';
import type { EpochRecord, TimeToAccuracyResult, TimeToAccuracyTask } from '../tasks.js';
import { useBackend } from './backend.js';
import { splitAccuracy } from './evaluate.js';
import { buildTrainingStage, currentLearningRate, fitLikePnpmTrain, loadTrainingData, scheduleFor } from './train-like-pnpm-train.js';

/**
 * Trains a stage as `pnpm train` does (its data split, seed, batches, schedule and validation) and measures
 * the wall time until the test accuracy, evaluated on the whole test set after every epoch, first reaches
 * the target.
 * Loading MNIST is not in the time (it is measured on its own); the evaluations are.
 */
export async function measureTimeToAccuracy(task: TimeToAccuracyTask): Promise<TimeToAccuracyResult> {
  const selection = await useBackend(task.backend);
  const data = await loadTrainingData();
  const { model, recipe } = buildTrainingStage(task.stage);
  const epochs: EpochRecord[] = [];
  let reached = false;
  let epochStarted = 0;
  const started = performance.now();

  await fitLikePnpmTrain(model, recipe, data, Math.min(task.maxEpochs, recipe.epochs), {
    onEpochBegin: async () => {
      epochStarted = performance.now();
    },
    onEpochEnd: async (epoch) => {
      const evaluateStarted = performance.now();
      const testAccuracy = await splitAccuracy(model, data.test, recipe.inputShape);
      const now = performance.now();
      epochs.push({
        epoch: epoch + 1,
        elapsedSeconds: (now - started) / 1000,
        trainSeconds: (evaluateStarted - epochStarted) / 1000,
        evaluateSeconds: (now - evaluateStarted) / 1000,
        testAccuracy,
        learningRate: currentLearningRate(model),
        numTensors: tf.memory().numTensors,
      });
      process.stderr.write(`      epoch ${epoch + 1}: ${(testAccuracy * 100).toFixed(2)}% test accuracy\n`);
      if (testAccuracy >= task.targetAccuracy) {
        reached = true;
        model.stopTraining = true;
      }
    },
  });

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
      schedule: scheduleFor(recipe).description,
    },
    trainImages: data.train.size,
    testImages: data.test.size,
    targetAccuracy: task.targetAccuracy,
    reached,
    seconds: epochs.length > 0 ? epochs[epochs.length - 1].elapsedSeconds : 0,
    epochs,
  };
}
