import { loadMnist } from '@nophd/mnist-data';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { peerNet } from '../peer/nets.js';
import { imagesPerSecond } from '../stats.js';
import type { PeerResult, PeerTask } from '../tasks.js';
import { useBackend } from './backend.js';
import { endlessBatches } from './batches.js';
import { createExpertsNet } from './experts-net.js';
import { buildStage } from './stage.js';

/** Enough real training images for many distinct batches; throughput does not need all 55,000. */
const PEER_IMAGES = 4096;

/**
 * nophd's side of a peer row: the net trained with `trainOnBatch` on wasm at the task's thread count
 * (1: the single-threaded SIMD build; more: the threaded build via useThreadedWasmInNode), batch by
 * batch after untimed warm-up, as the throughput section times it.
 */
export async function measurePeerNophd(task: PeerTask): Promise<PeerResult> {
  const selection = task.threads > 1 ? await useBackend('wasm-threads', task.threads) : await useBackend('wasm');
  const data = await loadMnist({ trainSize: PEER_IMAGES });
  const net = peerNet(task.net);
  const { model, shape } = build(net.stage);
  const batches = endlessBatches(data.train, task.batchSize, shape);
  const step = async () => {
    const { xs, ys } = batches.next().value!;
    await model.trainOnBatch(xs, ys);
    tf.dispose([xs, ys]);
  };
  for (let i = 0; i < task.warmupBatches; i++) await step();
  const trainBatchMs: number[] = [];
  for (let i = 0; i < task.timedBatches; i++) {
    const start = performance.now();
    await step();
    trainBatchMs.push(performance.now() - start);
  }
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

function build(stage: number | undefined): { model: tfl.LayersModel; shape: 'flat' | 'image' } {
  if (stage === undefined) return { model: createExpertsNet(), shape: 'image' };
  const { model, recipe } = buildStage(stage);
  return { model, shape: recipe.inputShape };
}
