/**
 * The wasm Add wrapper: a per-channel vector (bias) added on nophd's SIMD module, bit for bit the cpu
 * backend's Add (one float32 addition per element either way); every other Add through the stock kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { readyWasmAndCpu } from './helpers/backends.js';
import { addConfig } from '../src/kernels/add.js';
import { WASM_TRAINING_KERNELS } from '../src/kernels/index.js';

// Taken when tfjs-backend-wasm registered it, before registerWasmTrainingKernels replaces it.
const stockAdd = tf.getKernel('Add', 'wasm')!;

beforeAll(readyWasmAndCpu);

/** Seeded values in [-10, 10) (xorshift), integers for int32. */
function values(shape: number[], seed: number, dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  let s = seed;
  const data = Array.from({ length: shape.reduce((p, q) => p * q, 1) }, () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const u = (s >>> 0) / 4294967296;
    return dtype === 'int32' ? Math.floor(u * 20) - 10 : u * 20 - 10;
  });
  return tf.tensor(data, shape, dtype);
}

async function addOn(backend: string, aShape: number[], bShape: number[], dtype: 'float32' | 'int32') {
  await tf.setBackend(backend);
  const y = tf.tidy(() => tf.add(values(aShape, 1, dtype), values(bShape, 2, dtype)));
  const result = { shape: y.shape, dtype: y.dtype, bytes: new Uint8Array((await y.data()).buffer) };
  y.dispose();
  return result;
}

async function expectSameAsCpu(aShape: number[], bShape: number[], dtype: 'float32' | 'int32' = 'float32'): Promise<void> {
  const cpu = await addOn('cpu', aShape, bShape, dtype);
  const wasm = await addOn('wasm', aShape, bShape, dtype);
  expect(wasm.shape).toEqual(cpu.shape);
  expect(wasm.dtype).toBe(cpu.dtype);
  expect(Buffer.from(wasm.bytes).equals(Buffer.from(cpu.bytes))).toBe(true);
}

const FAST: [string, number[], number[]][] = [
  ['stage 4 first conv bias', [128, 28, 28, 12], [12]],
  ['vector first', [12], [2, 3, 3, 12]],
  ['[1, C] vector', [5, 7], [1, 7]],
  ['[1, 1, C] vector of the same rank', [2, 9, 200], [1, 1, 200]],
  ['c = 1', [4, 5, 1], [1]],
  ['c = 3 (scalar tail only)', [7, 3], [3]],
  ['c = 10 (vectors and a tail)', [3, 4, 10], [10]],
  ['c = 200 (dense bias)', [9, 200], [200]],
  ['empty batch', [0, 12], [12]],
];

const STOCK: [string, number[], number[], 'float32' | 'int32'][] = [
  ['same shape', [4, 5], [4, 5], 'float32'],
  ['outer broadcast', [3, 1], [1, 4], 'float32'],
  ['vector of higher rank', [3, 4], [1, 1, 4], 'float32'],
  ['scalar', [5], [], 'float32'],
  ['no channels', [2, 0], [0], 'float32'],
  ['int32', [3, 4], [4], 'int32'],
];

describe('Add of a per-channel vector on wasm', () => {
  it.each(FAST)('%s: %j + %j equals cpu bit for bit', async (_name, aShape, bShape) => {
    await expectSameAsCpu(aShape, bShape);
  });

  it.each(STOCK)('%s: %j + %j (stock kernel) equals cpu', async (_name, aShape, bShape, dtype) => {
    await expectSameAsCpu(aShape, bShape, dtype);
  });

  it('skips the stock kernel exactly for the per-channel cases', async () => {
    await tf.setBackend('wasm');
    const stock = vi.fn(stockAdd.kernelFunc);
    const wrapped = addConfig({ ...stockAdd, kernelFunc: stock });
    const calls = (aShape: number[], bShape: number[], dtype: 'float32' | 'int32' = 'float32') => {
      stock.mockClear();
      tf.tidy(() => {
        const [a, b] = [values(aShape, 1, dtype), values(bShape, 2, dtype)];
        const out = wrapped.kernelFunc({ inputs: { a, b }, backend: tf.backend(), attrs: {} }) as tf.TensorInfo;
        tf.engine().makeTensorFromTensorInfo(out);
      });
      return stock.mock.calls.length;
    };
    for (const [, aShape, bShape] of FAST) expect(calls(aShape, bShape), `${aShape} + ${bShape}`).toBe(0);
    for (const [, aShape, bShape, dtype] of STOCK) expect(calls(aShape, bShape, dtype), `${aShape} + ${bShape}`).toBe(1);
  });

  it('is the Add registerWasmTrainingKernels installs, keeping the stock setup', () => {
    expect(WASM_TRAINING_KERNELS).toContain('Add');
    const installed = tf.getKernel('Add', 'wasm')!;
    expect(installed).not.toBe(stockAdd);
    expect(installed.kernelFunc).not.toBe(stockAdd.kernelFunc);
    expect(installed.setupFunc).toBe(stockAdd.setupFunc);
  });

  it('leaves no tensors or heap allocations behind', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    tf.tidy(() => {
      for (const [, aShape, bShape] of FAST) tf.add(values(aShape, 1), values(bShape, 2));
    });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
  });
});
