/**
 * Identity for the wasm backend without a copy. tfjs-core clones (runs Identity on) every tensor it
 * saves for the backward pass of a custom-gradient op, and tfjs-layers' convolutions are such ops
 * (fused conv2d), so a training step of stage 5 ran ~146 Identity kernels, each copying a whole
 * activation. Like the cpu and webgl backends (and the wasm backend's own Reshape), this one shares
 * the input's memory and counts one more reference to it; no wasm kernel writes into its inputs.
 */
import { Cast, Identity, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from './wasm_heap.js';

function identity(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string') return stock(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}

/** Identity sharing memory for numeric tensors, wrapping the stock kernel (kept for strings). */
export function identityConfig(stock: KernelConfig): KernelConfig {
  return { ...stock, kernelName: Identity, kernelFunc: identity(stock.kernelFunc) };
}

function castToSameType(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string' || args.attrs?.dtype !== x.dtype) return stock(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}

/**
 * Cast that shares memory when the type does not change. tfjs-core's ReLU gradient casts its float32 mask
 * to float32, and the stock kernel copies the whole activation to do it (stage 5: ≈ 1.9 ms a step).
 */
export function castConfig(stock: KernelConfig): KernelConfig {
  return { ...stock, kernelName: Cast, kernelFunc: castToSameType(stock.kernelFunc) };
}
