import type { KernelsResult, MnistLoadResult, PeakMemoryResult, PeerResult, ThroughputResult, TimeToAccuracyResult } from './tasks.js';

/** Everything one `pnpm bench` run measured; written to results.json and rendered as the table. */
export interface BenchResults {
  /** ISO time the run started. */
  date: string;
  command: string;
  mode: 'quick' | 'full';
  machine: { cpu: string; cores: number; ramBytes: number; platform: string; arch: string };
  /** os.loadavg() when the run started and when it ended (1, 5, 15 min): how busy the machine was. */
  loadAverage: { start: number[]; end: number[] };
  node: string;
  tfjs: string;
  durationSeconds: number;
  mnistLoad?: MnistLoadResult;
  throughput: ThroughputResult[];
  /** nophd and PyTorch training the same nets, measured side by side (absent in results from older runs). */
  peer?: PeerResult[];
  kernels?: KernelsResult;
  /** "PyTorch 1.13.0", or why there is no PyTorch column (not installed, how to install it). */
  pytorch?: string;
  timeToAccuracy?: TimeToAccuracyResult;
  peakMemory?: PeakMemoryResult;
  /** Figures left out on purpose, with the reason to show instead of a number. */
  skipped: { accuracy?: string; memory?: string; peer?: string };
  /** Measurements that failed, by name, with the reason. */
  failures: { task: string; error: string }[];
}
