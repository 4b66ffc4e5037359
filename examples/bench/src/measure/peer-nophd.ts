import { loadMnist } from '@nophd/mnist-data';
import { peerNet } from '../peer/nets.js';
import { imagesPerSecond } from '../stats.js';
import type { PeerResult, PeerTask } from '../tasks.js';
import { useBackend } from './backend.js';
import { buildStage } from './stage.js';
import { timeTrainingSteps, trainingStepImages } from './training-steps.js';

/**
 * nophd's side of a peer row: the net trained by `train()` from @nophd/training on wasm at the task's thread
 * count (1: the single-threaded SIMD build; more: the threaded build via useThreadedWasmInNode), step by
 * step after untimed warm-up, as the throughput section times it.
 */
export async function measurePeerNophd(task: PeerTask): Promise<PeerResult> {
  const selection = task.threads > 1 ? await useBackend('wasm-threads', task.threads) : await useBackend('wasm');
  const data = await loadMnist({ trainSize: trainingStepImages(task.batchSize, task.warmupBatches + task.timedBatches) });
  const { model, recipe } = buildStage(peerNet(task.net).stage);
  const trainBatchMs = await timeTrainingSteps({
    model,
    recipe,
    images: data.train,
    batchSize: task.batchSize,
    warmupBatches: task.warmupBatches,
    timedBatches: task.timedBatches,
  });
  return {
    kind: 'peer',
    engine: 'nophd',
    net: task.net,
    threads: task.threads,
    batchSize: task.batchSize,
    label: selection.label,
    trainBatchMs,
    trainImagesPerSecond: imagesPerSecond(task.batchSize, trainBatchMs),
  };
}

