import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { MnistData } from '@nophd/mnist-data';
import { createStageModel, disposeModel, stageInfo } from '@nophd/models';
import {
  CheckpointError,
  evaluate,
  memoryCheckpoints,
  NonFiniteWeightsError,
  ResumeMismatchError,
  scheduleOf,
  train,
  TrainingOptionError,
} from '../src/index.js';
import { smallMnist, weightsFingerprint } from './helpers.js';

let data: MnistData;
beforeAll(async () => {
  data = await smallMnist();
});

describe('train()', () => {
  it('trains stage 1 by its recipe, records history and validation, and learns', async () => {
    const run = train({ stage: 1, data, epochs: 2 });
    const result = await run.result;
    expect(result.status).toBe('completed');
    expect(result.epochsCompleted).toBe(2);
    expect(result.iteration).toBe(2 * Math.ceil(2000 / stageInfo(1).recipe.batchSize));
    expect(result.history.train.length).toBeGreaterThan(10);
    expect(result.history.validation).toHaveLength(2);
    expect(result.validation!.accuracy).toBeGreaterThan(0.8);
    const scored = await evaluate(result.model, data.test);
    expect(scored.accuracy).toBeGreaterThan(0.8);
    run.dispose();
  });

  it('shows callbacks the batch being trained, and frees it once they return', async () => {
    const seen: { xs: tf.Tensor; ys: tf.Tensor; labels: number[] }[] = [];
    const run = train({
      stage: 1, data, epochs: 1,
      callbacks: [{ onBatchEnd: async () => {
        const batch = run.batch!;
        const labels = tf.argMax(batch.ys, -1);
        seen.push({ ...batch, labels: Array.from(await labels.data()) });
        labels.dispose();
        if (seen.length === 3) run.stop();
      } }],
    });
    await run.result;
    const size = stageInfo(1).recipe.batchSize;
    expect(seen).toHaveLength(3);
    expect(seen[0]!.xs.shape).toEqual([size, 784]);
    expect(seen[0]!.labels).toHaveLength(size);
    expect(seen[0]!.labels).not.toEqual(seen[1]!.labels);
    expect(seen.every(({ xs, ys }) => xs.isDisposed && ys.isDisposed)).toBe(true);
    expect(run.batch).toBeUndefined();
    run.dispose();
  });

  it('a run stopped mid-epoch and resumed ends with exactly the weights of an uninterrupted one (stage 3: Adam, decay, dropout)', async () => {
    const options = { stage: 3 as const, data, epochs: 2, seed: 7 };
    const whole = train(options);
    const expected = await weightsFingerprint((await whole.result).model);
    whole.dispose();

    const checkpoints = memoryCheckpoints();
    const controller = new AbortController();
    const first = train({ ...options, checkpoints, signal: controller.signal, callbacks: [{ onBatchEnd: () => (first.iteration === 20 ? controller.abort() : undefined) }] });
    const stopped = await first.result;
    expect(stopped.status).toBe('stopped');
    expect(stopped.iteration).toBe(20);
    expect(stopped.saved).toBe(true);
    first.dispose();
    const saved = await checkpoints.latest();
    expect(saved!.state).toMatchObject({ epoch: 1, batchInEpoch: 4, iteration: 20, seed: 7 });

    const second = train({ ...options, checkpoints, resume: true });
    const resumed = await second.result;
    expect(resumed.status).toBe('completed');
    expect(resumed.iteration).toBe(32);
    expect(await weightsFingerprint(resumed.model)).toEqual(expected);
    expect(resumed.history.validation).toHaveLength(2);
    second.dispose();
  });

  it("applies a recipe's smooth decay (every: 'batch') before every batch, and a resumed run continues the curve", async () => {
    const recipe = { schedule: { kind: 'exponential', initial: 0.4, rate: 0.5, every: 'batch' } as const, learningRate: 0.4 };
    const perEpoch = Math.ceil(2000 / stageInfo(1).recipe.batchSize);
    const expected = (step: number) => 0.4 * 0.5 ** (step / perEpoch);
    const rates: number[] = [];
    const record = { onBatchEnd: (_batch: number, logs?: { lr?: number }) => void rates.push(logs!.lr!) };
    const checkpoints = memoryCheckpoints();
    const first = train({ stage: 1, data, epochs: 2, recipe, checkpoints, callbacks: [record, { onBatchEnd: () => (first.iteration === 7 ? first.stop() : undefined) }] });
    await first.result;
    first.dispose();
    const second = train({ stage: 1, data, epochs: 2, checkpoints, resume: true, callbacks: [record] });
    await second.result;
    second.dispose();
    expect(rates).toHaveLength(2 * perEpoch);
    rates.forEach((rate, step) => expect(rate).toBeCloseTo(expected(step), 10));
    expect(() => scheduleOf({ schedule: recipe.schedule })).toThrow(/batchesPerEpoch/);
  });

  it('frees everything it creates: five create-train-dispose cycles leave the tensor count where it was', async () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const run = train({ stage: 2, data, epochs: 1, checkpoints: memoryCheckpoints() });
      await run.result;
      run.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pauses after the current batch and resumes', async () => {
    const run = train({ stage: 1, data, epochs: 1, callbacks: [{ onBatchEnd: () => (run.iteration === 3 ? run.pause() : undefined) }] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(run.status).toBe('paused');
    expect(run.iteration).toBe(3);
    run.resume();
    const result = await run.result;
    expect(result.iteration).toBe(20);
    run.dispose();
  });

  it('refuses to overwrite a store that holds a checkpoint, and to resume with another seed', async () => {
    const checkpoints = memoryCheckpoints();
    const run = train({ stage: 1, data, epochs: 1, checkpoints });
    await run.result;
    run.dispose();
    await expect(train({ stage: 1, data, epochs: 1, checkpoints }).result).rejects.toThrow(CheckpointError);
    await expect(train({ stage: 1, data, epochs: 1, checkpoints }).result).rejects.toThrow(/resume: true/);
    await expect(train({ data, epochs: 2, checkpoints, resume: true, seed: 8 }).result).rejects.toThrow(ResumeMismatchError);
    await expect(train({ data, epochs: 2, checkpoints, resume: true, seed: 8 }).result).rejects.toThrow(/seed 42, but 8/);
  });

  it('stops with the epoch, the weight and the likely cause when weights turn NaN, and saves nothing', async () => {
    const checkpoints = memoryCheckpoints();
    const { model, recipe } = createStageModel(2);
    const poison = {
      onBatchEnd: () => {
        // getWeights() hands out the variables themselves: only the NaN tensor made here is ours to free.
        const [kernel, bias] = model.layers[1].getWeights();
        const nan = tf.fill(kernel.shape, Number.NaN);
        model.layers[1].setWeights([nan, bias]);
        nan.dispose();
      },
    };
    const run = train({ model, recipe, data, epochs: 1, checkpoints, callbacks: [poison] });
    await expect(run.result).rejects.toThrow(NonFiniteWeightsError);
    await expect(run.result).rejects.toThrow(/learning rate that is too high/);
    expect(await checkpoints.latest()).toBeUndefined();
    disposeModel(model);
  });

  it('rejects bad options with a message naming the option and the way out', () => {
    expect(() => train({ stage: 2, data, learningRate: 1e9 })).toThrow(TrainingOptionError);
    expect(() => train({ stage: 2, data, learningRate: 1e9 })).toThrow(/below 10/);
    expect(() => train({ stage: 2, data, epochs: 0 })).toThrow(/epochs is 0/);
    expect(() => train({ data } as never)).toThrow(/stage is missing/);
    expect(() => train({ stage: 2, data: {} } as never)).toThrow(/loadMnist/);
    expect(() => train({ stage: 2, data, seed: -1 })).toThrow(/seed/);
  });
});
