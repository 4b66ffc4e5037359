/**
 * Batch normalisation in training, forward and backward, as two fused kernels on nophd's SIMD module.
 * tfjs has no such kernel: composed from its ops, the forward pass reads the activation 6 times (moments,
 * then scale and shift) and the backward pass 9 times, each a kernel launch; here the forward pass reads it
 * 3 times (sum, squared deviations, scale-and-shift) and the backward pass twice. @nophd/models' batch-norm
 * layer uses them where the backend has them and its own composition of tfjs ops elsewhere.
 *
 * Statistics are over every axis but the last (channels last); the variance is the biased one (÷ rows).
 */
import { util, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { FUSED_KERNEL_NAMES } from './fused_names.js';
import { simdKernels } from './simd/module.js';
import { allocate, byteOffset, f32Offset, heapF32, heapF64, release, type BackendWasm } from './wasm_heap.js';

interface KernelArgs {
  inputs: Record<string, TensorInfo | undefined>;
  backend: BackendWasm;
  attrs?: NamedAttrMap;
}

function channelsOf(x: TensorInfo): { rows: number; c: number } {
  const c = x.shape[x.shape.length - 1]!;
  return { rows: util.sizeFromShape(x.shape) / c, c };
}

/**
 * Scratch for per-channel sums: two float64 totals, two float32 accumulators and three coefficient rows.
 * Byte addresses, as the SIMD kernels take them (÷ 8 indexes {@link heapF64}, ÷ 4 {@link heapF32}).
 */
function scratch(backend: BackendWasm, c: number) {
  const info = allocate(backend, [10 * c]);
  const base = byteOffset(backend, info);
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
  const kernels = simdKernels(backend);
  const { rows, c } = channelsOf(x);
  const y = allocate(backend, [...x.shape]);
  const mean = allocate(backend, [c]);
  const variance = allocate(backend, [c]);
  const inverseStd = allocate(backend, [c]);
  const s = scratch(backend, c);
  // No allocation below: the heap views taken here stay attached.
  const f32 = heapF32(backend);
  const f64 = heapF64(backend);
  const total = s.total >> 3;
  const meanAt = f32Offset(backend, mean);

  kernels.sumRows(byteOffset(backend, x), rows, c, s.acc, s.total);
  for (let j = 0; j < c; j++) f32[meanAt + j] = f64[total + j]! / rows;
  kernels.sumSquaredDeviations(byteOffset(backend, x), rows, c, byteOffset(backend, mean), s.acc, s.total);
  const scaleAt = f32Offset(backend, scale);
  const offsetAt = offset == null ? -1 : f32Offset(backend, offset);
  const varianceAt = f32Offset(backend, variance);
  const inverseAt = f32Offset(backend, inverseStd);
  for (let j = 0; j < c; j++) {
    const v = f64[total + j]! / rows;
    const inv = 1 / Math.sqrt(v + epsilon);
    f32[varianceAt + j] = v;
    f32[inverseAt + j] = inv;
    const a = f32[scaleAt + j]! * inv;
    f32[(s.a >> 2) + j] = a;
    f32[(s.b >> 2) + j] = (offsetAt < 0 ? 0 : f32[offsetAt + j]!) - f32[meanAt + j]! * a;
  }
  kernels.scaleShift(byteOffset(backend, x), rows, c, s.a, s.b, byteOffset(backend, y));
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
  const kernels = simdKernels(backend);
  const { rows, c } = channelsOf(x);
  const dx = allocate(backend, [...x.shape]);
  const dScale = allocate(backend, [c]);
  const dOffset = allocate(backend, [c]);
  const s = scratch(backend, c);
  // No allocation below: the heap views taken here stay attached.
  const f32 = heapF32(backend);
  const f64 = heapF64(backend);
  kernels.sumGradientProducts(byteOffset(backend, dy), byteOffset(backend, x), rows, c, byteOffset(backend, mean), s.acc, s.total, s.total2);
  const inverseAt = f32Offset(backend, inverseStd);
  const scaleAt = f32Offset(backend, scale);
  const dScaleAt = f32Offset(backend, dScale);
  const dOffsetAt = f32Offset(backend, dOffset);
  for (let j = 0; j < c; j++) {
    const inv = f32[inverseAt + j]!;
    const dBeta = f64[(s.total >> 3) + j]!;
    const dGamma = f64[(s.total2 >> 3) + j]! * inv;
    f32[dOffsetAt + j] = dBeta;
    f32[dScaleAt + j] = dGamma;
    const a = f32[scaleAt + j]! * inv;
    f32[(s.a >> 2) + j] = a;
    f32[(s.b >> 2) + j] = (-a * inv * dGamma) / rows;
    f32[(s.k >> 2) + j] = (-a * dBeta) / rows;
  }
  kernels.normalizeGradient(byteOffset(backend, dy), byteOffset(backend, x), rows, c, byteOffset(backend, mean), s.a, s.b, s.k, byteOffset(backend, dx));
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
