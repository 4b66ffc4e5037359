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
import { FusedAdamOptimizer, optionalScaleBatchNormalization } from '@nophd/models';
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

  it("runs the fused batch-norm and Adam kernels on the threaded build's shared memory, as on cpu", async () => {
    const results: Record<string, number[][]> = {};
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      results[backend] = tf.tidy(() => {
        const x = tf.randomNormal([6, 5, 5, 12], 1, 2, 'float32', 4);
        const layer = optionalScaleBatchNormalization({ scale: false });
        layer.apply(x, { training: true });
        const optimizer = new FusedAdamOptimizer(0.01, 0.9, 0.999);
        // A loss whose gradient is far from zero everywhere (Adam's first step is ±lr by the gradient's sign).
        const weight = tf.randomNormal([6, 5, 5, 12], 0, 1, 'float32', 5);
        const loss = () => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, weight)) as tf.Scalar;
        optimizer.minimize(loss);
        const out = [Array.from(loss().dataSync()), ...layer.getWeights().map((w) => Array.from(w.dataSync()))];
        optimizer.dispose();
        return out;
      });
    }
    results.cpu!.forEach((values, i) => values.forEach((v, j) => expect(Math.abs(results.wasm![i]![j]! - v)).toBeLessThan(1e-4 * Math.max(1, Math.abs(v)))));
  });
});
