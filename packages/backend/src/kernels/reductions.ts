/**
 * Sum and Mean over the leading axes of a float32 tensor (per-channel reductions of NHWC
 * activations: bias and batch-norm gradients, batch-norm moments). The stock wasm kernels
 * transpose the whole tensor to move the reduced axes innermost first; here one pass
 * accumulates each row into the per-channel totals. Other reductions use the stock kernels.
 */
import { Mean, Sum, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernels } from './simd/module.js';
import { allocate, byteOffset, f32Offset, heapF32, heapF64, release, type BackendWasm } from './wasm_heap.js';

/** Number of leading axes reduced, or -1 when `axis` is not exactly a leading prefix. */
function leadingAxes(shape: number[], axis: number | number[]): number {
  const axes = util.parseAxisParam(axis, shape).sort((a, b) => a - b);
  if (axes.length === 0 || axes.length === shape.length) return -1;
  return axes.every((a, i) => a === i) ? axes.length : -1;
}

function reduceLeading(backend: BackendWasm, x: TensorInfo, reduced: number, keepDims: boolean, mean: boolean): TensorInfo {
  const rows = util.sizeFromShape(x.shape.slice(0, reduced));
  const cols = util.sizeFromShape(x.shape.slice(reduced));
  const kept = x.shape.slice(reduced);
  const out = allocate(backend, keepDims ? [...x.shape.slice(0, reduced).map(() => 1), ...kept] : kept);
  // Per-column totals on nophd's SIMD module (float32 blocks added into float64; scratch: [acc f32 | totals f64]).
  const scratch = allocate(backend, [3 * cols]);
  const at = byteOffset(backend, scratch);
  simdKernels(backend).sumRows(byteOffset(backend, x), rows, cols, at + 8 * cols, at);
  const heap = heapF32(backend);
  const totals = heapF64(backend);
  const dst = f32Offset(backend, out);
  const scale = mean ? 1 / rows : 1;
  for (let c = 0; c < cols; c++) heap[dst + c] = totals[(at >> 3) + c]! * scale;
  release(backend, scratch);
  return out;
}

function leadingReduction(stock: KernelFunc, mean: boolean): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const reduced = x.dtype === 'float32' ? leadingAxes(x.shape, axis) : -1;
    if (reduced < 0 || util.sizeFromShape(x.shape) === 0) return stock(args);
    return reduceLeading(args.backend as BackendWasm, x, reduced, keepDims, mean);
  };
}

/** Sum with the leading-axes fast path, wrapping the stock kernel (and keeping its setup). */
export function sumConfig(stock: KernelConfig): KernelConfig {
  return { ...stock, kernelName: Sum, kernelFunc: leadingReduction(stock.kernelFunc, false) };
}

/** Mean with the leading-axes fast path, wrapping the stock kernel (and keeping its setup). */
export function meanConfig(stock: KernelConfig): KernelConfig {
  return { ...stock, kernelName: Mean, kernelFunc: leadingReduction(stock.kernelFunc, true) };
}
