import { beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidCallbackOptionError,
  MissingMetricError,
  NonFiniteLossError,
  checkpoint,
  customSchedule,
  earlyStopping,
  fitCallbacks,
  learningRateScheduler,
  metricsHistory,
  nanGuard,
  percentileSampler,
  progressReporter,
  type ProgressStream,
} from '../src/index.js';
import { tf, tfl, toyData, toyModel, useCpu } from './helpers.js';

beforeAll(useCpu);

/** Training data whose third batch of 8 contains a NaN. */
function dataWithNaNInBatch2() {
  const { xs, ys } = toyData(32);
  const values = xs.arraySync();
  values[17][1] = Number.NaN;
  const poisoned = tf.tensor2d(values);
  xs.dispose();
  return { xs: poisoned, ys };
}

describe('nanGuard', () => {
  it('rejects model.fit with NonFiniteLossError naming epoch, batch and causes', async () => {
    const { xs, ys } = dataWithNaNInBatch2();
    const model = toyModel(tf.train.sgd(0.1));
    const guard = nanGuard();
    const error = await model.fit(xs, ys, { epochs: 2, batchSize: 8, shuffle: false, callbacks: [guard] }).catch((e) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error.name).toBe('NonFiniteLossError');
    expect(error.message).toMatch(/^Training loss became NaN at epoch 0, batch 2 \(iteration 3\)/);
    expect(error.message).toMatch(/log\(0\)/);
    expect(error.message).toMatch(/learning rate now 0.1/);
    expect(guard.error).toBe(error);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("mode 'stop' ends training quietly after the bad batch", async () => {
    const { xs, ys } = dataWithNaNInBatch2();
    const model = toyModel(tf.train.sgd(0.1));
    const guard = nanGuard({ mode: 'stop' });
    const history = metricsHistory();
    await model.fit(xs, ys, { epochs: 3, batchSize: 8, shuffle: false, callbacks: [guard, history] });
    expect(guard.stopRequested).toBe(true);
    expect(guard.error).toBeInstanceOf(NonFiniteLossError);
    expect((guard.error as NonFiniteLossError).batch).toBe(2);
    expect(history.data.train).toHaveLength(3);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('catches a real divergence from a far too high learning rate', async () => {
    const xs = tf.tensor2d([[3], [-4], [5], [-6]]);
    const ys = tf.tensor2d([[1], [2], [3], [4]]);
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: tf.train.sgd(1e4), loss: 'meanSquaredError' });
    const error = await model.fit(xs, ys, { epochs: 40, batchSize: 4, callbacks: [nanGuard()] }).catch((e) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error.message).toMatch(/learning rate now 10000/);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

describe('earlyStopping', () => {
  it('stops after `patience` epochs without improvement', async () => {
    const { xs, ys } = toyData(16);
    const model = toyModel(tf.train.sgd(0.1));
    // A zero learning rate means the loss never improves after the first epoch.
    const stopper = earlyStopping({ monitor: 'loss', patience: 2 });
    const h = await model.fit(xs, ys, {
      epochs: 10,
      batchSize: 8,
      callbacks: [learningRateScheduler(customSchedule(() => 0)), stopper],
    });
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(stopper.stoppedEpoch).toBe(2);
    expect(stopper.bestEpoch).toBe(0);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('keeps going while the monitored value improves, and maximises accuracy', async () => {
    const { xs, ys } = toyData(64);
    const model = toyModel(tf.train.adam(0.05));
    const stopper = earlyStopping({ monitor: 'loss', patience: 1, minDelta: 1e-4 });
    const h = await model.fit(xs, ys, { epochs: 5, batchSize: 64, callbacks: [stopper] });
    expect(h.epoch).toHaveLength(5);
    expect(stopper.stoppedEpoch).toBeUndefined();
    const byAcc = earlyStopping({ monitor: 'acc' });
    await byAcc.onTrainBegin();
    await byAcc.onEpochEnd(0, { acc: 0.5 });
    await byAcc.onEpochEnd(1, { acc: 0.6 });
    expect(byAcc.bestEpoch).toBe(1);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('names the missing metric and how to get it', async () => {
    const { xs, ys } = toyData(8);
    const model = toyModel();
    const error = await model.fit(xs, ys, { epochs: 1, callbacks: [earlyStopping()] }).catch((e) => e);
    expect(error).toBeInstanceOf(MissingMetricError);
    expect(error.message).toMatch(/'val_loss' is not in the epoch logs \(found: loss, acc\)\. Pass validationData/);
    expect(() => earlyStopping({ patience: -1 })).toThrow(InvalidCallbackOptionError);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

describe('checkpoint', () => {
  it('saves through a tf.io.IOHandler every N epochs', async () => {
    const { xs, ys } = toyData(16);
    const model = toyModel();
    const saved: tf.io.ModelArtifacts[] = [];
    const handler: tf.io.IOHandler = {
      save: async (artifacts) => {
        saved.push(artifacts);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      },
    };
    const cp = checkpoint({ handler, everyEpochs: 2 });
    await model.fit(xs, ys, { epochs: 4, batchSize: 8, callbacks: [cp] });
    expect(cp.saved.map((s) => s.epoch)).toEqual([1, 3]);
    expect(saved).toHaveLength(2);
    expect((saved[1].weightData as ArrayBuffer).byteLength).toBe((4 * 8 + 8 + 8 * 3 + 3) * 4);
    expect(new Float32Array(saved[0].weightData as ArrayBuffer)).not.toEqual(new Float32Array(saved[1].weightData as ArrayBuffer));
    // Round trip: the saved weights load into a model that predicts like the trained one.
    const restored = await tfl.loadLayersModel(tf.io.fromMemory(saved[1]));
    const a = (model.predict(xs) as tf.Tensor).dataSync();
    const b = (restored.predict(xs) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    tf.dispose([xs, ys]);
    model.dispose();
    restored.dispose();
  });

  it('or through your own save function; exactly one of the two', async () => {
    const { xs, ys } = toyData(8);
    const model = toyModel();
    const seen: number[] = [];
    const cp = checkpoint({ save: async (m, at) => void seen.push(at.epoch, m.countParams()) });
    await model.fit(xs, ys, { epochs: 2, batchSize: 8, callbacks: [cp] });
    expect(seen).toEqual([0, model.countParams(), 1, model.countParams()]);
    expect(() => checkpoint({} as never)).toThrow(/exactly one of/);
    expect(() => checkpoint({ save: () => {}, handler: 'file://x' })).toThrow(InvalidCallbackOptionError);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

function fakeStream(isTTY: boolean): ProgressStream & { text: string } {
  const s = {
    text: '',
    isTTY,
    columns: 160,
    write(chunk: string) {
      s.text += chunk;
      return true;
    },
  };
  return s;
}

describe('progressReporter', () => {
  it('prints one summary line per epoch when not a TTY', async () => {
    const { xs, ys } = toyData(32);
    const test = toyData(16, 5);
    const model = toyModel(tf.train.sgd(0.1));
    const stream = fakeStream(false);
    const progress = progressReporter({ stream });
    expect(progress.quiet).toBe(true);
    await model.fit(xs, ys, { epochs: 2, batchSize: 8, validationData: [test.xs, test.ys], callbacks: [progress] });
    const lines = stream.text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^epoch 2\/2 {2}loss \d\.\d{4} {2}acc \d+\.\d\d% {2}val_loss \d\.\d{4} {2}val_acc \d+\.\d\d% {2}lr 1\.00e-1 {2}[\d,]+ img\/s {2}\d+\.\d s$/,
    );
    tf.dispose([xs, ys, test.xs, test.ys]);
    model.dispose();
  });

  it('draws a cli-progress bar on a TTY, and is quiet under CI', async () => {
    const { xs, ys } = toyData(32);
    const model = toyModel(tf.train.sgd(0.1));
    const stream = fakeStream(true);
    const previousCi = process.env.CI;
    delete process.env.CI;
    try {
      const progress = progressReporter({ stream, redrawEveryMs: 0 });
      expect(progress.quiet).toBe(false);
      await model.fit(xs, ys, { epochs: 2, batchSize: 8, callbacks: [progress] });
      expect(stream.text).toMatch(/epoch 2\/2 .*4\/4 \| loss \d\.\d{4} \| acc \d+\.\d\d% \| lr 1\.00e-1 \| [\d,]+ img\/s/);
      expect(stream.text).toContain('█');
      process.env.CI = 'true';
      expect(progressReporter({ stream: fakeStream(true) }).quiet).toBe(true);
    } finally {
      if (previousCi === undefined) delete process.env.CI;
      else process.env.CI = previousCi;
    }
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

describe('no tensor leaks', () => {
  /** Tensors left after training `epochs` epochs with every callback attached (model and optimizer still alive). */
  async function tensorsLeftAfter(epochs: number): Promise<{ left: number; afterDispose: number }> {
    const start = tf.memory().numTensors;
    const { xs, ys } = toyData(48);
    const test = toyData(24, 9);
    const optimizer = tf.train.adam(0.01);
    const model = toyModel(optimizer);
    const callbacks = fitCallbacks(
      learningRateScheduler(customSchedule(({ step }) => 0.01 / (1 + step / 10))),
      metricsHistory({ everyBatches: 2, validation: test }),
      percentileSampler(model, { everyBatches: 3 }),
      progressReporter({ stream: fakeStream(false) }),
      nanGuard(),
      earlyStopping({ monitor: 'val_loss', patience: 100 }),
      checkpoint({ save: async () => {}, everyEpochs: 2 }),
      { onEpochEnd: async () => {} },
    );
    await model.fit(xs, ys, { epochs, batchSize: 12, validationData: [test.xs, test.ys], callbacks });
    const left = tf.memory().numTensors - start;
    tf.dispose([xs, ys, test.xs, test.ys]);
    model.dispose();
    optimizer.dispose();
    return { left, afterDispose: tf.memory().numTensors - start };
  }

  it('tf.memory().numTensors does not grow with the number of epochs, and returns to the start', async () => {
    const short = await tensorsLeftAfter(2);
    const long = await tensorsLeftAfter(12);
    expect(long.left).toBe(short.left);
    expect(short.afterDispose).toBe(0);
    expect(long.afterDispose).toBe(0);
  });
});
