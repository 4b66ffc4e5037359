import { beforeAll, describe, expect, it } from 'vitest';
import {
  MissingModelError,
  UnsupportedOptimizerError,
  customSchedule,
  exponentialDecay,
  fitCallbacks,
  getLearningRate,
  learningRateScheduler,
  setLearningRate,
} from '../src/index.js';
import { maxAbsDelta, snapshot, tf, toyData, toyModel, useCpu } from './helpers.js';

beforeAll(useCpu);

/** One optimizer step on loss = Σ w·g (gradient g), returning the change of w. */
function step(optimizer: tf.Optimizer, w: tf.Variable, g: tf.Tensor): Float32Array {
  const before = w.dataSync().slice() as Float32Array;
  tf.tidy(() => {
    optimizer.minimize(() => tf.sum(tf.mul(w, g)) as tf.Scalar);
  });
  const after = w.dataSync();
  return before.map((b, i) => after[i] - b);
}

describe('setLearningRate acts on the next step', () => {
  it('SGD: Δw = −lr·g with the new rate', () => {
    const w = tf.variable(tf.tensor1d([1, -2, 3]));
    const g = tf.tensor1d([0.5, -1, 2]);
    const sgd = tf.train.sgd(0.1);
    expect([...step(sgd, w, g)].map((d) => +d.toFixed(6))).toEqual([-0.05, 0.1, -0.2]);
    setLearningRate(sgd, 0.01);
    expect(getLearningRate(sgd)).toBe(0.01);
    expect([...step(sgd, w, g)].map((d) => +d.toFixed(6))).toEqual([-0.005, 0.01, -0.02]);
    tf.dispose([w, g]);
    sgd.dispose();
  });

  it('Adam: with a constant gradient each step moves every weight by ≈ lr', () => {
    const w = tf.variable(tf.tensor1d([1, -2, 3]));
    const g = tf.tensor1d([0.5, -1, 2]);
    const adam = tf.train.adam(0.1);
    // Step 1: m̂ = g, v̂ = g², so Δw = −lr·sign(g) (ε is negligible).
    step(adam, w, g).forEach((d, i) => expect(d).toBeCloseTo(-0.1 * Math.sign(g.dataSync()[i]), 5));
    setLearningRate(adam, 0.001);
    expect(getLearningRate(adam)).toBe(0.001);
    step(adam, w, g).forEach((d, i) => expect(d).toBeCloseTo(-0.001 * Math.sign(g.dataSync()[i]), 5));
    tf.dispose([w, g]);
    adam.dispose();
  });

  it('Momentum (an SGD subclass) and RMSProp take the new rate too; others are rejected', () => {
    const momentum = tf.train.momentum(0.1, 0.9);
    setLearningRate(momentum, 0.2);
    expect(getLearningRate(momentum)).toBe(0.2);
    const w = tf.variable(tf.tensor1d([0]));
    const g = tf.tensor1d([1]);
    expect(step(momentum, w, g)[0]).toBeCloseTo(-0.2, 6);
    const rms = tf.train.rmsprop(0.1);
    setLearningRate(rms, 0.3);
    expect(getLearningRate(rms)).toBe(0.3);
    tf.dispose([w, g]);
    expect(() => setLearningRate({} as tf.Optimizer, 0.1)).toThrow(UnsupportedOptimizerError);
  });
});

describe('learningRateScheduler in model.fit', () => {
  /** First-batch weight change of a fresh seeded model when the scheduler sets `lr` (compiled with 1.0). */
  async function firstStepDelta(optimizer: 'sgd' | 'adam', lr: number): Promise<number> {
    const { xs, ys } = toyData(16);
    const model = toyModel(optimizer === 'sgd' ? tf.train.sgd(1) : tf.train.adam(1));
    const before = snapshot(model);
    const scheduler = learningRateScheduler(customSchedule(() => lr));
    await model.fit(xs, ys, { epochs: 1, batchSize: 16, shuffle: false, callbacks: [scheduler] });
    expect(getLearningRate(model.optimizer)).toBe(lr);
    const delta = maxAbsDelta(before, snapshot(model));
    tf.dispose([xs, ys]);
    model.dispose();
    return delta;
  }

  for (const optimizer of ['sgd', 'adam'] as const) {
    it(`${optimizer}: the weight update scales with the scheduled rate, not the compiled one`, async () => {
      const small = await firstStepDelta(optimizer, 0.001);
      const large = await firstStepDelta(optimizer, 0.004);
      expect(large / small).toBeCloseTo(4, 2);
      if (optimizer === 'adam') expect(large).toBeCloseTo(0.004, 4); // Adam's first step moves by ≈ lr
      else expect(large).toBeLessThan(0.01); // with the compiled lr = 1 it would be hundreds of times larger
    });
  }

  it('per-epoch schedules change the rate at each epoch and record it; onChange is told', async () => {
    const { xs, ys } = toyData(32);
    const model = toyModel(tf.train.sgd(0.5));
    const changes: number[] = [];
    const scheduler = learningRateScheduler(exponentialDecay({ initial: 0.1, rate: 0.5 }), { onChange: (lr) => changes.push(lr) });
    await model.fit(xs, ys, { epochs: 3, batchSize: 8, callbacks: [scheduler] });
    expect(changes).toEqual([0.1, 0.05, 0.025]);
    expect(scheduler.history.map((h) => [h.epoch, h.iteration])).toEqual([[0, 0], [1, 4], [2, 8]]);
    expect(getLearningRate(model.optimizer)).toBe(0.025);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('mixes with plain { onEpochEnd } objects through fitCallbacks', async () => {
    const { xs, ys } = toyData(16);
    const model = toyModel(tf.train.sgd(0.5));
    const seen: number[] = [];
    const scheduler = learningRateScheduler(exponentialDecay({ initial: 0.1, rate: 0.5 }));
    await model.fit(xs, ys, {
      epochs: 2,
      batchSize: 8,
      callbacks: fitCallbacks(scheduler, { onEpochEnd: (_epoch: number, logs?: Record<string, number>) => void seen.push(logs!.loss) }),
    });
    expect(seen).toHaveLength(2);
    expect(typeof seen[0]).toBe('number');
    expect(getLearningRate(model.optimizer)).toBe(0.05);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('works after a plain { onEpochEnd } object when given the optimizer', async () => {
    const { xs, ys } = toyData(16);
    const optimizer = tf.train.sgd(0.5);
    const model = toyModel(optimizer);
    let epochs = 0;
    const scheduler = learningRateScheduler(customSchedule(({ step }) => 0.01 / (step + 1)), { optimizer });
    await model.fit(xs, ys, { epochs: 2, batchSize: 8, callbacks: [{ onEpochEnd: async () => void epochs++ }, scheduler] });
    expect(epochs).toBe(2);
    expect(getLearningRate(optimizer)).toBeCloseTo(0.01 / 4, 12);
    // Without the optimizer it cannot find one, and says how to fix it.
    const lost = learningRateScheduler(customSchedule(() => 0.1));
    await expect(model.fit(xs, ys, { epochs: 1, callbacks: [{ onEpochEnd: async () => {} }, lost] })).rejects.toThrow(
      MissingModelError,
    );
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
