import * as tf from '@tensorflow/tfjs-core';
import { createMnistSplit, type MnistData } from '@nophd/mnist-data';
import { createStageModel, type Recipe, type StageInfo, type StageNumber } from '@nophd/models';
import type { BandSample } from '@nophd/visual-percentile-bands';
import type { LabelledDigits, TestDigits } from '../render/digits';
import { evaluateSplit } from './evaluate';
import { percentileSampler, type LearningRateScheduler, type PercentileSampler } from '@nophd/training-callbacks';
import { recipeLearningRate } from './learning-rate';
import { createModelPort } from './model-port';
import type { ModelPort } from '../views/model-port';

/** One point of the loss/accuracy curves; `iteration` counts batches trained so far. */
export interface MetricPoint {
  iteration: number;
  loss: number;
  accuracy: number;
}

export type SessionStatus = 'ready' | 'running' | 'paused' | 'done' | 'disposed';

export interface SessionOptions {
  stage: StageNumber;
  data: MnistData;
  /** Test digits evaluated for the test curves and panel 6; the full 10,000 by default. */
  testSize?: number;
  /** Train on only the first N training images (the generalisation lesson); all of them by default. */
  trainSize?: number;
  /**
   * Batches between updates of the training curves, the batch panel and the bands (codelab: 20); slow models
   * also update at least every 1.5 s so the panels move.
   */
  trainEvery?: number;
  /** Batches between test evaluations (codelab: 100); a test also runs at the first batch and on pause. */
  testEvery?: number;
  /** Called whenever something visible changed. */
  onChange?: () => void;
  /** Called when training stops on an error. */
  onError?: (error: unknown) => void;
}

/**
 * One model of the ladder being trained in the page: a custom loop over MNIST batches that can pause between
 * batches, yields to the browser so the page stays responsive, and keeps everything the six panels draw.
 */
export class TrainingSession {
  readonly stage: StageNumber;
  readonly info: StageInfo;
  readonly recipe: Recipe;
  status: SessionStatus = 'ready';
  batches = 0;
  epoch = 0;
  learningRate: number;
  imagesPerSecond = 0;
  readonly train: MetricPoint[] = [];
  readonly test: MetricPoint[] = [];
  trainDigits: LabelledDigits | null = null;
  testDigits: TestDigits | null = null;
  /** Tensors alive after the first batch was disposed; `tensorsAfterLastBatch` should stay equal (no leaks). */
  tensorsAfterFirstBatch: number | null = null;
  tensorsAfterLastBatch: number | null = null;
  /** The model views' plain-data window on the model. */
  readonly port: ModelPort;

  private readonly model;
  private readonly data: MnistData;
  private readonly options: Required<Omit<SessionOptions, 'onChange' | 'onError'>> & Pick<SessionOptions, 'onChange' | 'onError'>;
  private readonly rate: LearningRateScheduler;
  private readonly sampler: PercentileSampler;
  private resume: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  /** True while run() is executing; it then owns disposing the model. */
  private looping = false;
  private modelDisposed = false;
  private lastTestAt = -1;
  private lastRecordAt = 0;
  private speedWindow = { images: 0, since: 0 };

  constructor(options: SessionOptions) {
    this.options = { testSize: 10_000, trainEvery: 20, testEvery: 100, ...options, trainSize: options.trainSize ?? options.data.train.size };
    this.data = withTrainingImages(options.data, this.options.trainSize);
    const { model, recipe, info } = createStageModel<StageNumber>(options.stage);
    this.model = model;
    this.recipe = recipe;
    this.info = info;
    this.port = createModelPort(model, recipe.inputShape);
    this.stage = options.stage;
    this.rate = recipeLearningRate(model, recipe);
    this.learningRate = recipe.learningRate;
    // The loop decides when to sample (see recordTraining); the callback only counts batches.
    this.sampler = percentileSampler(model, { everyBatches: Number.MAX_SAFE_INTEGER });
  }

  /** Percentile bands of all weights (panel 4), sampled with the training curves. */
  get weights(): BandSample[] {
    return this.sampler.weights;
  }

  /** Percentile bands of all biases and batch-norm offsets (panel 5). */
  get biases(): BandSample[] {
    return this.sampler.biases;
  }

  /** True when no batch is in flight: not started, parked while paused, finished or stopped. */
  get idle(): boolean {
    return !this.looping || this.resume !== null;
  }

  /** Total batches of the recipe (epochs × batches per epoch). */
  get totalBatches(): number {
    return this.recipe.epochs * Math.ceil(this.data.train.size / this.recipe.batchSize);
  }

  /** Starts or resumes training. */
  start(): void {
    if (this.status === 'running' || this.status === 'done' || this.status === 'disposed') return;
    this.status = 'running';
    this.speedWindow = { images: 0, since: performance.now() };
    if (this.resume) {
      const resume = this.resume;
      this.resume = null;
      resume();
    } else if (!this.loop) {
      this.looping = true;
      this.loop = this.run()
        .finally(() => (this.looping = false))
        .catch((error) => {
          if (this.status === 'disposed') return this.disposeModel();
          this.status = 'paused';
          this.options.onError?.(error);
          this.changed();
        });
    }
    this.changed();
  }

  /** Pauses after the current batch and refreshes the test panel so it matches the paused model. */
  pause(): void {
    if (this.status !== 'running') return;
    this.status = 'paused';
    this.changed();
  }

  /** Stops training and frees the model's tensors. Safe to call while a batch is in flight. */
  dispose(): void {
    if (this.status === 'disposed') return;
    this.status = 'disposed';
    const resume = this.resume;
    this.resume = null;
    // A running loop notices the status (after its batch, or at once when waiting) and disposes the model itself.
    if (resume) resume();
    else if (!this.looping) this.disposeModel();
  }

  private disposeModel(): void {
    if (this.modelDisposed) return;
    this.modelDisposed = true;
    try {
      this.model.dispose();
    } catch {
      // A lost WebGL context can make disposal throw; the backend is being replaced anyway.
    }
  }

  private changed(): void {
    this.options.onChange?.();
  }

  private async run(): Promise<void> {
    const { recipe } = this;
    let lastYield = performance.now();
    // The callbacks from @nophd/training-callbacks, driven by hand: this loop is not model.fit.
    const callbacks = [this.rate, this.sampler];
    for (const callback of callbacks) await callback.onTrainBegin();
    for (let epoch = this.epoch; epoch < recipe.epochs; epoch++) {
      this.epoch = epoch;
      await this.rate.onEpochBegin(epoch);
      let batchInEpoch = 0;
      const batches = this.data.train.batches({ batchSize: recipe.batchSize, shuffle: true, seed: epoch + 1, shape: recipe.inputShape });
      for (const batch of batches) {
        try {
          if (!(await this.waitWhilePaused())) return;
          await this.rate.onBatchBegin(batchInEpoch, {});
          this.learningRate = this.rate.current ?? this.learningRate;
          const logs = await this.model.trainOnBatch(batch.xs, batch.ys);
          const [loss, accuracy] = Array.isArray(logs) ? logs : [logs, Number.NaN];
          await this.rate.onBatchEnd(batchInEpoch, { loss, acc: accuracy });
          await this.sampler.onBatchEnd(batchInEpoch, { loss, acc: accuracy });
          batchInEpoch++;
          this.batches++;
          this.speedWindow.images += batch.xs.shape[0];
          if (this.batches === 1 || this.batches % this.options.trainEvery === 0 || performance.now() - this.lastRecordAt > 1500) {
            await this.recordTraining(batch.xs, batch.ys, loss, accuracy);
          }
          if (this.batches === 1 || this.batches % this.options.testEvery === 0) {
            await this.recordTest();
          }
        } finally {
          batch.xs.dispose();
          batch.ys.dispose();
        }
        this.tensorsAfterLastBatch = tf.memory().numTensors;
        this.tensorsAfterFirstBatch ??= this.tensorsAfterLastBatch;
        if (this.status === 'disposed') return this.disposeModel();
        // Give the browser a frame about every 50 ms: clicks, keys and panel redraws stay smooth.
        if (performance.now() - lastYield > 50) {
          await tf.nextFrame();
          lastYield = performance.now();
        }
      }
    }
    this.epoch = recipe.epochs;
    if (this.lastTestAt !== this.batches) await this.recordTest();
    if (this.status === 'disposed') return this.disposeModel();
    this.status = 'done';
    this.changed();
  }

  /** While paused: brings the test panel up to date, then waits. Returns false when the session was disposed. */
  private async waitWhilePaused(): Promise<boolean> {
    if (this.status === 'disposed') {
      this.disposeModel();
      return false;
    }
    if (this.status !== 'paused') return true;
    if (this.lastTestAt !== this.batches) await this.recordTest();
    this.imagesPerSecond = 0;
    this.changed();
    // The status may change while awaiting (the user resumes, or a reset disposes the session).
    if ((this.status as SessionStatus) === 'paused') await new Promise<void>((resolve) => (this.resume = resolve));
    if ((this.status as SessionStatus) === 'disposed') {
      this.disposeModel();
      return false;
    }
    return true;
  }

  private async recordTraining(xs: tf.Tensor, ys: tf.Tensor, loss: number, accuracy: number): Promise<void> {
    const guesses = tf.tidy(() => tf.argMax(this.model.predict(xs) as tf.Tensor, -1));
    const truths = tf.tidy(() => tf.argMax(ys, -1));
    const [images, predictions, labels] = await Promise.all([xs.data(), guesses.data(), truths.data()]);
    guesses.dispose();
    truths.dispose();
    this.trainDigits = {
      images: images as Float32Array,
      labels: Uint8Array.from(labels),
      predictions: Uint8Array.from(predictions),
    };
    if (Number.isNaN(accuracy)) accuracy = this.trainDigits.labels.filter((l, i) => l === this.trainDigits!.predictions[i]).length / labels.length;
    this.train.push({ iteration: this.batches, loss, accuracy });
    await this.sampler.sample();
    this.lastRecordAt = performance.now();
    const now = performance.now();
    const seconds = (now - this.speedWindow.since) / 1000;
    if (seconds > 0.25) {
      this.imagesPerSecond = this.speedWindow.images / seconds;
      this.speedWindow = { images: 0, since: now };
    }
    this.changed();
  }

  private async recordTest(): Promise<void> {
    this.lastTestAt = this.batches;
    const evaluationStarted = performance.now();
    const split = this.data.test;
    const result = await evaluateSplit(this.model, split, {
      size: this.options.testSize,
      shape: this.recipe.inputShape,
      isCancelled: () => this.status === 'disposed',
    });
    if (!result) return;
    this.test.push({ iteration: this.batches, loss: result.loss, accuracy: result.accuracy });
    this.testDigits = {
      images: split.images.subarray(0, result.size * 784),
      labels: split.labels.subarray(0, result.size),
      predictions: result.predictions,
      evaluated: result.size,
    };
    // Evaluation time is not training time: move the speed window's start past it, keeping the images it
    // counted (resetting the window here starved the speed readout when tests ran more often than 0.25 s).
    this.lastRecordAt = performance.now();
    this.speedWindow.since += performance.now() - evaluationStarted;
    this.changed();
  }
}

/** The data with only its first `size` training images (all of them when `size` is not smaller). */
function withTrainingImages(data: MnistData, size: number): MnistData {
  if (size >= data.train.size) return data;
  const train = createMnistSplit(data.train.images.subarray(0, size * 784), data.train.labels.subarray(0, size));
  return { ...data, train };
}
