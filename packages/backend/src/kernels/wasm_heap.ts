/**
 * Low-level access to the wasm backend from inside a kernel: run another registered wasm kernel,
 * allocate and free heap tensors, and view tensor memory as a Float32Array over the shared heap.
 */
import { getKernel, type DataType, type KernelFunc, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type { BackendWasm };

/** Runs the kernel `name` of the wasm backend on tensors already on that backend. */
export function runWasmKernel(
  backend: BackendWasm,
  name: string,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = getKernel(name, 'wasm');
  if (config == null) {
    throw new Error(`The wasm backend has no '${name}' kernel; import '@tensorflow/tfjs-backend-wasm' 4.22 or newer.`);
  }
  return config.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

/** Allocates an uninitialised tensor on the wasm heap. */
export function allocate(backend: BackendWasm, shape: number[], dtype: DataType = 'float32'): TensorInfo {
  return backend.makeOutput(shape, dtype);
}

/** Frees an intermediate made inside a kernel (never the kernel's inputs or output). */
export function release(backend: BackendWasm, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** The same data seen with another shape, without copying (the wasm Reshape kernel does the same). */
export function withShape(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/**
 * The whole wasm heap as floats. Take it after every allocation: growing the heap replaces the
 * underlying ArrayBuffer and detaches older views.
 */
export function heapF32(backend: BackendWasm): Float32Array {
  return new Float32Array((backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer);
}

/** The whole wasm heap as float64s (per-channel totals of nophd's SIMD kernels); the same caveat as {@link heapF32}. */
export function heapF64(backend: BackendWasm): Float64Array {
  return new Float64Array((backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer);
}

/** Byte address of a tensor's data in the wasm memory (what nophd's SIMD kernels take). */
export function byteOffset(backend: BackendWasm, info: TensorInfo): number {
  return backend.dataIdMap.get(info.dataId)!.memoryOffset;
}

/** Index of a float32 tensor's first element in {@link heapF32}. */
export function f32Offset(backend: BackendWasm, info: TensorInfo): number {
  return byteOffset(backend, info) >>> 2;
}

/**
 * a·b for a [1, M, K] and b [1, K, N] with the stock wasm BatchMatMul (XNNPACK, b packed as weights).
 * Uses the kernel captured before {@link registerWasmTrainingKernels} replaced BatchMatMul.
 */
export function runUntransposedMatMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  return stockBatchMatMul()({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
}

let stockMatMul: KernelFunc | undefined;

/** Remembers the wasm backend's own BatchMatMul before it is wrapped. */
export function captureStockBatchMatMul(kernelFunc: KernelFunc): void {
  stockMatMul ??= kernelFunc;
}

/** The wasm backend's own BatchMatMul (XNNPACK), whether or not it has been wrapped since. */
export function stockBatchMatMul(): KernelFunc {
  if (stockMatMul == null) {
    const config = getKernel('BatchMatMul', 'wasm');
    if (config == null) throw new Error("The wasm backend has no 'BatchMatMul' kernel; import '@tensorflow/tfjs-backend-wasm'.");
    return config.kernelFunc;
  }
  return stockMatMul;
}

/** How many threads the backend's XNNPACK products run on (1 on the single-threaded SIMD build). */
export function xnnpackThreads(backend: BackendWasm): number {
  return backend.wasm.tfjs.getThreadsCount();
}
