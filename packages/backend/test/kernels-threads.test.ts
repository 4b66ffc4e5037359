/**
 * The threaded SIMD wasm build in Node (useThreadedWasmInNode): XNNPACK gets two threads, and
 * the training kernels give the same results as on cpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { finishThreadedWasmInNode, registerWasmTrainingKernels, useThreadedWasmInNode } from '../src/kernels/index.js';
import { mnistTestBatch, quarterWidthStage } from './helpers/stages.js';

beforeAll(async () => {
  registerWasmTrainingKernels();
  setThreadsCount(useThreadedWasmInNode({ threads: 2 }));
  expect(await tf.setBackend('wasm')).toBe(true);
  finishThreadedWasmInNode();
});

describe('threaded wasm in Node', () => {
  it('runs XNNPACK with two threads on the threaded build', () => {
    expect(getThreadsCount()).toBe(2);
    const backend = tf.backend() as unknown as { wasm: { PThread?: unknown } };
    expect(backend.wasm.PThread).toBeDefined();
  });

  it('restores the globals it patched during initialisation', () => {
    expect(URL.createObjectURL(new Blob(['x']))).toMatch(/^blob:/);
  });

  it('trains stage 4 (quarter width) with the same losses as cpu', async () => {
    const losses: Record<string, number[]> = {};
    let initial: Float32Array[] | undefined;
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const { model } = quarterWidthStage(4, 5);
      if (initial) model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial![i]!, w.shape)));
      else initial = model.getWeights().map((w) => w.dataSync() as Float32Array);
      const { xs, ys } = await mnistTestBatch(4, 16);
      losses[backend] = [];
      for (let i = 0; i < 3; i++) losses[backend]!.push(((await model.trainOnBatch(xs, ys)) as number[])[0]!);
      tf.dispose([xs, ys]);
      model.dispose();
    }
    losses.cpu!.forEach((l, i) => expect(Math.abs(losses.wasm![i]! - l)).toBeLessThan(1e-4 * Math.max(1, l)));
  });
});
