import { percentileBands } from '@nophd/visual-percentile-bands';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  callbackRunner,
  customSchedule,
  defaultVariableGroup,
  getLearningRate,
  learningRateScheduler,
  metricsHistory,
  nanGuard,
  percentileSampler,
} from '../src/index.js';
import { tf, tfl, toyData, toyModel, useCpu } from './helpers.js';

beforeAll(useCpu);

describe('metricsHistory', () => {
  it('records train every N batches, validation on its subset every epoch, and the learning rate', async () => {
    const { xs, ys } = toyData(64);
    const test = toyData(40, 2);
    const model = toyModel(tf.train.sgd(0.2));
    const history = metricsHistory({ everyBatches: 2, validation: test });
    await model.fit(xs, ys, { epochs: 3, batchSize: 16, callbacks: [history] });
    const { train, validation, learningRate } = history.data;
    expect(train.map((p) => p.iteration)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(train.map((p) => p.epoch)).toEqual([0, 0, 1, 1, 2, 2]);
    for (const p of train) {
      expect(p.loss).toBeGreaterThan(0);
      expect(p.accuracy).toBeGreaterThanOrEqual(0);
      expect(p.accuracy).toBeLessThanOrEqual(1);
    }
    expect(validation.map((p) => [p.epoch, p.iteration])).toEqual([[0, 4], [1, 8], [2, 12]]);
    // The recorded validation loss is the model's real loss on those 40 examples.
    const [loss] = model.evaluate(test.xs, test.ys) as tf.Scalar[];
    expect(validation[2].loss).toBeCloseTo(loss.dataSync()[0], 5);
    expect(learningRate).toEqual(train.map((p) => ({ iteration: p.iteration, value: 0.2 })));
    const curves = history.curves('accuracy');
    expect(curves.map((c) => [c.label, c.points.length])).toEqual([['training accuracy', 6], ['validation accuracy', 3]]);
    expect(JSON.parse(JSON.stringify(history.data))).toEqual(history.data); // plain data
    tf.dispose([xs, ys, test.xs, test.ys, loss]);
    model.dispose();
  });

  it("falls back to fit's validationData logs, and can evaluate every N batches", async () => {
    const { xs, ys } = toyData(32);
    const test = toyData(20, 3);
    const model = toyModel(tf.train.sgd(0.1));
    const fromLogs = metricsHistory({ everyBatches: 4 });
    const everyTwo = metricsHistory({ everyBatches: 1, validation: { ...test, everyBatches: 2 } });
    await model.fit(xs, ys, { epochs: 2, batchSize: 8, validationData: [test.xs, test.ys], callbacks: [fromLogs, everyTwo] });
    expect(fromLogs.data.validation).toHaveLength(2);
    expect(fromLogs.data.validation[1].accuracy).toBeGreaterThanOrEqual(0);
    expect(everyTwo.data.validation.map((p) => p.iteration)).toEqual([2, 4, 6, 8]);
    tf.dispose([xs, ys, test.xs, test.ys]);
    model.dispose();
  });

  it('works with model.fitDataset', async () => {
    const model = toyModel(tf.train.sgd(0.1));
    const dataset = {
      iterator: async () => ({
        next: async () => ({ value: toyData(8, Math.floor(Math.random() * 1000)), done: false }),
      }),
    };
    const history = metricsHistory({ everyBatches: 1 });
    const scheduler = learningRateScheduler(customSchedule(({ step }) => 0.1 / (1 + step)));
    const before = tf.memory().numTensors;
    await model.fitDataset(dataset as never, { epochs: 2, batchesPerEpoch: 5, callbacks: [scheduler, history] });
    expect(history.data.train).toHaveLength(10);
    expect(history.data.learningRate.at(-1)!.value).toBeCloseTo(0.1 / 10, 12);
    expect(getLearningRate(model.optimizer)).toBeCloseTo(0.01, 12);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('percentileSampler', () => {
  function convModel() {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3, activation: 'relu' }),
        tfl.layers.batchNormalization(),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    return model;
  }

  it('groups kernels as weights, biases and BN beta as biases, skips gamma', () => {
    expect(defaultVariableGroup('conv2d_Conv2D1/kernel')).toBe('weights');
    expect(defaultVariableGroup('dense_Dense1/bias')).toBe('biases');
    expect(defaultVariableGroup('batch_normalization_BatchNormalization1/beta')).toBe('biases');
    expect(defaultVariableGroup('batch_normalization_BatchNormalization1/gamma')).toBe('skip');
    expect(defaultVariableGroup('depthwise_conv2d/depthwise_kernel')).toBe('weights');
  });

  it('samples all weights and all biases before training and every N batches', async () => {
    const model = convModel();
    const xs = tf.randomUniform([24, 6, 6, 1], 0, 1, 'float32', 4);
    const ys = tf.cast(tf.oneHot(tf.tensor1d(Array.from({ length: 24 }, (_, i) => i % 3), 'int32'), 3), 'float32');
    const sampler = percentileSampler(model, { everyBatches: 2 });
    await model.fit(xs, ys, { epochs: 2, batchSize: 6, callbacks: [sampler] });
    expect(sampler.weights.map((s) => s.iteration)).toEqual([0, 2, 4, 6, 8]);
    expect(sampler.biases.map((s) => s.iteration)).toEqual([0, 2, 4, 6, 8]);

    // Independently: conv + dense kernels, and conv bias + BN beta + dense bias, read through the layers.
    const [conv, bn, , dense] = model.layers;
    const flat = (t: tf.Tensor) => Array.from(t.dataSync());
    const [convKernel, convBias] = conv.getWeights();
    const [, beta] = bn.getWeights();
    const [denseKernel, denseBias] = dense.getWeights();
    const kernels = [...flat(convKernel), ...flat(denseKernel)];
    const biases = [...flat(convBias), ...flat(beta), ...flat(denseBias)];
    expect(kernels).toHaveLength(3 * 3 * 3 + 4 * 4 * 3 * 3);
    expect([...sampler.weights.at(-1)!.bands]).toEqual([...percentileBands(Float32Array.from(kernels))]);
    expect([...sampler.biases.at(-1)!.bands]).toEqual([...percentileBands(Float32Array.from(biases))]);
    expect(sampler.weights[0].bands).not.toEqual(sampler.weights.at(-1)!.bands); // training moved them
    expect(sampler.weights.every((s) => s.nonFinite === 0 && s.bands.length === 8)).toBe(true);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

describe('custom training loop', () => {
  it('callbackRunner drives scheduler, history, sampler and guard around optimizer.minimize', async () => {
    const model = toyModel('sgd');
    const optimizer = tf.train.adam(1);
    const scheduler = learningRateScheduler(customSchedule(({ step }) => 0.01 * 0.5 ** step), { optimizer });
    const history = metricsHistory({ everyBatches: 1 });
    const sampler = percentileSampler(model, { everyBatches: 3 });
    const runner = callbackRunner([scheduler, history, sampler, nanGuard()], { model, epochs: 2, batchesPerEpoch: 3 });
    const { xs, ys } = toyData(24);
    const counts: number[] = [];
    await runner.onTrainBegin();
    for (let epoch = 0; epoch < 2 && !runner.stopRequested; epoch++) {
      await runner.onEpochBegin(epoch);
      for (let batch = 0; batch < 3; batch++) {
        const logs: Record<string, number> = {};
        await runner.onBatchBegin(batch, logs);
        const bx = tf.slice(xs, [batch * 8, 0], [8, 4]);
        const by = tf.slice(ys, [batch * 8, 0], [8, 3]);
        const loss = optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(by, model.apply(bx) as tf.Tensor) as tf.Scalar,
          true,
        )!;
        await runner.onBatchEnd(batch, { ...logs, loss: (await loss.data())[0] });
        tf.dispose([bx, by, loss]);
      }
      await runner.onEpochEnd(epoch);
      counts.push(tf.memory().numTensors);
    }
    await runner.onTrainEnd();
    expect(scheduler.history.map((h) => h.value)).toEqual([0, 1, 2, 3, 4, 5].map((s) => 0.01 * 0.5 ** s));
    expect(getLearningRate(optimizer)).toBeCloseTo(0.01 * 0.5 ** 5, 12);
    expect(history.data.learningRate.map((p) => p.value)).toEqual([0, 1, 2, 3, 4, 5].map((s) => 0.01 * 0.5 ** s));
    expect(history.data.train).toHaveLength(6);
    expect(sampler.weights.map((s) => s.iteration)).toEqual([0, 3, 6]);
    expect(counts[1]).toBe(counts[0]);
    tf.dispose([xs, ys]);
    optimizer.dispose();
    model.dispose();
  });
});
