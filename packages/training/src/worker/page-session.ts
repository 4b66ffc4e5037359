import type { LayerSummary, Recipe, StageNumber } from '@nophd/models';
import type { WeightBandSample } from '@nophd/training-callbacks';
import type { DigitAccuracy } from '../evaluate.js';
import type { MetricPoint, SessionStatus, TrainerEvent, TrainerStatus } from './protocol.js';

/** Digits with their labels and the model's guesses (784 pixels each). */
export interface LabelledDigits {
  images: Float32Array;
  labels: Uint8Array;
  predictions: Uint8Array;
}

/** The test digits last evaluated: the first `evaluated` of the test split, with the model's guesses. */
export interface TestDigits extends LabelledDigits {
  evaluated: number;
}

/** Batches until a batch-norm moving average has forgotten 95 % of its initial value: momentumⁿ < 0.05. */
function warmUpBatches(momentum: number): number {
  return Math.ceil(Math.log(0.05) / Math.log(momentum));
}

/**
 * What the page knows of the model being trained, built from the trainer's events: the curves, weight
 * bands, digits, tests and status a page draws. Plain data, no tensors.
 *
 * @example
 * ```ts
 * let session: PageSession | null = null;
 * trainer.onEvent((event) => {
 *   if (event.type === 'session') session = new PageSession(event, () => testSet);
 *   else session?.apply(event);
 * });
 * ```
 */
export class PageSession {
  readonly session: number;
  readonly stage: StageNumber;
  readonly recipe: Recipe;
  readonly totalBatches: number;
  /** The model's layers, for the summary view. */
  readonly layers: LayerSummary[];
  /** Batches before stage 5's test figure can be trusted (0: from the first evaluation). */
  readonly warmUpBatches: number;
  status: SessionStatus = 'ready';
  idle = true;
  batches = 0;
  epoch = 0;
  learningRate: number;
  imagesPerSecond = 0;
  numTensors = -1;
  tensorsAfterFirstBatch: number | null = null;
  tensorsAfterLastBatch: number | null = null;
  pauseArrivedAt: number | null = null;
  readonly train: MetricPoint[] = [];
  readonly test: MetricPoint[] = [];
  readonly weights: WeightBandSample[] = [];
  readonly biases: WeightBandSample[] = [];
  trainDigits: LabelledDigits | null = null;
  testDigits: TestDigits | null = null;
  /** The first layer's kernel, for a weights picture. */
  firstLayer: { values: Float32Array; shape: number[] } | null = null;
  /** From the latest test: confusion[label][predicted], and accuracy per digit. */
  confusion: number[][] | null = null;
  perDigit: DigitAccuracy[] | null = null;

  /**
   * @param event The trainer's announcement of the session.
   * @param testSet The test digits of the `data` event (the trainer sends them once, not with each test).
   */
  constructor(
    event: Extract<TrainerEvent, { type: 'session' }>,
    private readonly testSet: () => { images: Float32Array; labels: Uint8Array } | null,
  ) {
    this.session = event.session;
    this.stage = event.stage;
    this.recipe = event.recipe;
    this.totalBatches = event.totalBatches;
    this.layers = event.layers;
    this.learningRate = event.recipe.learningRate;
    this.warmUpBatches = event.batchNormMomentum === undefined ? 0 : warmUpBatches(event.batchNormMomentum);
  }

  /** True while the latest test figure comes from batch-norm statistics that have not warmed up yet. */
  get testWarmingUp(): boolean {
    const last = this.test.at(-1);
    return last !== undefined && last.iteration < this.warmUpBatches;
  }

  /** Applies one event of this session; returns false for events of another one. */
  apply(event: TrainerEvent): boolean {
    if (!('session' in event) || event.session !== this.session) return false;
    switch (event.type) {
      case 'status':
        this.setStatus(event.state);
        break;
      case 'metrics':
        this.train.push(...event.train);
        this.weights.push(...event.weights);
        this.biases.push(...event.biases);
        if (event.firstLayer) this.firstLayer = event.firstLayer;
        break;
      case 'digits':
        this.trainDigits = { images: event.images, labels: event.labels, predictions: event.predictions };
        break;
      case 'test': {
        this.test.push(event.point);
        this.confusion = event.confusion;
        this.perDigit = event.perDigit;
        const set = this.testSet();
        if (set) {
          this.testDigits = {
            images: set.images.subarray(0, event.evaluated * 784),
            labels: set.labels.subarray(0, event.evaluated),
            predictions: event.predictions,
            evaluated: event.evaluated,
          };
        }
        break;
      }
    }
    return true;
  }

  private setStatus(state: TrainerStatus): void {
    this.status = state.status;
    this.idle = state.idle;
    this.batches = state.batches;
    this.epoch = state.epoch;
    this.learningRate = state.learningRate;
    this.imagesPerSecond = state.imagesPerSecond;
    this.numTensors = state.numTensors;
    this.tensorsAfterFirstBatch = state.tensorsAfterFirstBatch;
    this.tensorsAfterLastBatch = state.tensorsAfterLastBatch;
    this.pauseArrivedAt = state.pauseArrivedAt;
  }
}
