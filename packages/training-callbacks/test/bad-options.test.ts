import { beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidCallbackOptionError,
  InvalidScheduleError,
  NonFiniteWeightsError,
  checkpoint,
  customSchedule,
  earlyStopping,
  learningRateScheduler,
  metricsHistory,
  nanGuard,
  percentileSampler,
  progressReporter,
  exponentialDecay,
} from '../src/index.js';
import { tf, tfl, toyData, toyModel, useCpu } from './helpers.js';

beforeAll(useCpu);

describe('enumerated and typed options are checked when the callback is made', () => {
  it("nanGuard refuses an unknown mode and a non-boolean checkWeights, naming the choices", () => {
    expect(() => nanGuard({ mode: 'bogus' as 'stop' })).toThrow(
      "nanGuard: mode is 'bogus', but it must be 'throw' or 'stop'. Leave it out for 'throw'.");
    expect(() => nanGuard({ checkWeights: 'yes' as never })).toThrow(/checkWeights is 'yes', but it must be true or false/);
    expect(() => nanGuard(null as never)).toThrow(/nanGuard: options is null, but it must be an object of options/);
    expect(() => nanGuard({ everyBatches: '2' as never })).toThrow(InvalidCallbackOptionError);
  });

  it('earlyStopping refuses an unknown mode, a non-string monitor and a non-number minDelta', () => {
    expect(() => earlyStopping({ mode: 'maximum' as 'max' })).toThrow(/mode is 'maximum', but it must be 'auto', 'min' or 'max'/);
    expect(() => earlyStopping({ monitor: 3 as never })).toThrow(/monitor is 3, but it must be the name of an epoch log/);
    expect(() => earlyStopping({ minDelta: '0.1' as never })).toThrow(/minDelta is '0\.1'/);
  });

  it('metricsHistory.everyBatches can be changed later, but only to a whole number ≥ 1', () => {
    const history = metricsHistory();
    expect(history.everyBatches).toBe(1);
    history.everyBatches = 12;
    expect(history.everyBatches).toBe(12);
    expect(() => { history.everyBatches = 0; }).toThrow(/metricsHistory: everyBatches is 0, but it must be a whole number ≥ 1/);
    expect(history.everyBatches).toBe(12);
  });

  it('customSchedule refuses an unknown per', () => {
    expect(() => customSchedule(() => 0.1, { per: 'step' as 'batch' })).toThrow(InvalidScheduleError);
    expect(() => customSchedule(() => 0.1, { per: 'step' as 'batch' })).toThrow(/per is "step".*per: 'batch'.*per: 'epoch'/);
    expect(customSchedule(() => 0.1, { per: 'epoch' }).per).toBe('epoch');
  });

  it('progressReporter, metricsHistory, checkpoint, percentileSampler and the scheduler check theirs', () => {
    expect(() => progressReporter({ quiet: 'yes' as never })).toThrow(/progressReporter: quiet is 'yes', but it must be true or false/);
    expect(() => progressReporter({ epochs: 0 })).toThrow(/epochs is 0, but it must be a whole number ≥ 1/);
    expect(() => progressReporter({ redrawEveryMs: -1 })).toThrow(/redrawEveryMs is -1/);
    expect(() => progressReporter({ stream: {} as never })).toThrow(/stream is an object \(Object\).*process\.stderr/);
    expect(() => metricsHistory({ validation: { xs: [1], ys: [2] } as never })).toThrow(/validation is an object \(Object\)/);
    expect(() => checkpoint({ handler: 42 as never })).toThrow(/checkpoint: handler is 42/);
    expect(() => checkpoint({ save: () => {}, everyEpochs: 1.5 })).toThrow(/everyEpochs is 1\.5/);
    expect(() => percentileSampler(undefined, { group: 'weights' as never })).toThrow(/group is 'weights', but it must be a function/);
    expect(() => percentileSampler(undefined, { buckets: 0 })).toThrow(/buckets is 0/);
    const schedule = exponentialDecay({ initial: 0.1, rate: 0.9 });
    expect(() => learningRateScheduler(schedule, { onChange: 'log' as never })).toThrow(/onChange is 'log', but it must be a function/);
  });

  it("percentileSampler refuses a group function that answers something other than 'weights', 'biases' or 'skip'", async () => {
    const model = toyModel();
    const sampler = percentileSampler(model, { group: () => 'weight' as never });
    await expect(sampler.sample()).rejects.toThrow(/group\('.*kernel'\) is 'weight', but it must be 'weights', 'biases' or 'skip'/);
    model.dispose();
  });
});

describe('nanGuard checks the weights at the end of each epoch', () => {
  /** A model whose batch-norm moving mean is NaN: training-mode loss stays finite, the saved model is ruined. */
  function modelWithNaNMovingMean(): tfl.LayersModel {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 4, inputShape: [4], kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
        tfl.layers.batchNormalization({ name: 'bn' }),
        tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    const bn = model.getLayer('bn');
    const [gamma, beta, movingMean, movingVariance] = bn.getWeights();
    const poisoned = tf.tensor1d([0, Number.NaN, 0, 0]);
    bn.setWeights([gamma, beta, poisoned, movingVariance]);
    poisoned.dispose();
    return model;
  }

  it('stops model.fit with NonFiniteWeightsError naming the epoch, the weight and the learning rate, while the loss is finite', async () => {
    const { xs, ys } = toyData(32);
    const model = modelWithNaNMovingMean();
    const history = metricsHistory();
    const guard = nanGuard();
    const error = await model.fit(xs, ys, { epochs: 3, batchSize: 8, callbacks: [history, guard] }).catch((e: unknown) => e);
    const losses = history.data.train.map((p) => p.loss);
    expect(error).toBeInstanceOf(NonFiniteWeightsError);
    const weights = error as NonFiniteWeightsError;
    expect(losses).toHaveLength(4); // one epoch of 4 batches, then the guard stopped it
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(weights.epoch).toBe(0);
    expect(weights.weight).toBe('bn/moving_mean');
    expect([weights.count, weights.size]).toEqual([1, 4]);
    expect(weights.message).toMatch(/After epoch 0, 1 of the 4 values of weight bn\/moving_mean are NaN.*learning rate.*\(learning rate now 0\.1\) — try 10× lower/);
    expect(guard.error).toBe(error);
    // The check itself (one reduction per weight, one read) leaves no tensor behind.
    const before = tf.memory().numTensors;
    const direct = nanGuard({ model, mode: 'stop' });
    await direct.onEpochEnd(4);
    expect((direct.error as NonFiniteWeightsError).epoch).toBe(4);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("mode 'stop' ends training after the epoch; checkWeights: false leaves the weights alone", async () => {
    const { xs, ys } = toyData(32);
    const model = modelWithNaNMovingMean();
    const stop = nanGuard({ mode: 'stop' });
    const history = await model.fit(xs, ys, { epochs: 3, batchSize: 8, callbacks: [stop] });
    expect(history.epoch).toEqual([0]);
    expect(stop.error).toBeInstanceOf(NonFiniteWeightsError);
    const off = nanGuard({ checkWeights: false });
    const all = await model.fit(xs, ys, { epochs: 2, batchSize: 8, callbacks: [off] });
    expect(all.epoch).toEqual([0, 1]);
    expect(off.error).toBeUndefined();
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('a healthy model passes; an explicit checkWeights without a model says what is missing', async () => {
    const { xs, ys } = toyData(32);
    const model = toyModel();
    const guard = nanGuard();
    await model.fit(xs, ys, { epochs: 2, batchSize: 8, callbacks: [guard] });
    expect(guard.error).toBeUndefined();
    await expect(nanGuard().onEpochEnd(0, { loss: 0.5 })).resolves.toBeUndefined();
    await expect(nanGuard({ checkWeights: true }).onEpochEnd(0, { loss: 0.5 })).rejects.toThrow(/nanGuard needs the model whose weights to check/);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
