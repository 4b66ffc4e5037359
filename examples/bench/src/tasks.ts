import type { BenchBackend } from './cli.js';
import type { LayerShape } from './kernels/shapes.js';
import type { PeerNetId } from './peer/nets.js';

/** One measurement, run in a fresh child process so backends, caches and heaps start clean. */
export type Task = MnistLoadTask | ThroughputTask | TimeToAccuracyTask | PeakMemoryTask | PeerTask | KernelsTask | PageTask;

export interface MnistLoadTask {
  kind: 'mnist-load';
  /** How often the 70,000 images are parsed again to take a median. */
  parseRepeats: number;
}

export interface ThroughputTask {
  kind: 'throughput';
  stage: number;
  backend: BenchBackend;
  batchSize: number;
  /** Untimed batches first: kernel set-up, weight allocation, optimizer slots. */
  warmupBatches: number;
  /** Size of the warm-up batches; smaller than batchSize where a backend is very slow. */
  warmupBatchSize: number;
  timedBatches: number;
  /** Forward-only (inference) batches timed after training; 0 to skip. */
  forwardBatches: number;
}

/** One net trained at one thread count by one engine, for the nophd / PyTorch ratios. */
export interface PeerTask {
  kind: 'peer';
  /** 'nophd' runs in a Node child on wasm; 'pytorch' runs peer/pytorch_peer.py. */
  engine: 'nophd' | 'pytorch';
  net: PeerNetId;
  threads: number;
  batchSize: number;
  warmupBatches: number;
  timedBatches: number;
}

/** The conv and dense kernels of the stages' layers, timed one by one on single-threaded wasm. */
export interface KernelsTask {
  kind: 'kernels';
  stages: number[];
  /** Timed calls per kernel (after one untimed call); the fastest is reported. */
  repeats: number;
}

export interface TimeToAccuracyTask {
  kind: 'time-to-accuracy';
  stage: number;
  /** 'auto': chosen as `pnpm train` chooses it, `selectBackend({ backend: 'auto' })` (threads on idle cores). */
  backend: BenchBackend | 'auto';
  targetAccuracy: number;
  maxEpochs: number;
}

export interface PeakMemoryTask {
  kind: 'peak-memory';
  stage: number;
  backend: BenchBackend;
  epochs: number;
}

export interface MnistLoadResult {
  kind: 'mnist-load';
  /** loadMnist() of the embedded data, first call in a fresh process (SHA-256 checked), ms. */
  loadMs: number;
  /** train/validation/test sizes loadMnist() returned. */
  sizes: { train: number; validation: number; test: number };
  parseImages: number;
  /** loadMnist({ dir, verify: false }) from the OS file cache: IDX bytes to float32 splits, ms per run. */
  parseMs: number[];
  parseMedianMs: number;
  /** parseIdxImages + parseIdxLabels alone on bytes in memory (header checks; pixels stay views), ms. */
  idxParseMedianMs: number;
  /** ArrayBuffer bytes still held after loadMnist() and a full GC: the dataset itself. */
  retainedArrayBuffers: number;
  rssGrowth: number;
}

export interface ThroughputResult {
  kind: 'throughput';
  stage: number;
  backend: BenchBackend;
  backendLabel: string;
  batchSize: number;
  trainBatchMs: number[];
  trainImagesPerSecond: number;
  forwardBatchMs: number[];
  forwardImagesPerSecond: number | null;
  numTensorsBefore: number;
  numTensorsAfter: number;
}

export interface EpochRecord {
  epoch: number;
  /** Seconds since training started, including the evaluations so far. */
  elapsedSeconds: number;
  trainSeconds: number;
  evaluateSeconds: number;
  testAccuracy: number;
  learningRate: number;
  /** tf.memory().numTensors after the epoch's evaluation; flat across epochs when nothing leaks. */
  numTensors: number;
}

export interface TimeToAccuracyResult {
  kind: 'time-to-accuracy';
  stage: number;
  backend: BenchBackend | 'auto';
  backendLabel: string;
  recipe: { optimizer: string; learningRate: number; batchSize: number; epochs: number; schedule: string };
  trainImages: number;
  testImages: number;
  targetAccuracy: number;
  reached: boolean;
  /** Seconds from the first batch to the evaluation that reached the target (or to the last one). */
  seconds: number;
  epochs: EpochRecord[];
}

export interface PeakMemoryResult {
  kind: 'peak-memory';
  stage: number;
  backend: BenchBackend;
  backendLabel: string;
  trainImages: number;
  batchSize: number;
  epochSeconds: number;
  /** ru_maxrss of the child process (what `/usr/bin/time -v` reports), bytes. */
  peakRss: number;
  /** Largest rss seen by sampling process.memoryUsage() between batches, bytes. */
  sampledPeakRss: number;
  rssAfterLoad: number;
  rssAtStart: number;
  numTensorsBefore: number;
  numTensorsAfter: number;
}

export interface PeerResult {
  kind: 'peer';
  engine: 'nophd' | 'pytorch';
  net: PeerNetId;
  threads: number;
  batchSize: number;
  /** What ran: the wasm backend's label, or "PyTorch 1.13.0". */
  label: string;
  trainBatchMs: number[];
  trainImagesPerSecond: number;
}

/** Best-of-repeats milliseconds of a layer's three products. */
export interface KernelTimings {
  shape: LayerShape;
  forwardMs: number;
  inputGradientMs: number;
  weightGradientMs: number;
}

export interface KernelsResult {
  kind: 'kernels';
  label: string;
  repeats: number;
  /** Batch size each stage's shapes were measured at (its recipe's). */
  batches: Record<number, number>;
  /** A plain size³ matmul on the same backend: the ceiling the layer kernels are compared with. */
  ceiling: { size: number; ms: number };
  rows: KernelTimings[];
}

export type TaskResult = MnistLoadResult | ThroughputResult | TimeToAccuracyResult | PeakMemoryResult | PeerResult | KernelsResult | PageResult;

/** The built web page in Chromium while stages train: how live it stays. */
export interface PageTask {
  kind: 'page';
  stages: number[];
  /** Training between the first test evaluation and the measured window. */
  warmupSeconds: number;
  measureSeconds: number;
  /** Each stage trains this many times in the worker and as many on the page's thread, alternating. */
  rounds: number;
}

export interface PageStageResult {
  stage: number;
  /** Where the model trained: in the page's Web Worker, or on its own thread (`?worker=0`, the fallback). */
  trainer: 'worker' | 'page';
  framesPerSecond: number;
  /** Share of the main thread's time spent in tasks over 50 ms (PerformanceObserver 'longtask'). */
  longTaskShare: number;
  /** 0 when no task ran over 50 ms (shorter ones are not reported by the browser). */
  longestTaskMs: number;
  /** The slowest key press: from the keydown event to the next frame. */
  keyPressMs: number;
  keyPresses: number;
  /** Training images per second over whole cycles of 100 batches and a test evaluation, evaluations included. */
  imagesPerSecond: number;
  /** The span images/s was counted over: from one test result to the first after the key-press window (all rounds). */
  throughputSeconds: number;
  /** Page loads merged into this row (frames/s the worst of them, longest task and key press the slowest). */
  rounds: number;
  status: string;
}

export interface PageResult {
  kind: 'page';
  backendLabel: string;
  warmupSeconds: number;
  measureSeconds: number;
  rounds: number;
  stages: PageStageResult[];
}
