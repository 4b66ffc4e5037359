/**
 * The fused kernels on nophd's SIMD module (batch norm in training, Adam) and the Cast that shares memory:
 * parity with the composed tfjs ops on cpu, Adam bit for bit with tfjs's own, the names @nophd/models
 * looks them up by, and no leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { FUSED_KERNEL_NAMES as MODELS_KERNEL_NAMES, FusedAdamOptimizer, optionalScaleBatchNormalization } from '@nophd/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { readyWasmAndCpu } from './helpers/backends.js';
import { relativeError } from './helpers/relative-error.js';
import { FUSED_KERNEL_NAMES } from '../src/kernels/fused_names.js';
import { quarterWidthStage, mnistTestBatch } from './helpers/stages.js';

beforeAll(readyWasmAndCpu);

/** Batch norm (training) output, input gradient and weight gradients for one layer on `backend`. */
async function batchNormOn(backend: string, shape: number[], scale: boolean, center: boolean) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.randomNormal(shape, 1.5, 2, 'float32', 11);
    const weightOfDy = tf.randomNormal(shape, 0, 1, 'float32', 12);
    const layer = optionalScaleBatchNormalization({ scale, center });
    const f = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, weightOfDy)) as tf.Scalar;
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    const dx = tf.grad(f)(x);
    const variables = layer.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
    const grads = variables.length > 0 ? tf.variableGrads(() => f(x), variables).grads : {};
    const moving = layer.nonTrainableWeights.map((w) => w.read().dataSync() as Float32Array);
    return {
      y: y.dataSync() as Float32Array,
      dx: dx.dataSync() as Float32Array,
      grads: variables.map((v) => grads[v.name]!.dataSync() as Float32Array),
      moving,
    };
  });
}


describe('batch norm in training on wasm (fused kernels)', () => {
  const cases: [string, number[], boolean, boolean][] = [
    ['stage 5 conv shape, offset only', [4, 6, 6, 24], false, true],
    ['dense [rows, C], scale and offset', [33, 20], true, true],
    ['channels not a multiple of 4 (scalar tail)', [5, 3, 3, 7], true, true],
    ['neither scale nor offset', [9, 6], false, false],
    ['one channel', [2, 4, 4, 1], true, false],
  ];
  it.each(cases)('%s: output, gradients and moving statistics match cpu', async (_name, shape, scale, center) => {
    const cpu = await batchNormOn('cpu', shape, scale, center);
    const wasm = await batchNormOn('wasm', shape, scale, center);
    expect(relativeError(wasm.y, cpu.y)).toBeLessThan(2e-6);
    expect(relativeError(wasm.dx, cpu.dx)).toBeLessThan(2e-5);
    expect(wasm.grads.length).toBe(cpu.grads.length);
    wasm.grads.forEach((g, i) => expect(relativeError(g, cpu.grads[i]!)).toBeLessThan(2e-5));
    wasm.moving.forEach((m, i) => expect(relativeError(m, cpu.moving[i]!)).toBeLessThan(2e-6));
  });

  it('runs as the two fused kernels, not composed ops', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([4, 5, 5, 8]);
    const layer = optionalScaleBatchNormalization({ scale: false });
    layer.apply(x, { training: true });
    const profile = await tf.profile(() => tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input, { training: true }) as tf.Tensor))(x));
    const names = profile.kernels.map((k) => k.name);
    expect(names).toContain(FUSED_KERNEL_NAMES.batchNormTraining);
    expect(names).toContain(FUSED_KERNEL_NAMES.batchNormTrainingGrad);
    expect(names).not.toContain('Mean');
    tf.dispose(profile.result as tf.Tensor);
    x.dispose();
  });
});

describe('Adam on wasm (fused kernel)', () => {
  it("moves weights and moments bit for bit as tfjs's AdamOptimizer", async () => {
    await tf.setBackend('wasm');
    const run = (optimizer: tf.Optimizer) =>
      tf.tidy(() => {
        // 4·k + 3 values, so the scalar tail runs too; a second, smaller variable with its own slots.
        const a = tf.variable(tf.randomNormal([7, 9], 0, 1, 'float32', 1), true, `a${optimizer.constructor.name}`);
        const b = tf.variable(tf.randomNormal([3], 0, 1, 'float32', 2), true, `b${optimizer.constructor.name}`);
        const target = tf.randomNormal([7, 9], 0, 1, 'float32', 3);
        for (let step = 0; step < 5; step++) {
          optimizer.minimize(() => tf.add(tf.sum(tf.square(tf.sub(a, target))), tf.sum(tf.mul(b, b))) as tf.Scalar);
        }
        const values = [a, b].map((v) => v.dataSync() as Float32Array);
        a.dispose();
        b.dispose();
        return values;
      });
    const stock = tf.train.adam(0.01);
    const fused = new FusedAdamOptimizer(0.01, 0.9, 0.999);
    const expected = run(stock);
    const actual = run(fused);
    actual.forEach((values, i) => expect(Array.from(values)).toEqual(Array.from(expected[i]!)));
    const [stockWeights, fusedWeights] = [await stock.getWeights(), await fused.getWeights()];
    expect(fusedWeights.map((w) => w.name.replace('FusedAdamOptimizer', ''))).toEqual(stockWeights.map((w) => w.name.replace('AdamOptimizer', '')));
    fusedWeights.forEach((w, i) => expect(Array.from(w.tensor.dataSync())).toEqual(Array.from(stockWeights[i]!.tensor.dataSync())));
    stock.dispose();
    fused.dispose();
  });
});

describe('fused kernels and @nophd/models', () => {
  it('are registered under the names @nophd/models looks them up by', () => {
    expect(MODELS_KERNEL_NAMES).toEqual(FUSED_KERNEL_NAMES);
    for (const name of Object.values(FUSED_KERNEL_NAMES)) expect(tf.getKernel(name, 'wasm')).toBeDefined();
  });

  it('a stage-5 training step runs them and leaves no tensors or heap allocations behind', async () => {
    await tf.setBackend('wasm');
    const { model } = quarterWidthStage(5);
    const { xs, ys } = await mnistTestBatch(5, 8);
    await model.trainOnBatch(xs, ys);
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    const profile = await tf.profile(async () => {
      await model.trainOnBatch(xs, ys);
    });
    await model.trainOnBatch(xs, ys);
    const counts = new Map<string, number>();
    for (const k of profile.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
    expect(counts.get(FUSED_KERNEL_NAMES.batchNormTraining)).toBe(4);
    expect(counts.get(FUSED_KERNEL_NAMES.batchNormTrainingGrad)).toBe(4);
    expect(counts.get(FUSED_KERNEL_NAMES.adamUpdate)).toBe(model.trainableWeights.length);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

describe('Cast on wasm', () => {
  it('shares memory for a cast to the same type and still converts between types', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor([1.5, -2.25, 3]);
    const same = tf.cast(x, 'float32');
    const backend = tf.backend() as unknown as { dataIdMap: { get(id: object): { memoryOffset: number } } };
    expect(backend.dataIdMap.get(same.dataId).memoryOffset).toBe(backend.dataIdMap.get(x.dataId).memoryOffset);
    x.dispose();
    expect(Array.from(await same.data())).toEqual([1.5, -2.25, 3]);
    const ints = tf.cast(same, 'int32');
    expect(ints.dtype).toBe('int32');
    expect(Array.from(await ints.data())).toEqual([1, -2, 3]);
    tf.dispose([same, ints]);
  });
});
