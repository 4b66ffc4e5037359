import '@tensorflow/tfjs-backend-cpu';
import { loadMnist } from '@nophd/mnist-data';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStage } from '../src/measure/stage.js';
import { timeTrainingSteps, trainingStepImages } from '../src/measure/training-steps.js';

// What is checked is the bookkeeping (steps trained, warm-up dropped, run stopped, nothing leaked), never a time.
describe('timeTrainingSteps', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('trains exactly the warm-up and timed steps through train(), returns the timed ones and leaks nothing', async () => {
    const batchSize = 16;
    const data = await loadMnist({ trainSize: trainingStepImages(batchSize, 5), testSize: 1 });
    const { model, recipe } = buildStage(1);
    const trained: number[] = [];
    const trainOnBatch = model.trainOnBatch.bind(model);
    model.trainOnBatch = (xs, ys) => {
      trained.push((xs as tf.Tensor).shape[0]);
      return trainOnBatch(xs, ys);
    };
    const before = tf.memory().numTensors;
    const weightsBefore = (model.getWeights()[0] as tf.Tensor).dataSync().slice();

    const ms = await timeTrainingSteps({ model, recipe, images: data.train, batchSize, warmupBatches: 2, timedBatches: 3 });

    expect(ms).toHaveLength(3);
    for (const step of ms) expect(step).toBeGreaterThan(0);
    expect(trained).toEqual([16, 16, 16, 16, 16]); // stopped right after the last timed step
    expect((model.getWeights()[0] as tf.Tensor).dataSync()).not.toEqual(weightsBefore);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('says how many images to load when the split is smaller than a batch', async () => {
    const data = await loadMnist({ trainSize: 8, testSize: 1 });
    const { model, recipe } = buildStage(1);
    await expect(timeTrainingSteps({ model, recipe, images: data.train, batchSize: 16, warmupBatches: 1, timedBatches: 1 })).rejects.toThrow(
      /fewer than one batch of 16: load trainingStepImages\(16, 2\) images/,
    );
    model.dispose();
  });
});
