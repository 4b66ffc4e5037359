import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { loadMnist, type MnistData } from '@nophd/mnist-data';
import { stageInfo } from '@nophd/models';
import { DEFAULT_SEED } from '../src/index.js';
import { connectTraining, serveTraining, type MessageEndpoint, type TrainerEndpoint, type TrainerEvent, type TrainingClient } from '../src/worker.js';

type EventOf<T extends TrainerEvent['type']> = Extract<TrainerEvent, { type: T }>;
type Status = EventOf<'status'>['state'];

const MNIST = { trainSize: 1000, testSize: 200, seed: 42 };
const STAGE = 2;
const BATCH = stageInfo(STAGE).recipe.batchSize;

/**
 * The protocol end to end over a real MessageChannel (structured cloning, transfers, task ordering), with
 * the trainer on this thread: the same code a worker runs, training stage 2 on real MNIST with wasm.
 */
describe('serveTraining / connectTraining over a MessageChannel', () => {
  let channel: MessageChannel;
  let trainer: TrainingClient;
  const events: TrainerEvent[] = [];
  let latest: Status | undefined;
  let data: MnistData;

  /** Resolves with the first event (seen from now on) that passes `test`. */
  function next<T extends TrainerEvent['type']>(type: T, test: (event: EventOf<T>) => boolean = () => true, timeoutMs = 60_000): Promise<EventOf<T>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms; last status ${JSON.stringify(latest)}`)), timeoutMs);
      const stop = trainer.onEvent((event) => {
        if (event.type === type && test(event as EventOf<T>)) {
          clearTimeout(timer);
          stop();
          resolve(event as EventOf<T>);
        }
      });
    });
  }

  beforeAll(async () => {
    channel = new MessageChannel();
    serveTraining(channel.port1 as unknown as MessageEndpoint);
    trainer = connectTraining(channel.port2 as unknown as TrainerEndpoint);
    trainer.onEvent((event) => {
      events.push(event);
      if (event.type === 'status') latest = event.state;
    });
    const ready = next('data');
    trainer.send({ type: 'init', backend: 'wasm', threads: false, mnist: MNIST, testSize: 200 });
    const [loaded] = await Promise.all([loadMnist(MNIST), ready]);
    data = loaded;
  });

  afterAll(() => trainer?.close());

  it('reports the backend and sends the evaluated test digits once', () => {
    const backend = events.find((e): e is EventOf<'backend'> => e.type === 'backend')!;
    expect(backend.tfBackend).toBe('wasm');
    expect(backend.where).toBe('worker');
    const sent = events.find((e): e is EventOf<'data'> => e.type === 'data')!;
    expect(sent.testImages).toHaveLength(200 * 784);
    expect(Array.from(sent.testLabels)).toEqual(Array.from(data.test.labels.subarray(0, 200)));
  });

  it('trains, pauses within one batch, resumes, stops, and frees every tensor it made', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const announced = next('session');
    trainer.send({ type: 'stage', stage: STAGE });
    const session = await announced;
    expect(session.stage).toBe(STAGE);
    expect(session.totalBatches).toBe(stageInfo(STAGE).recipe.epochs * Math.ceil(1000 / BATCH));

    const firstMetrics = next('metrics');
    const firstDigits = next('digits');
    const firstTest = next('test');
    trainer.send({ type: 'start' });
    const metrics = await firstMetrics;
    expect(metrics.train[0]).toMatchObject({ iteration: 1 });
    expect(Number.isFinite(metrics.train[0]!.loss)).toBe(true);
    expect(metrics.weights.length).toBeGreaterThan(0);

    // Panel 3's digits are the batch that was trained: the run's first batch, drawn by its seed.
    const digits = await firstDigits;
    const batches = data.train.batches({ batchSize: BATCH, shape: 'flat', shuffle: true, seed: DEFAULT_SEED, epoch: 0 });
    const { xs, ys } = batches.next().value!;
    const truths = tf.argMax(ys, -1);
    const [images, labels] = [await xs.data(), await truths.data()];
    tf.dispose([xs, ys, truths]);
    batches.return?.(undefined);
    expect(digits.images).toHaveLength(BATCH * 784);
    expect(Array.from(digits.images)).toEqual(Array.from(images));
    expect(Array.from(digits.labels)).toEqual(Array.from(labels));
    expect(digits.predictions).toHaveLength(BATCH);

    const test = await firstTest;
    expect(test.evaluated).toBe(200);
    expect(test.predictions).toHaveLength(200);

    // Pause: training stops at the batch that was in flight when the pause arrived.
    await next('status', (e) => e.state.batches >= 3);
    const paused = next('status', (e) => e.state.status === 'paused' && e.state.idle);
    trainer.send({ type: 'pause' });
    const parked = (await paused).state;
    expect(parked.pauseArrivedAt).not.toBeNull();
    expect(parked.batches).toBe(parked.pauseArrivedAt);
    expect(parked.imagesPerSecond).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(latest!.batches).toBe(parked.batches);

    const resumed = next('status', (e) => e.state.batches > parked.batches);
    trainer.send({ type: 'resume' });
    await resumed;

    const done = next('status', (e) => e.state.status === 'done');
    trainer.send({ type: 'stop' });
    const stopped = (await done).state;
    expect(stopped.batches).toBeLessThan(session.totalBatches);
    expect(stopped.tensorsAfterLastBatch, 'no tensor per batch').toBe(stopped.tensorsAfterFirstBatch);
    // A stopped session's model still answers.
    expect(await trainer.predict(new Float32Array(784))).toHaveLength(10);
    expect((await trainer.firstLayerWeights())!.shape).toEqual([784, 200]);

    await trainer.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(await trainer.predict(new Float32Array(784))).toBeNull();
  });

  it("refuses the page's window, naming the worker script as the place to call it", () => {
    expect(() => serveTraining({ document: {}, postMessage() {}, addEventListener() {} } as never)).toThrow(/is the page's window, not a worker.*serveTraining\(self\) in the worker's own script/);
  });
});
