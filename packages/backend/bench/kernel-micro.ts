/**
 * Micro-benchmark of the conv gradient building blocks on wasm (the codelab's conv shapes, batch 128):
 * the transposed im2col, XNNPACK matmuls in the layouts the kernels could use, the forward conv, and the
 * registered gradient kernels. Best of a few runs each (the machine is shared).
 *   npx tsx bench/kernel-micro.ts [name filter, e.g. "s5 conv2"]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { backend_util } from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from '../src/kernels/index.js';
import { im2colTransposed } from '../src/kernels/im2col.js';
import { allocate, byteOffset, f32Offset, heapF32, release, runWasmKernel, type BackendWasm } from '../src/kernels/wasm_heap.js';
import { simdKernels } from '../src/kernels/simd/module.js';

registerWasmTrainingKernels();
await tf.setBackend('wasm');
await tf.ready();
const backend = tf.backend() as unknown as BackendWasm;

function time(label: string, reps: number, f: () => void): void {
  // Best of `reps`: the machine is shared, and the minimum is the least disturbed run.
  f();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`${label.padEnd(58)} ${best.toFixed(2).padStart(8)} ms`);
}

const only = process.argv[2];
const shapes: [string, number[], number[], number][] = [
  ['s4 conv1 28x28x1 3x3x12 s1', [128, 28, 28, 1], [3, 3, 1, 12], 1],
  ['s4 conv2 28x28x12 6x6x24 s2', [128, 28, 28, 12], [6, 6, 12, 24], 2],
  ['s4 conv3 14x14x24 6x6x32 s2', [128, 14, 14, 24], [6, 6, 24, 32], 2],
  ['s5 conv1 28x28x1 6x6x24 s1', [128, 28, 28, 1], [6, 6, 1, 24], 1],
  ['s5 conv2 28x28x24 5x5x48 s2', [128, 28, 28, 24], [5, 5, 24, 48], 2],
  ['s5 conv3 14x14x48 4x4x64 s2', [128, 14, 14, 48], [4, 4, 48, 64], 2],
];
for (const [name, xShape, fShape, s] of shapes.filter(([n]) => only == null || n.includes(only))) {
  const conv = backend_util.computeConv2DInfo(xShape as any, fShape as any, s, 1, 'same');
  const x = tf.randomNormal(xShape);
  const w = tf.randomNormal(fShape);
  const dy = tf.randomNormal(conv.outShape);
  const N = conv.batchSize * conv.outHeight * conv.outWidth;
  const K = conv.filterHeight * conv.filterWidth * conv.inChannels;
  const CO = conv.outChannels;
  console.log(`${name}: N=${N} K=${K} CO=${CO}`);
  const P = allocate(backend, [1, N, K]);
  time('  im2colTransposed', 5, () => im2colTransposed(heapF32(backend), f32Offset(backend, x), f32Offset(backend, P), conv));
  const dy3 = tf.reshape(dy, [1, N, CO]);
  const dyT = tf.transpose(dy3, [0, 2, 1]);
  time('  matmul dy^T P ([CO,N]x[N,K], packs P)', 5, () =>
    release(backend, runWasmKernel(backend, 'BatchMatMul', { a: dyT, b: P }, { transposeA: false, transposeB: false })),
  );
  time('  matmul P^T dy ([K,N]x[N,CO], P^T given)', 5, () =>
    release(backend, runWasmKernel(backend, 'BatchMatMul', { a: { ...P, shape: [1, K, N] }, b: dy3 }, { transposeA: false, transposeB: false })),
  );
  const PT = allocate(backend, [1, K, N]);
  time('  transpose P -> P^T (SIMD module)', 3, () =>
    simdKernels(backend).transpose(byteOffset(backend, P), N, K, byteOffset(backend, PT)),
  );
  release(backend, PT);
  const wT = tf.transpose(tf.reshape(w, [1, K, CO]), [0, 2, 1]);
  time('  matmul dy W^T ([N,CO]x[CO,K])', 5, () =>
    release(backend, runWasmKernel(backend, 'BatchMatMul', { a: dy3, b: wT }, { transposeA: false, transposeB: false })),
  );
  const w2 = tf.reshape(w, [1, K, CO]);
  time('  tf.conv2d forward', 5, () => tf.conv2d(x as any, w as any, s, 'same').dispose());
  const attrs = { strides: s, pad: 'same', dataFormat: 'NHWC' };
  time('  Conv2DBackpropFilter (registered)', 5, () =>
    (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: fShape }) as tf.Tensor).dispose(),
  );
  time('  Conv2DBackpropInput', 5, () =>
    (tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: xShape }) as tf.Tensor).dispose(),
  );
  release(backend, P);
  tf.dispose([x, w, dy, dy3, dyT, w2]);
}
console.log('tensors', tf.memory().numTensors);
