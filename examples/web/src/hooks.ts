import type { BackendSelection } from '@nophd/backend';
import type { StageNumber } from '@nophd/models';
import type { PanelId } from './layout/panels';
import type { MetricPoint, SessionStatus } from '@nophd/training/worker';

/** A switch away from a backend that stopped working (a lost WebGL context). */
export interface FallbackEvent {
  from: string;
  to: string;
  why: string;
}

/** What the page is doing, for browser tests and for the curious in the devtools console. */
export interface PageState {
  phase: 'loading' | 'ready' | 'error';
  error: string | null;
  stage: StageNumber;
  status: SessionStatus | null;
  /** No batch in flight (paused and parked, finished, or not started). */
  idle: boolean;
  /** Where the model trains: in a Web Worker, or on the page's own thread where no worker could be had. */
  trainer: 'worker' | 'page' | null;
  backend: BackendSelection | null;
  /** tf.getBackend() in the trainer: the backend tfjs really runs on. */
  tfBackend: string | undefined;
  fallbacks: FallbackEvent[];
  crossOriginIsolated: boolean;
  /** Bytes of MNIST received (gzipped), as the download progress bar showed them. */
  mnistBytes: number;
  batches: number;
  epoch: number;
  learningRate: number | null;
  imagesPerSecond: number;
  train: MetricPoint | null;
  test: MetricPoint | null;
  testPoints: number;
  numTensors: number;
  /** tf.memory().numTensors after the first and after the latest batch: equal when nothing leaks. */
  tensorsAfterFirstBatch: number | null;
  tensorsAfterLastBatch: number | null;
  /** Batches done (the one in flight included) when the latest pause reached the trainer. */
  pauseArrivedAt: number | null;
  visiblePanels: PanelId[];
}

/** `window.__nophd`: read the page's state and drive it without clicking. */
export interface PageHooks {
  state(): PageState;
  start(): void;
  pause(): void;
  reset(): void;
  setStage(stage: StageNumber): void;
  showPanels(panels: PanelId[]): void;
  /** Simulates a GPU reset (WEBGL_lose_context) to try the fallback; false when WebGL is not in use. */
  loseWebGLContext(): Promise<boolean>;
  /** The model's ten probabilities for a 28×28 image (784 values in [0, 1]); null before a model exists. */
  predict(image: Float32Array): Promise<Float32Array | null>;
}

declare global {
  interface Window {
    __nophd?: PageHooks;
  }
}

export function installHooks(hooks: PageHooks): void {
  window.__nophd = hooks;
}
