import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createMnistSplit, type MnistData, type MnistSplit } from '@nophd/mnist-data';
import { createStageModel, disposeModel, stageInfo, summarizeModel, type StageModel, type StageNumber } from '@nophd/models';
import { getLearningRate, percentileSampler, type LoopCallback } from '@nophd/training-callbacks';
import { evaluate } from '../evaluate.js';
import { train } from '../train.js';
import type { TrainingRun } from '../training-run.js';
import { buffersOf, type MetricPoint, type PostEvent, type SessionStatus, type TrainerStatus } from './protocol.js';

/**
 * Stage 5's batch-norm momentum when training live. With the stock 0.99 the moving statistics that the test uses
 * need hundreds of batches to forget their initial values, so early test accuracy reads far below training
 * accuracy; 0.9 forgets them within about 30 batches, and the status bar labels the figure until then.
 */
const LIVE_BATCH_NORM_MOMENTUM = 0.9;

/** How often the panels get new material: the codelab's 20 and 100 batches, and at least every 1.5 s. */
const TRAIN_EVERY = 20;
const TEST_EVERY = 100;
const RECORD_AT_LEAST_EVERY_MS = 1500;
const STATUS_EVERY_MS = 250;
const FIRST_LAYER_EVERY_MS = 1000;

interface LiveSessionOptions {
  id: number;
  stage: StageNumber;
  data: MnistData;
  /** Train on only the first N training images (all by default): the generalisation lesson of stage 1. */
  trainImages?: number;
  testSize: number;
  post: PostEvent;
  onError: (error: unknown) => void;
}

/**
 * One model of the ladder being trained live: a `train()` run of @nophd/training whose callbacks record, at
 * the panels' cadence, the curves, the bands, a batch of digits and test evaluations, and post them.
 */
export class LiveSession {
  readonly stage: StageNumber;
  status: SessionStatus = 'ready';
  private run: TrainingRun | undefined;
  private inBatch = false;
  /** Paused, but the test panel is still catching up with the model. */
  private settling = false;
  private pauseArrivedAt: number | null = null;
  /** The batch in flight has finished its step and is counted in `batches` (its callbacks still run). */
  private batchCounted = false;
  private disposed = false;
  private readonly stopEvaluation = new AbortController();
  private readonly sampler = percentileSampler(undefined, { everyBatches: Number.MAX_SAFE_INTEGER });
  private sent = { weights: 0, biases: 0 };
  private batches = 0;
  private lastTestAt = -1;
  private lastRecordAt = 0;
  private lastStatusAt = 0;
  private lastFirstLayerAt = 0;
  private imagesPerSecond = 0;
  private speed = { images: 0, since: 0 };
  private tensors: { first: number | null; last: number | null } = { first: null, last: null };
  /** Built at once, so a drawn digit, the weights and the summary have a model before training starts. */
  private readonly stageModel: StageModel;
  private readonly train: MnistSplit;

  constructor(private readonly options: LiveSessionOptions) {
    this.stage = options.stage;
    const modelOptions = options.stage === 5 ? { batchNormMomentum: LIVE_BATCH_NORM_MOMENTUM } : undefined;
    this.stageModel = createStageModel(options.stage, modelOptions as never);
    this.train = firstImages(options.data.train, options.trainImages);
    const { recipe, model } = this.stageModel;
    const batchesPerEpoch = Math.ceil(this.train.size / recipe.batchSize);
    options.post({
      type: 'session',
      session: options.id,
      stage: options.stage,
      recipe,
      totalBatches: recipe.epochs * batchesPerEpoch,
      batchNormMomentum: modelOptions?.batchNormMomentum,
      layers: summarizeModel(model),
    });
    this.postStatus(true);
  }

  /** The model while it exists (for predictions of drawn digits and the weights view). */
  get model(): LayersModel | undefined {
    return this.disposed ? undefined : this.stageModel.model;
  }

  /** Starts, or resumes after a pause. */
  start(): void {
    if (this.disposed || this.status === 'running' || this.status === 'done') return;
    this.status = 'running';
    this.speed = { images: 0, since: performance.now() };
    if (this.run) this.run.resume();
    else this.begin();
    this.postStatus(true);
  }

  /** Pauses after the current batch, then brings the test panel up to date with the paused model. */
  pause(): void {
    if (this.status !== 'running' || !this.run) return;
    this.status = 'paused';
    this.settling = true;
    this.pauseArrivedAt = this.batches + (this.inBatch && !this.batchCounted ? 1 : 0);
    this.run.pause();
    this.postStatus(true);
    if (!this.inBatch) void this.settle();
  }

  /** Ends the run after the current batch; the session is then done, and its model stays for predictions. */
  stop(): void {
    if (this.disposed || this.status === 'done') return;
    if (!this.run) {
      this.status = 'done';
      return this.postStatus(true);
    }
    this.run.stop();
  }

  /** Stops after the current batch; resolves once the run has ended and the model is freed. */
  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    this.stopEvaluation.abort();
    const free = () => {
      try {
        disposeModel(this.stageModel.model);
      } catch {
        // A lost WebGL context can make disposal throw; the backend is being replaced anyway.
      }
    };
    const run = this.run;
    if (!run) return Promise.resolve(free());
    run.stop();
    return run.result.then(() => undefined, () => undefined).finally(free);
  }

  private begin(): void {
    const recorder: LoopCallback = {
      onBatchBegin: () => {
        this.inBatch = true;
        this.batchCounted = false;
      },
      onBatchEnd: (_batch, logs) => this.batchEnd(logs as Record<string, number>),
    };
    this.run = train({
      model: this.stageModel.model,
      recipe: this.stageModel.recipe,
      data: { train: this.train },
      callbacks: [this.sampler, recorder],
    });
    this.run.result.then(
      async () => {
        if (this.disposed) return;
        if (this.lastTestAt !== this.batches) await this.recordTest();
        this.status = 'done';
        this.postStatus(true);
      },
      (error) => {
        if (this.disposed) return;
        this.status = 'paused';
        this.postStatus(true);
        this.options.onError(error);
      },
    );
  }

  private async batchEnd(logs: Record<string, number>): Promise<void> {
    if (this.disposed) return;
    const run = this.run!;
    this.batches = run.iteration;
    this.batchCounted = true;
    this.speed.images += logs.size ?? 0;
    this.tensors.last = tf.memory().numTensors;
    this.tensors.first ??= this.tensors.last;
    const now = performance.now();
    if (this.batches === 1 || this.batches % TRAIN_EVERY === 0 || now - this.lastRecordAt > RECORD_AT_LEAST_EVERY_MS) {
      await this.recordTraining(run, { iteration: this.batches, loss: logs.loss, accuracy: logs.acc });
    }
    if (this.batches === 1 || this.batches % TEST_EVERY === 0) await this.recordTest();
    this.inBatch = false;
    if (this.status === 'paused') await this.settle();
    else this.postStatus(false);
  }

  /** While paused: the test panel catches up with the model, then the page learns that training is idle. */
  private async settle(): Promise<void> {
    this.settling = true;
    if (this.lastTestAt !== this.batches) await this.recordTest();
    this.settling = false;
    this.imagesPerSecond = 0;
    this.postStatus(true);
  }

  private async recordTraining(run: TrainingRun, point: MetricPoint): Promise<void> {
    const { post, id } = this.options;
    const model = run.model!;
    const digits = await guessBatch(model, run.batch!);
    if (!Number.isFinite(point.accuracy)) {
      point.accuracy = digits.labels.filter((label, i) => label === digits.predictions[i]).length / digits.labels.length;
    }
    post({ type: 'digits', session: id, ...digits }, buffersOf(digits.images, digits.labels, digits.predictions));
    await this.sampler.sample();
    const firstLayer = await this.firstLayer(model);
    post(
      {
        type: 'metrics',
        session: id,
        train: [point],
        weights: this.sampler.weights.slice(this.sent.weights),
        biases: this.sampler.biases.slice(this.sent.biases),
        firstLayer,
      },
      buffersOf(firstLayer?.values),
    );
    this.sent = { weights: this.sampler.weights.length, biases: this.sampler.biases.length };
    const now = performance.now();
    this.lastRecordAt = now;
    const seconds = (now - this.speed.since) / 1000;
    if (seconds > 0.25) {
      this.imagesPerSecond = this.speed.images / seconds;
      this.speed = { images: 0, since: now };
    }
  }

  /** The first layer's kernel, at most once a second (it can be 157,000 numbers). */
  private async firstLayer(model: LayersModel): Promise<{ values: Float32Array; shape: number[] } | undefined> {
    const now = performance.now();
    if (now - this.lastFirstLayerAt < FIRST_LAYER_EVERY_MS) return undefined;
    this.lastFirstLayerAt = now;
    const kernel = model.layers.flatMap((layer) => layer.getWeights())[0];
    if (!kernel) return undefined;
    // A copy: a backend may hand out the tensor's own array (WebGL before the first upload), and transferring it would detach it.
    return { values: ((await kernel.data()) as Float32Array).slice(), shape: kernel.shape };
  }

  private async recordTest(): Promise<void> {
    const model = this.run?.model;
    if (!model || this.disposed) return;
    this.lastTestAt = this.batches;
    const started = performance.now();
    const { data, testSize, post, id } = this.options;
    let result;
    try {
      result = await evaluate(model, data.test, { size: testSize, worst: 0, signal: this.stopEvaluation.signal });
    } catch (error) {
      if (this.disposed) return;
      throw error;
    }
    const point = { iteration: this.batches, loss: result.loss, accuracy: result.accuracy };
    const { predictions, size, confusion, perDigit } = result;
    post({ type: 'test', session: id, point, predictions, evaluated: size, confusion, perDigit }, buffersOf(predictions));
    // Evaluation time is not training time: move the speed window past it, keeping the images it counted.
    this.speed.since += performance.now() - started;
    this.lastRecordAt = performance.now();
  }

  private postStatus(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastStatusAt < STATUS_EVERY_MS) return;
    this.lastStatusAt = now;
    const run = this.run;
    const state: TrainerStatus = {
      stage: this.stage,
      status: this.status,
      idle: this.status !== 'running' && !this.inBatch && !this.settling,
      batches: this.batches,
      epoch: run?.epoch ?? 0,
      learningRate: getLearningRate(run?.model?.optimizer) ?? stageInfo(this.stage).recipe.learningRate,
      imagesPerSecond: this.status === 'running' ? this.imagesPerSecond : 0,
      numTensors: tf.memory().numTensors,
      tensorsAfterFirstBatch: this.tensors.first,
      tensorsAfterLastBatch: this.tensors.last,
      pauseArrivedAt: this.pauseArrivedAt,
    };
    this.options.post({ type: 'status', session: this.options.id, state });
  }
}

/** The first `n` images of a split (all of them when n is undefined or not smaller), without copying. */
function firstImages(split: MnistSplit, n: number | undefined): MnistSplit {
  if (n === undefined || n >= split.size) return split;
  return createMnistSplit(split.images.subarray(0, n * 784), split.labels.subarray(0, n));
}

/** The batch just trained, with the model's guesses after the step: what the codelab's training-digits panel shows. */
async function guessBatch(model: LayersModel, batch: { xs: tf.Tensor; ys: tf.Tensor }): Promise<{ images: Float32Array; labels: Uint8Array; predictions: Uint8Array }> {
  const guesses = tf.tidy(() => tf.argMax(model.predict(batch.xs) as tf.Tensor, -1));
  const truths = tf.tidy(() => tf.argMax(batch.ys, -1));
  try {
    const [images, predictions, labels] = await Promise.all([batch.xs.data(), guesses.data(), truths.data()]);
    // A copy: the run disposes the batch, and a backend may hand out the tensor's own array.
    return { images: (images as Float32Array).slice(), labels: Uint8Array.from(labels), predictions: Uint8Array.from(predictions) };
  } finally {
    guesses.dispose();
    truths.dispose();
  }
}
