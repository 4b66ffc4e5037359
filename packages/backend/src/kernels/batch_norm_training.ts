/**
 * Batch normalisation in training, forward and backward, as two fused kernels on nophd's SIMD module.
 * tfjs has no such kernel: composed from its ops, the forward pass reads the activation 6 times (moments,
 * then scale and shift) and the backward pass 9 times, each a kernel launch; here the forward pass reads it
 * 3 times (sum, squared deviations, scale-and-shift) and the backward pass twice. @nophd/models' batch-norm
 * layer uses them where the backend has them and its own composition of tfjs ops elsewhere.
 *
 * Statistics are over every axis but the last (channels last); the variance is the biased one (÷ rows).
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { FUSED_KERNEL_NAMES } from './fused_names.js';
import { heapViews } from './simd/heap_views.js';
import { requireSimdKernels } from './simd/require.js';
import { byteOffset } from './simd/module.js';
import { allocate, release, type BackendWasm } from './wasm_heap.js';

interface KernelArgs {
  inputs: Record<string, TensorInfo | undefined>;
  backend: BackendWasm;
  attrs?: NamedAttrMap;
}

function channelsOf(x: TensorInfo): { rows: number; c: number } {
  const c = x.shape[x.shape.length - 1]!;
  const size = x.shape.reduce((a, b) => a * b, 1);
  return { rows: size / c, c };
}

/** Scratch for per-channel sums: two float64 totals, two float32 accumulators and three coefficient rows. */
function scratch(backend: BackendWasm, c: number) {
  const info = allocate(backend, [10 * c]);
  const base = byteOffset(backend, info.dataId);
  return {
    info,
    total: base, // float64 [c]
    total2: base + 8 * c, // float64 [c]
    acc: base + 16 * c, // float32 [2c]
    a: base + 24 * c, // float32 [c] each
    b: base + 28 * c,
    k: base + 32 * c,
  };
}

/** inputs x, scale, offset (optional); attrs epsilon → [y, mean, variance, inverseStd]. */
function batchNormTraining({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const x = inputs['x']!;
  const scale = inputs['scale']!;
  const offset = inputs['offset'];
  const epsilon = attrs?.['epsilon'] as number;
  const kernels = requireSimdKernels(backend);
  const { rows, c } = channelsOf(x);
  const y = allocate(backend, [...x.shape]);
  const mean = allocate(backend, [c]);
  const variance = allocate(backend, [c]);
  const inverseStd = allocate(backend, [c]);
  const s = scratch(backend, c);
  const xAt = byteOffset(backend, x.dataId);
  const meanAt = byteOffset(backend, mean.dataId);

  kernels.sumRows(xAt, rows, c, s.acc, s.total);
  let heap = heapViews(backend);
  for (let j = 0; j < c; j++) heap.f32[(meanAt >> 2) + j] = heap.f64[(s.total >> 3) + j]! / rows;
  kernels.sumSquaredDeviations(xAt, rows, c, meanAt, s.acc, s.total);
  heap = heapViews(backend);
  const scaleAt = byteOffset(backend, scale.dataId) >> 2;
  const offsetAt = offset == null ? -1 : byteOffset(backend, offset.dataId) >> 2;
  const varianceAt = byteOffset(backend, variance.dataId) >> 2;
  const inverseAt = byteOffset(backend, inverseStd.dataId) >> 2;
  for (let j = 0; j < c; j++) {
    const v = heap.f64[(s.total >> 3) + j]! / rows;
    const inv = 1 / Math.sqrt(v + epsilon);
    heap.f32[varianceAt + j] = v;
    heap.f32[inverseAt + j] = inv;
    const a = heap.f32[scaleAt + j]! * inv;
    heap.f32[(s.a >> 2) + j] = a;
    heap.f32[(s.b >> 2) + j] = (offsetAt < 0 ? 0 : heap.f32[offsetAt + j]!) - heap.f32[(meanAt >> 2) + j]! * a;
  }
  kernels.scaleShift(xAt, rows, c, s.a, s.b, byteOffset(backend, y.dataId));
  release(backend, s.info);
  return [y, mean, variance, inverseStd];
}

/**
 * inputs dy, x, mean, inverseStd, scale → [dx, dScale, dOffset]:
 * dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)), dγ = Σ dy · x̂, dβ = Σ dy, with x̂ = (x − μ)/σ.
 */
function batchNormTrainingGrad({ inputs, backend }: KernelArgs): TensorInfo[] {
  const dy = inputs['dy']!;
  const x = inputs['x']!;
  const mean = inputs['mean']!;
  const inverseStd = inputs['inverseStd']!;
  const scale = inputs['scale']!;
  const kernels = requireSimdKernels(backend);
  const { rows, c } = channelsOf(x);
  const dx = allocate(backend, [...x.shape]);
  const dScale = allocate(backend, [c]);
  const dOffset = allocate(backend, [c]);
  const s = scratch(backend, c);
  const meanAt = byteOffset(backend, mean.dataId);
  kernels.sumGradientProducts(byteOffset(backend, dy.dataId), byteOffset(backend, x.dataId), rows, c, meanAt, s.acc, s.total, s.total2);
  const heap = heapViews(backend);
  const inverseAt = byteOffset(backend, inverseStd.dataId) >> 2;
  const scaleAt = byteOffset(backend, scale.dataId) >> 2;
  const dScaleAt = byteOffset(backend, dScale.dataId) >> 2;
  const dOffsetAt = byteOffset(backend, dOffset.dataId) >> 2;
  for (let j = 0; j < c; j++) {
    const inv = heap.f32[inverseAt + j]!;
    const dBeta = heap.f64[(s.total >> 3) + j]!;
    const dGamma = heap.f64[(s.total2 >> 3) + j]! * inv;
    heap.f32[dOffsetAt + j] = dBeta;
    heap.f32[dScaleAt + j] = dGamma;
    const a = heap.f32[scaleAt + j]! * inv;
    heap.f32[(s.a >> 2) + j] = a;
    heap.f32[(s.b >> 2) + j] = (-a * inv * dGamma) / rows;
    heap.f32[(s.k >> 2) + j] = (-a * dBeta) / rows;
  }
  kernels.normalizeGradient(byteOffset(backend, dy.dataId), byteOffset(backend, x.dataId), rows, c, meanAt, s.a, s.b, s.k, byteOffset(backend, dx.dataId));
  release(backend, s.info);
  return [dx, dScale, dOffset];
}

export const batchNormTrainingConfig: KernelConfig = {
  kernelName: FUSED_KERNEL_NAMES.batchNormTraining,
  backendName: 'wasm',
  kernelFunc: batchNormTraining as unknown as KernelFunc,
};

export const batchNormTrainingGradConfig: KernelConfig = {
  kernelName: FUSED_KERNEL_NAMES.batchNormTrainingGrad,
  backendName: 'wasm',
  kernelFunc: batchNormTrainingGrad as unknown as KernelFunc,
};
