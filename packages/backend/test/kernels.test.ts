/**
 * Gradient parity of every wasm kernel registerWasmTrainingKernels installs, against the cpu
 * backend, over many convolution geometries.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { readyWasmAndCpu } from './helpers/backends.js';
import { relativeError } from './helpers/relative-error.js';
import { registerWasmTrainingKernels, UnsupportedConvolutionError, WASM_TRAINING_KERNELS } from '../src/kernels/index.js';

/** 'same', 'valid', or explicit NHWC paddings [[0,0],[top,bottom],[left,right],[0,0]]. */
type Pad = 'same' | 'valid' | number[][];
interface ConvCase {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outC: number;
  kH: number;
  kW: number;
  strides: [number, number];
  pad: Pad;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function randomArray(n: number, r: () => number): Float32Array {
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

/** Runs `f` on a backend with fresh tensors built from plain arrays, returning plain arrays. */
async function on(backend: string, f: () => tf.Tensor): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backend);
  const t = tf.tidy(f);
  const values = (await t.data()) as Float32Array;
  const shape = t.shape;
  t.dispose();
  return { shape, values };
}


async function expectParity(f: () => tf.Tensor, tolerance = 2e-5): Promise<void> {
  const cpu = await on('cpu', f);
  const wasm = await on('wasm', f);
  expect(wasm.shape).toEqual(cpu.shape);
  expect(wasm.values.every(Number.isFinite)).toBe(true);
  expect(relativeError(wasm.values, cpu.values)).toBeLessThanOrEqual(tolerance);
}

/** The two convolution gradient kernels, called directly (tfjs-core does not export them as ops). */
function filterGrad(x: tf.Tensor, dy: tf.Tensor, filterShape: number[], strides: number | [number, number], pad: Pad): tf.Tensor {
  const attrs = { strides, pad, dataFormat: 'NHWC', filterShape };
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}
function inputGrad(inputShape: number[], dy: tf.Tensor, filter: tf.Tensor, strides: number | [number, number], pad: Pad): tf.Tensor {
  const attrs = { strides, pad, dataFormat: 'NHWC', inputShape };
  return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function outSize(n: number, k: number, s: number, pad: Pad, axis: 1 | 2): number {
  if (pad === 'same') return Math.ceil(n / s);
  if (pad === 'valid') return Math.ceil((n - k + 1) / s);
  return Math.floor((n + pad[axis]![0]! + pad[axis]![1]! - k) / s) + 1;
}

/** Geometries: the codelab's layers, edge cases, then a seeded random sweep. */
function convCases(): ConvCase[] {
  const cases: ConvCase[] = [
    { batch: 2, inH: 28, inW: 28, inC: 1, outC: 12, kH: 3, kW: 3, strides: [1, 1], pad: 'same' },
    { batch: 2, inH: 28, inW: 28, inC: 12, outC: 24, kH: 6, kW: 6, strides: [2, 2], pad: 'same' },
    { batch: 2, inH: 14, inW: 14, inC: 24, outC: 32, kH: 6, kW: 6, strides: [2, 2], pad: 'same' },
    // Stage 5's layers; its first (one input channel) takes the dy·Wᵀ + col2im path of Conv2DBackpropInput.
    { batch: 2, inH: 28, inW: 28, inC: 1, outC: 24, kH: 6, kW: 6, strides: [1, 1], pad: 'same' },
    { batch: 2, inH: 28, inW: 28, inC: 24, outC: 48, kH: 5, kW: 5, strides: [2, 2], pad: 'same' },
    { batch: 2, inH: 14, inW: 14, inC: 48, outC: 64, kH: 4, kW: 4, strides: [2, 2], pad: 'same' },
    { batch: 1, inH: 1, inW: 1, inC: 3, outC: 2, kH: 1, kW: 1, strides: [1, 1], pad: 'valid' },
    { batch: 3, inH: 5, inW: 9, inC: 2, outC: 3, kH: 7, kW: 7, strides: [1, 1], pad: 'same' },
    { batch: 2, inH: 7, inW: 7, inC: 2, outC: 2, kH: 7, kW: 7, strides: [2, 2], pad: 'valid' },
    { batch: 4, inH: 9, inW: 6, inC: 3, outC: 5, kH: 2, kW: 5, strides: [1, 2], pad: 'same' },
    { batch: 2, inH: 8, inW: 11, inC: 4, outC: 3, kH: 4, kW: 1, strides: [2, 1], pad: 'valid' },
    { batch: 2, inH: 9, inW: 8, inC: 3, outC: 2, kH: 2, kW: 3, strides: [2, 2], pad: [[0, 0], [4, 0], [0, 3], [0, 0]] },
    { batch: 1, inH: 6, inW: 7, inC: 2, outC: 3, kH: 3, kW: 5, strides: [2, 1], pad: [[0, 0], [1, 2], [3, 1], [0, 0]] },
    { batch: 2, inH: 10, inW: 10, inC: 3, outC: 4, kH: 1, kW: 3, strides: [3, 2], pad: 'same' },
  ];
  const r = rng(2024);
  const pick = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  while (cases.length < 48) {
    const kH = pick(1, 7);
    const kW = pick(1, 7);
    const pad: Pad = r() < 0.5 ? 'same' : 'valid';
    const strides: [number, number] = [pick(1, 2), pick(1, 2)];
    const inH = pick(pad === 'valid' ? kH : 1, 13);
    const inW = pick(pad === 'valid' ? kW : 1, 13);
    cases.push({ batch: pick(1, 4), inH, inW, inC: pick(1, 6), outC: pick(1, 7), kH, kW, strides, pad });
  }
  return cases;
}

const label = (c: ConvCase) =>
  `x[${c.batch},${c.inH},${c.inW},${c.inC}] w[${c.kH},${c.kW},${c.inC},${c.outC}] s${c.strides.join('x')} ${JSON.stringify(c.pad)}`;

beforeAll(readyWasmAndCpu);

describe('Conv2DBackpropFilter on wasm', () => {
  it.each(convCases().map((c, i) => [label(c), c, i] as const))('matches cpu: %s', async (_name, c, i) => {
    const r = rng(100 + i);
    const oh = outSize(c.inH, c.kH, c.strides[0], c.pad, 1);
    const ow = outSize(c.inW, c.kW, c.strides[1], c.pad, 2);
    const x = randomArray(c.batch * c.inH * c.inW * c.inC, r);
    const dy = randomArray(c.batch * oh * ow * c.outC, r);
    await expectParity(() =>
      filterGrad(
        tf.tensor4d(x, [c.batch, c.inH, c.inW, c.inC]),
        tf.tensor4d(dy, [c.batch, oh, ow, c.outC]),
        [c.kH, c.kW, c.inC, c.outC],
        c.strides,
        c.pad,
      ),
    );
  });
});

/** One input channel and output channels in fours: the SIMD module's own loop (every taps × vectors block it has). */
function oneChannelCases(): ConvCase[] {
  const base = { inC: 1, batch: 3 };
  return [
    { ...base, inH: 28, inW: 28, outC: 12, kH: 3, kW: 3, strides: [1, 1], pad: 'same' }, // stage 4
    { ...base, inH: 28, inW: 28, outC: 24, kH: 6, kW: 6, strides: [1, 1], pad: 'same' }, // stage 5
    { ...base, inH: 28, inW: 28, outC: 32, kH: 5, kW: 5, strides: [1, 1], pad: 'same' }, // the experts' net
    { ...base, inH: 9, inW: 11, outC: 4, kH: 7, kW: 7, strides: [1, 1], pad: 'same' },
    { ...base, inH: 9, inW: 11, outC: 8, kH: 2, kW: 4, strides: [2, 2], pad: 'same' },
    { ...base, inH: 10, inW: 7, outC: 16, kH: 3, kW: 1, strides: [1, 1], pad: 'valid' },
    { ...base, inH: 10, inW: 10, outC: 20, kH: 4, kW: 4, strides: [3, 3], pad: 'valid' }, // last row and column unread
    { ...base, inH: 6, inW: 8, outC: 28, kH: 3, kW: 5, strides: [2, 2], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
    { ...base, batch: 1, inH: 1, inW: 1, outC: 4, kH: 1, kW: 1, strides: [1, 1], pad: 'valid' },
  ];
}

describe('Conv2DBackpropFilter on wasm, one input channel', () => {
  it.each(oneChannelCases().map((c, i) => [label(c), c, i] as const))('matches cpu: %s', async (_name, c, i) => {
    const r = rng(500 + i);
    const oh = outSize(c.inH, c.kH, c.strides[0], c.pad, 1);
    const ow = outSize(c.inW, c.kW, c.strides[1], c.pad, 2);
    const x = randomArray(c.batch * c.inH * c.inW, r);
    const dy = randomArray(c.batch * oh * ow * c.outC, r);
    await expectParity(() =>
      filterGrad(tf.tensor4d(x, [c.batch, c.inH, c.inW, 1]), tf.tensor4d(dy, [c.batch, oh, ow, c.outC]), [c.kH, c.kW, 1, c.outC], c.strides, c.pad),
    );
  });
});

describe('Conv2D on wasm, one input channel', () => {
  it.each(oneChannelCases().map((c, i) => [label(c), c, i] as const))('matches cpu: %s', async (_name, c, i) => {
    const r = rng(700 + i);
    const x = randomArray(c.batch * c.inH * c.inW, r);
    const w = randomArray(c.kH * c.kW * c.outC, r);
    await expectParity(() =>
      tf.conv2d(tf.tensor4d(x, [c.batch, c.inH, c.inW, 1]), tf.tensor4d(w, [c.kH, c.kW, 1, c.outC]), c.strides, c.pad as 'same'),
    );
  });
});

describe('Conv2DBackpropInput on wasm', () => {
  it.each(convCases().map((c, i) => [label(c), c, i] as const))('matches cpu: %s', async (_name, c, i) => {
    const r = rng(500 + i);
    const oh = outSize(c.inH, c.kH, c.strides[0], c.pad, 1);
    const ow = outSize(c.inW, c.kW, c.strides[1], c.pad, 2);
    const w = randomArray(c.kH * c.kW * c.inC * c.outC, r);
    const dy = randomArray(c.batch * oh * ow * c.outC, r);
    await expectParity(() =>
      inputGrad(
        [c.batch, c.inH, c.inW, c.inC],
        tf.tensor4d(dy, [c.batch, oh, ow, c.outC]),
        tf.tensor4d(w, [c.kH, c.kW, c.inC, c.outC]),
        c.strides,
        c.pad,
      ),
    );
  });
});

describe('conv2d gradients through the tape on wasm', () => {
  it.each([
    [[2, 28, 28, 12], [6, 6, 12, 24], 2, 'same'],
    [[3, 10, 7, 3], [3, 5, 3, 4], 1, 'valid'],
  ] as const)('x%j w%j stride %i %s: dx and dw match cpu', async (xShape, wShape, stride, pad) => {
    const r = rng(77);
    const x = randomArray((xShape as readonly number[]).reduce((a, b) => a * b, 1), r);
    const w = randomArray((wShape as readonly number[]).reduce((a, b) => a * b, 1), r);
    const grads = (which: 0 | 1) => () => {
      const xs = tf.tensor4d(x, [...xShape]);
      const ws = tf.tensor4d(w, [...wShape]);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad))),
      )([xs, ws]);
      return g[which]!;
    };
    await expectParity(grads(0), 5e-5);
    await expectParity(grads(1), 5e-5);
  });
});

describe('BatchMatMul on wasm', () => {
  const shapes: [number[], number[], boolean, boolean][] = [
    [[7, 5], [5, 3], false, false],
    [[5, 7], [5, 3], true, false],
    [[7, 5], [3, 5], false, true],
    [[5, 7], [3, 5], true, true],
    [[1, 33, 65], [1, 33, 17], true, false],
    [[1, 128, 200], [1, 10, 200], false, true],
    // Fewer rows than columns: computed as (op(B)ᵀ·op(A)ᵀ)ᵀ, which packs the smaller operand.
    [[3, 5], [9, 5], false, true],
    [[5, 3], [5, 9], true, false],
    [[5, 3], [9, 5], true, true],
    [[1, 64, 200], [1, 3136, 200], false, true], // stage 5's dense-layer input gradient dy·Wᵀ
    [[3, 2048], [2048, 1024], false, false], // untransposed, B far wider than A is tall: (Bᵀ·Aᵀ)ᵀ
    [[64, 3136], [3136, 200], false, false], // stage 5's dense layer forward: (Bᵀ·Aᵀ)ᵀ too
    [[128, 1568], [1568, 200], false, false], // stage 4's: stays direct
    [[1, 2, 2048], [1, 2048, 1025], false, false],
    [[3, 4, 5], [3, 6, 5], false, true], // a real batch: the stock kernel's path
    [[2, 5, 4], [5, 6], true, false], // broadcast b over a's batch
  ];
  it.each(shapes)('a%j b%j transposeA=%s transposeB=%s matches cpu', async (aShape, bShape, ta, tb) => {
    const r = rng(9);
    const a = randomArray(aShape.reduce((p, q) => p * q), r);
    const b = randomArray(bShape.reduce((p, q) => p * q), r);
    await expectParity(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb));
  });

  // _FusedMatMul without bias or activation takes the same route; with either, the stock fused kernel.
  const fused: [number[], number[], boolean, boolean, boolean, 'linear' | 'relu'][] = [
    [[64, 3136], [3136, 200], false, false, false, 'linear'],
    [[5, 7], [3, 5], true, true, false, 'linear'],
    [[6, 9], [9, 4], false, false, true, 'relu'],
    [[6, 9], [9, 4], false, false, false, 'relu'],
  ];
  it.each(fused)('fused a%j b%j transposeA=%s transposeB=%s bias=%s %s matches cpu', async (aShape, bShape, ta, tb, withBias, activation) => {
    const r = rng(11);
    const a = randomArray(aShape.reduce((p, q) => p * q), r);
    const b = randomArray(bShape.reduce((p, q) => p * q), r);
    const n = tb ? bShape[0]! : bShape[1]!;
    const bias = randomArray(n, r);
    await expectParity(() =>
      tf.fused.matMul({
        a: tf.tensor2d(a, aShape as [number, number]),
        b: tf.tensor2d(b, bShape as [number, number]),
        transposeA: ta,
        transposeB: tb,
        bias: withBias ? tf.tensor1d(bias) : undefined,
        activation,
      }),
    );
  });
});

describe('Sum and Mean on wasm', () => {
  const cases: [number[], number | number[], boolean][] = [
    [[4, 5, 6, 7], [0, 1, 2], false], // per-channel (bias / batch-norm gradients)
    [[4, 5, 6, 7], [2, 0, 1], true], // unsorted axes, keepDims (batch-norm moments)
    [[9, 3], 0, false],
    [[9, 3], -2, true],
    [[4, 5, 6], [1, 2], false], // not leading: stock kernel
    [[4, 5, 6], [0, 2], true], // not a prefix: stock kernel
    [[4, 5], [0, 1], false], // everything
    [[8], 0, false],
  ];
  it.each(cases)('x%j axis %j keepDims=%s matches cpu', async (shape, axis, keepDims) => {
    const x = randomArray(shape.reduce((p, q) => p * q, 1), rng(5));
    await expectParity(() => tf.sum(tf.tensor(x, shape), axis, keepDims));
    await expectParity(() => tf.mean(tf.tensor(x, shape), axis, keepDims));
  });
  it('int32 sums take the stock path and stay exact', async () => {
    await tf.setBackend('wasm');
    const s = tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 0);
    expect(s.dtype).toBe('int32');
    expect(Array.from(await s.data())).toEqual([9, 12]);
    s.dispose();
  });
});

describe('Tile on wasm', () => {
  const cases: [number[], number[]][] = [
    [[1, 1, 1, 5], [4, 3, 2, 1]], // a channel vector to an activation (batch-norm gradient)
    [[2, 3], [3, 2]],
    [[3], [4]],
    [[2, 1, 3], [1, 5, 1]],
    [[2, 2, 2, 2], [2, 1, 3, 2]],
    [[4, 3], [1, 1]],
  ];
  it.each(cases)('x%j reps %j matches cpu', async (shape, reps) => {
    const x = randomArray(shape.reduce((p, q) => p * q, 1), rng(3));
    await expectParity(() => tf.tile(tf.tensor(x, shape), reps), 0);
  });
  it('tiles int32 bit-exactly and bool through the stock kernel', async () => {
    await tf.setBackend('wasm');
    const i = tf.tile(tf.tensor2d([1, -2, 2147483647, 7], [2, 2], 'int32'), [2, 3]);
    expect(Array.from(await i.data())).toEqual([1, -2, 1, -2, 1, -2, 2147483647, 7, 2147483647, 7, 2147483647, 7].concat(
      [1, -2, 1, -2, 1, -2, 2147483647, 7, 2147483647, 7, 2147483647, 7],
    ));
    const b = tf.tile(tf.tensor1d([true, false], 'bool'), [2]);
    expect(Array.from(await b.data())).toEqual([1, 0, 1, 0]);
    tf.dispose([i, b]);
  });
});

describe('Identity on wasm', () => {
  it('clones float32, int32 and bool tensors that outlive their source', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const dataIds = backend.numDataIds();
    const sources = [tf.tensor2d([1.5, -2, 3, 4], [2, 2]), tf.tensor1d([7, -8, 2147483647], 'int32'), tf.tensor1d([true, false], 'bool')];
    const clones = sources.map((t) => tf.clone(t));
    const expected = await Promise.all(sources.map((t) => t.data()));
    tf.dispose(sources);
    for (let i = 0; i < clones.length; i++) {
      expect(clones[i]!.dtype).toBe(['float32', 'int32', 'bool'][i]);
      expect(Array.from(await clones[i]!.data())).toEqual(Array.from(expected[i]!));
    }
    tf.dispose(clones);
    expect(backend.numDataIds()).toBe(dataIds);
  });
  it('matches cpu through a gradient that saves cloned tensors (customGrad)', async () => {
    const x = randomArray(2 * 6 * 6 * 3, rng(8));
    const w = randomArray(3 * 3 * 3 * 4, rng(9));
    await expectParity(() =>
      tf.grad((a: tf.Tensor) => tf.sum(tf.square(tf.fused.conv2d({ x: a as tf.Tensor4D, filter: tf.tensor4d(w, [3, 3, 3, 4]), strides: 1, pad: 'same', bias: tf.ones([4]) }))))(
        tf.tensor4d(x, [2, 6, 6, 3]),
      ),
      5e-5,
    );
  });
});

describe('MaxPoolGrad on wasm', () => {
  const cases: [string, number[], number | [number, number], number | [number, number], 'same' | 'valid'][] = [
    ["the experts' net: 2×2 s2 same", [3, 28, 28, 5], 2, 2, 'same'],
    ['odd size, 2×2 s2 same (a partial last window)', [2, 7, 9, 3], 2, 2, 'same'],
    ['overlapping 3×3 s2 same', [2, 9, 8, 4], 3, 2, 'same'],
    ['overlapping 3×3 s1 valid', [1, 6, 7, 2], 3, 1, 'valid'],
    ['non-square 2×3 s(1,2) valid', [2, 8, 9, 3], [2, 3], [1, 2], 'valid'],
  ];
  it.each(cases)('%s matches cpu', async (_name, shape, filter, stride, pad) => {
    const x = randomArray(shape.reduce((p, q) => p * q, 1), rng(41));
    const grad = () => tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, filter, stride, pad), tf.randomNormal(tf.maxPool(a as tf.Tensor4D, filter, stride, pad).shape, 0, 1, 'float32', 7))))(tf.tensor(x, shape));
    await expectParity(grad);
  });
  it('sends ties to the first maximum in window order, like cpu', async () => {
    // Integer-valued input full of equal values in every window.
    const values = Float32Array.from({ length: 2 * 6 * 6 * 3 }, (_, i) => (i * 7) % 3);
    await expectParity(() => tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 3, 2, 'same')))(tf.tensor(values, [2, 6, 6, 3])), 0);
  });
});

// The stock wasm FusedBatchNorm is kept (a per-channel rewrite measured only ~15% faster); batch-norm
// inference, and training with tfjs-layers' own layer, run through it, so its parity is checked here too.
// (@nophd/models' stage-5 layer trains without it: x·a + b with per-channel a, b.)
describe('FusedBatchNorm on wasm (stock kernel, on the batch-norm inference path)', () => {
  const cases: [string, number[], number[], boolean, boolean][] = [
    ['per-channel [C], scale and offset', [3, 4, 5, 6], [6], true, true],
    ['per-channel, offset only (scale: false)', [2, 5, 5, 4], [4], true, false],
    ['per-channel, neither', [7, 3], [3], false, false],
    ['[1,1,1,C] statistics', [2, 3, 3, 5], [1, 1, 1, 5], true, true],
    ['full-shape statistics', [2, 3, 4], [2, 3, 4], true, true],
  ];
  it.each(cases)('%s matches cpu', async (_name, xShape, statShape, withOffset, withScale) => {
    const r = rng(31);
    const n = (shape: number[]) => shape.reduce((p, q) => p * q, 1);
    const x = randomArray(n(xShape), r);
    const mean = randomArray(n(statShape), r);
    const variance = randomArray(n(statShape), r).map((v) => v * v + 0.1);
    const offset = randomArray(n(statShape), r);
    const scale = randomArray(n(statShape), r);
    await expectParity(() =>
      tf.batchNorm(
        tf.tensor(x, xShape),
        tf.tensor(mean, statShape),
        tf.tensor(variance, statShape),
        withOffset ? tf.tensor(offset, statShape) : undefined,
        withScale ? tf.tensor(scale, statShape) : undefined,
        1e-3,
      ),
    );
  });
});

describe('registerWasmTrainingKernels', () => {
  it('is idempotent and installs every kernel it names', () => {
    registerWasmTrainingKernels();
    const before = WASM_TRAINING_KERNELS.map((k) => tf.getKernel(k, 'wasm'));
    registerWasmTrainingKernels();
    const after = WASM_TRAINING_KERNELS.map((k) => tf.getKernel(k, 'wasm'));
    expect(after).toEqual(before);
    expect(after.every((k) => k != null)).toBe(true);
  });

  it('rejects NCHW with an error that names the attribute and the way out', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 2, 4, 4]);
    const dy = tf.zeros([1, 3, 4, 4]);
    const call = () =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
        strides: 1,
        pad: 'same',
        dataFormat: 'NCHW',
        filterShape: [3, 3, 2, 3],
      });
    expect(call).toThrow(UnsupportedConvolutionError);
    expect(call).toThrow(/dataFormat="NCHW".*NHWC/);
    tf.dispose([x, dy]);
  });

  it('leaves no tensors behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 12, 12, 3]);
    const dy = tf.randomNormal([2, 6, 6, 4]);
    const w = tf.randomNormal([3, 3, 3, 4]);
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    for (let i = 0; i < 3; i++) {
      filterGrad(x, dy, [3, 3, 3, 4], 2, 'same').dispose();
      inputGrad([2, 12, 12, 3], dy, w, 2, 'same').dispose();
      tf.tidy(() => tf.matMul(tf.reshape(x, [24, 36]), tf.reshape(x, [24, 36]), true, false)).dispose();
    }
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    tf.dispose([x, dy, w]);
  });
});
