import type { BackendSelection } from '@nophd/backend';
import type { DigitAccuracy } from '@nophd/training';
import type { LayerSummary, Recipe, StageNumber } from '@nophd/models';
import type { BandSample } from '@nophd/visual-percentile-bands';

/**
 * The messages between the page (drawing, input) and the trainer (model, optimizer, data, evaluation), which
 * runs in a Web Worker, or in the page itself where no worker can be had. Arrays cross as transferable typed
 * arrays; the trainer sends at most what the panels can show (see trainer.ts for the cadence).
 */

/** One point of the loss/accuracy curves; `iteration` counts batches trained so far. */
export interface MetricPoint {
  iteration: number;
  loss: number;
  accuracy: number;
}

export type SessionStatus = 'ready' | 'running' | 'paused' | 'done';

/** Page → trainer. */
export type TrainerCommand =
  | {
      type: 'init';
      /** The page's `location.search`, for `?backend=`. */
      search: string;
      /** Absolute URL of the folder holding tfjs-backend-wasm's files. */
      wasmPaths: string;
      /** Absolute URL of the folder holding the gzipped MNIST files. */
      mnistUrl: string;
      /** Test digits evaluated each time (10,000 = all). */
      testSize: number;
    }
  /** A fresh model of this stage, not started; `trainImages` trains on only the first N images (stage 1's lesson). */
  | { type: 'stage'; stage: StageNumber; trainImages?: number }
  /** A fresh model of the current stage, not started. */
  | { type: 'reset'; trainImages?: number }
  | { type: 'start' }
  /** Stops after the batch in flight, then tests the paused model. */
  | { type: 'pause' }
  | { type: 'resume' }
  /** The model's ten probabilities for one 28×28 image (784 values in [0, 1]); answered by a `prediction`. */
  | { type: 'predict'; id: number; image: Float32Array }
  /** The first layer's kernel as it is now; answered by a `first-layer`. */
  | { type: 'first-layer'; id: number }
  /** Simulates a GPU reset to try the fallback; answered by a `reply`. */
  | { type: 'lose-webgl'; id: number };

/** Everything the status bar and the tests read; sent whenever it changes, at most once per recorded point. */
export interface TrainerStatus {
  stage: StageNumber;
  status: SessionStatus;
  /** No batch in flight: not started, parked while paused, or finished. */
  idle: boolean;
  batches: number;
  epoch: number;
  learningRate: number;
  imagesPerSecond: number;
  numTensors: number;
  /** tf.memory().numTensors after the first and the latest batch: equal when nothing leaks. */
  tensorsAfterFirstBatch: number | null;
  tensorsAfterLastBatch: number | null;
  /** Batches done when the latest pause reached the trainer, counting the one in flight: training stops there. */
  pauseArrivedAt: number | null;
}

/** Trainer → page. `session` numbers the model: events of a replaced model are ignored. */
export type TrainerEvent =
  | { type: 'backend'; selection: BackendSelection; tfBackend: string; where: 'worker' | 'page' }
  | { type: 'fallback'; from: string; to: BackendSelection; why: string; tfBackend: string }
  | { type: 'download'; files: { loaded: number; total: number | undefined }[]; latest: string; done: boolean }
  /** MNIST arrived; `testImages` are the evaluated test digits (784 per digit), sent once for panel 6. */
  | { type: 'data'; mnistBytes: number; testImages: Float32Array; testLabels: Uint8Array }
  | {
      type: 'session';
      session: number;
      stage: StageNumber;
      recipe: Recipe;
      totalBatches: number;
      batchNormMomentum?: number;
      /** The model's layers (class, output shape, weights), for the summary view. */
      layers: LayerSummary[];
    }
  | { type: 'status'; session: number; state: TrainerStatus }
  /** New points since the last message: training curve, weight and bias bands, first layer's weights. */
  | {
      type: 'metrics';
      session: number;
      train: MetricPoint[];
      weights: BandSample[];
      biases: BandSample[];
      /** The first layer's kernel (e.g. 784×200 for stage 2), for a weights picture. */
      firstLayer?: { values: Float32Array; shape: number[] };
    }
  /** A training batch with the model's guesses (panel 3). */
  | { type: 'digits'; session: number; images: Float32Array; labels: Uint8Array; predictions: Uint8Array }
  /** A test evaluation: the curve point, every guess (panel 6), the confusion matrix and per-digit accuracy. */
  | {
      type: 'test';
      session: number;
      point: MetricPoint;
      predictions: Uint8Array;
      evaluated: number;
      confusion: number[][];
      perDigit: DigitAccuracy[];
    }
  | { type: 'prediction'; id: number; probabilities: Float32Array | null }
  | { type: 'first-layer'; id: number; kernel: { values: Float32Array; shape: number[] } | null }
  | { type: 'reply'; id: number; ok: boolean }
  | { type: 'notice'; message: string; kind: 'warning' | 'error' }
  | { type: 'error'; what: string; message: string };

/** Sends an event; `transfer` lists the buffers that move rather than copy. */
export type PostEvent = (event: TrainerEvent, transfer?: Transferable[]) => void;

/** The typed arrays' buffers of an event, to transfer. */
export function buffersOf(...arrays: (ArrayBufferView | undefined)[]): Transferable[] {
  return arrays.filter((a): a is ArrayBufferView => a !== undefined).map((a) => a.buffer as ArrayBuffer);
}
