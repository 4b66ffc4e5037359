import type { BenchBackend, BenchOptions } from './cli.js';
import { PEER_NETS, PEER_THREADS } from './peer/nets.js';
import type { PytorchStatus } from './peer/pytorch.js';
import type { PageTask, PeakMemoryTask, PeerTask, Task, ThroughputTask, TimeToAccuracyTask } from './tasks.js';

export const BATCH_SIZE = 128;
/** The stage and backend a learner is pointed to for 99% in Node. */
/** `pnpm train`'s default run: stage 4, its backend chosen as pnpm train chooses it (`--backend auto`). */
export const RECOMMENDED = { stage: 4, backend: 'auto' as const, targetAccuracy: 0.99 };
/** The biggest model, whose full-dataset run sets the memory peak. */
export const MEMORY_RUN = { stage: 5, backend: 'wasm' as BenchBackend, epochs: 1 };
export const TRAIN_IMAGES = 55_000;
export const TEST_IMAGES = 10_000;

/** The stages whose training in the page is measured: the slowest steps, where a page stalls first. */
export const PAGE_STAGES = [4, 5];

/** Convolutional stages; the cpu backend trains them at a few images per second. */
const CONV_STAGES = new Set([4, 5]);

/**
 * Rough training speeds on a 2-core machine (images/s), only used to print how long the
 * run will take and to size time-outs; the bench measures the real figures.
 */
const EXPECTED_TRAIN_RATE: Record<BenchBackend, Record<number, number>> = {
  wasm: { 1: 15_000, 2: 10_000, 3: 8_000, 4: 800, 5: 400 },
  'wasm-threads': { 1: 15_000, 2: 5_000, 3: 4_000, 4: 800, 5: 400 },
  cpu: { 1: 5_000, 2: 600, 3: 500, 4: 2, 5: 2 },
};
/** Start-up of a child: tsx, tfjs, the wasm module and a small MNIST subset. */
const CHILD_START_SECONDS = 5;

export interface PlannedTask {
  task: Task;
  estimateSeconds: number;
}

export interface Plan {
  tasks: PlannedTask[];
  /** Figures the mode leaves out, with the reason shown in the table. */
  skipped: { accuracy?: string; memory?: string; peer?: string };
  estimateSeconds: number;
}

/** The list of measurements `pnpm bench` runs for these options, each with a time estimate. */
export function planBench(options: BenchOptions, pytorch: PytorchStatus = { installed: false, reason: 'PyTorch not looked for' }): Plan {
  const tasks: PlannedTask[] = [];
  const skipped: Plan['skipped'] = {};
  const wants = (section: string) => options.sections.includes(section as never);

  if (wants('data')) tasks.push({ task: { kind: 'mnist-load', parseRepeats: 5 }, estimateSeconds: 10 });
  if (wants('throughput')) {
    for (const backend of options.backends) {
      for (const stage of options.stages) {
        const task = throughputTask(stage, backend, options.quick);
        tasks.push({ task, estimateSeconds: throughputSeconds(task) });
      }
    }
  }
  if (wants('kernels')) {
    const stages = options.stages.filter((stage) => CONV_STAGES.has(stage));
    if (stages.length > 0) tasks.push({ task: { kind: 'kernels', stages, repeats: options.quick ? 3 : 7 }, estimateSeconds: CHILD_START_SECONDS + 25 });
  }
  if (wants('peer')) {
    if (!pytorch.installed) skipped.peer = pytorch.reason;
    for (const task of peerTasks(options.quick, pytorch.installed)) tasks.push({ task, estimateSeconds: peerSeconds(task) });
  }
  if (wants('accuracy')) {
    if (options.quick) skipped.accuracy = 'not measured (--quick)';
    else {
      const task: TimeToAccuracyTask = { kind: 'time-to-accuracy', ...RECOMMENDED, maxEpochs: 20 };
      // About three epochs plus an evaluation of the test set after each.
      const epochSeconds = TRAIN_IMAGES / EXPECTED_TRAIN_RATE.wasm[task.stage] + 10;
      tasks.push({ task, estimateSeconds: CHILD_START_SECONDS + 10 + 3 * epochSeconds });
    }
  }
  if (wants('memory')) {
    if (options.quick) skipped.memory = 'not measured (--quick)';
    else {
      const task: PeakMemoryTask = { kind: 'peak-memory', ...MEMORY_RUN };
      const seconds = (task.epochs * TRAIN_IMAGES) / EXPECTED_TRAIN_RATE[task.backend][task.stage];
      tasks.push({ task, estimateSeconds: CHILD_START_SECONDS + 10 + seconds });
    }
  }
  if (wants('browser')) {
    const task: PageTask = { kind: 'page', stages: PAGE_STAGES, warmupSeconds: 8, measureSeconds: 10, rounds: 2 };
    // The Vite build, then per stage and round, in the Web Worker and on the page's thread: page load with MNIST, warm-up, the
    // measured window and the rest of its evaluation cycle (≈ 20 s).
    const perPage = 15 + task.warmupSeconds + task.measureSeconds + 20;
    tasks.push({ task, estimateSeconds: CHILD_START_SECONDS + 60 + 2 * task.rounds * task.stages.length * perPage });
  }
  return { tasks, skipped, estimateSeconds: tasks.reduce((sum, t) => sum + t.estimateSeconds, 0) };
}

/**
 * Batches per measurement. The cpu backend needs about a minute per 128-image batch of a conv
 * stage, so it gets one small warm-up batch and two timed ones; in --quick mode those timed
 * batches hold 8 images (cpu time grows linearly with the batch, so images/s is comparable).
 */
export function throughputTask(stage: number, backend: BenchBackend, quick: boolean): ThroughputTask {
  const slowConv = backend === 'cpu' && CONV_STAGES.has(stage);
  if (slowConv) {
    return {
      kind: 'throughput',
      stage,
      backend,
      batchSize: quick ? 8 : BATCH_SIZE,
      warmupBatches: 1,
      warmupBatchSize: 2,
      timedBatches: 2,
      forwardBatches: 0,
    };
  }
  const forward = backend === 'wasm';
  return {
    kind: 'throughput',
    stage,
    backend,
    batchSize: BATCH_SIZE,
    warmupBatches: quick ? 2 : 3,
    warmupBatchSize: BATCH_SIZE,
    timedBatches: quick ? 5 : backend === 'wasm' ? 20 : 10,
    forwardBatches: forward ? (quick ? 5 : 20) : 0,
  };
}

/**
 * Each net at each thread count, in the order nophd, PyTorch, PyTorch, nophd (when PyTorch is installed), and
 * the report keeps each engine's better run: on a shared machine whose load drifts, the mirrored order gives
 * both engines the same average load, and the better of two runs skips a slow spell. (Measured once each, one
 * after the other, stage 4 at 2 threads read 1.52× and 1.23× PyTorch in two runs 40 minutes apart.) Without
 * PyTorch the nophd side still runs twice: its thread scaling is worth seeing.
 */
export function peerTasks(quick: boolean, withPytorch: boolean): PeerTask[] {
  const engines: PeerTask['engine'][] = withPytorch ? ['nophd', 'pytorch', 'pytorch', 'nophd'] : ['nophd', 'nophd'];
  return PEER_NETS.flatMap((net) =>
    PEER_THREADS.flatMap((threads) =>
      engines.map((engine) => ({
        kind: 'peer' as const,
        engine,
        net: net.id,
        threads,
        batchSize: net.batchSize,
        warmupBatches: quick ? 2 : 3,
        timedBatches: quick ? 5 : 15,
      })),
    ),
  );
}

/** Rough images/s of each peer net on one thread, for the estimate only. */
const EXPECTED_PEER_RATE: Record<string, number> = { stage2: 5_000, stage4: 800, stage5: 250, experts: 150 };

function peerSeconds(task: PeerTask): number {
  const images = (task.warmupBatches + task.timedBatches) * task.batchSize;
  return (task.engine === 'pytorch' ? 2 : CHILD_START_SECONDS) + images / EXPECTED_PEER_RATE[task.net];
}

function throughputSeconds(task: ThroughputTask): number {
  const rate = EXPECTED_TRAIN_RATE[task.backend][task.stage];
  const images =
    task.warmupBatches * task.warmupBatchSize + task.timedBatches * task.batchSize + (task.forwardBatches * task.batchSize) / 3;
  return CHILD_START_SECONDS + images / rate;
}

/** "about 12 minutes" / "about 40 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}
