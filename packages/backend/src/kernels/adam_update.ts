/**
 * One Adam step for one weight tensor as a single kernel on nophd's SIMD module: tfjs's AdamOptimizer
 * composes it from about 14 kernel launches per weight, each reading and writing the whole tensor.
 * Same float32 operations in the same order, so the weights match tfjs's Adam exactly.
 * @nophd/models' Adam uses it where the backend has it.
 */
import { util, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { FUSED_KERNEL_NAMES } from './fused_names.js';
import { simdKernels } from './simd/module.js';
import { allocate, byteOffset, f32Offset, heapF32, type BackendWasm } from './wasm_heap.js';

/** inputs x (the weights), m, v, gradient, accBeta1, accBeta2 (β₁ᵗ, β₂ᵗ before this step); attrs learningRate, beta1, beta2, epsilon → [x', m', v']. */
function adamUpdate({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs: NamedAttrMap }): TensorInfo[] {
  const { x, m, v, gradient, accBeta1, accBeta2 } = inputs as Record<'x' | 'm' | 'v' | 'gradient' | 'accBeta1' | 'accBeta2', TensorInfo>;
  const { learningRate, beta1, beta2, epsilon } = attrs as Record<'learningRate' | 'beta1' | 'beta2' | 'epsilon', number>;
  const kernels = simdKernels(backend);
  const n = util.sizeFromShape(x.shape);
  const outputs = [allocate(backend, [...x.shape]), allocate(backend, [...x.shape]), allocate(backend, [...x.shape])] as const;
  const heap = heapF32(backend);
  // float32 arithmetic, as tfjs's scalar kernels do it: 1 − β₁ᵗ is a Sub kernel, 1 − β₁ a float32 constant.
  const f = Math.fround;
  kernels.adamUpdate(
    byteOffset(backend, x),
    byteOffset(backend, m),
    byteOffset(backend, v),
    byteOffset(backend, gradient),
    n,
    byteOffset(backend, outputs[0]),
    byteOffset(backend, outputs[1]),
    byteOffset(backend, outputs[2]),
    beta1,
    1 - beta1,
    beta2,
    1 - beta2,
    f(1 - heap[f32Offset(backend, accBeta1)]!),
    f(1 - heap[f32Offset(backend, accBeta2)]!),
    epsilon,
    -learningRate,
  );
  return [...outputs];
}

export const adamUpdateConfig: KernelConfig = {
  kernelName: FUSED_KERNEL_NAMES.adamUpdate,
  backendName: 'wasm',
  kernelFunc: adamUpdate as unknown as KernelFunc,
};
