/**
 * Tile for 4-byte tensors by block copies. The stock wasm kernel computes a source index per
 * output element; batch-norm gradients tile a per-channel vector to the full activation size
 * each step, which made Tile one of the costliest kernels in training.
 */
import { Tile, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocate, f32Offset, heapF32, type BackendWasm } from './wasm_heap.js';

function tileInHeap(heap: Float32Array, src: number, dst: number, shape: number[], reps: number[]): void {
  const rank = shape.length;
  const outShape = shape.map((d, i) => d * reps[i]!);
  const outStrides = [...util.computeStrides(outShape), 1];
  const last = shape[rank - 1]!;
  // 1. Place the input where every repetition index is 0 (its innermost runs stay contiguous).
  const rowsIn = util.sizeFromShape(shape.slice(0, -1));
  const index = new Array<number>(Math.max(0, rank - 1)).fill(0);
  for (let r = 0; r < rowsIn; r++) {
    let offset = dst;
    for (let k = 0; k < rank - 1; k++) offset += index[k]! * outStrides[k]!;
    heap.copyWithin(offset, src + r * last, src + (r + 1) * last);
    for (let k = rank - 2; k >= 0 && ++index[k]! === shape[k]; k--) index[k] = 0;
  }
  // 2. From the innermost axis out, repeat each filled block along its axis.
  for (let axis = rank - 1; axis >= 0; axis--) {
    if (reps[axis] === 1) continue;
    const block = shape[axis]! * outStrides[axis]!;
    const outer = util.sizeFromShape(shape.slice(0, axis));
    const outerIndex = new Array<number>(axis).fill(0);
    for (let o = 0; o < outer; o++) {
      let base = dst;
      for (let k = 0; k < axis; k++) base += outerIndex[k]! * outStrides[k]!;
      for (let filled = block, total = block * reps[axis]!; filled < total; filled *= 2) {
        heap.copyWithin(base + filled, base, base + Math.min(filled, total - filled));
      }
      for (let k = axis - 1; k >= 0 && ++outerIndex[k]! === shape[k]; k--) outerIndex[k] = 0;
    }
  }
}

function tile(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    const { reps } = args.attrs as unknown as { reps: number[] };
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || x.shape.length === 0 || util.sizeFromShape(x.shape) === 0) {
      return stock(args);
    }
    const backend = args.backend as BackendWasm;
    const out = allocate(backend, x.shape.map((d, i) => d * reps[i]!), x.dtype);
    // Raw 4-byte copies: the float view moves int32 bits unchanged.
    tileInHeap(heapF32(backend), f32Offset(backend, x), f32Offset(backend, out), x.shape, reps);
    return out;
  };
}

/** Tile with block copies for float32/int32, wrapping the stock kernel (and keeping its setup). */
export function tileConfig(stock: KernelConfig): KernelConfig {
  return { ...stock, kernelName: Tile, kernelFunc: tile(stock.kernelFunc) };
}
