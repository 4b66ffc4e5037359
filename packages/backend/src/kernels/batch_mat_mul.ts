/**
 * BatchMatMul for the wasm backend that keeps transposed products on the fast path. The stock
 * kernel sends any transposeA/transposeB (which every dense-layer gradient uses) to a scalar loop;
 * this wrapper transposes the flagged operand into a temporary and multiplies untransposed with
 * XNNPACK. Batched products (batch > 1) still go to the stock kernel unchanged.
 */
import {
  BatchMatMul,
  util,
  type BatchMatMulAttrs,
  type BatchMatMulInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { transposeInHeap } from './transpose.js';
import { allocate, f32Offset, heapF32, release, withShape, type BackendWasm } from './wasm_heap.js';

/** The matrix of a rank ≥ 2 operand as [1, rows, cols], or null when it has a real batch. */
function asSingleMatrix(t: TensorInfo): TensorInfo | null {
  const rank = t.shape.length;
  if (rank < 2 || util.sizeFromShape(t.shape.slice(0, -2)) !== 1) return null;
  return withShape(t, [1, t.shape[rank - 2]!, t.shape[rank - 1]!]);
}

function transposed(backend: BackendWasm, m: TensorInfo): TensorInfo {
  const [, rows, cols] = m.shape as [number, number, number];
  const t = allocate(backend, [1, cols, rows]);
  transposeInHeap(heapF32(backend), f32Offset(backend, m), f32Offset(backend, t), rows, cols);
  return t;
}

/** Wraps the stock wasm BatchMatMul kernel function. */
export function fastTransposeBatchMatMul(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs } = args as unknown as { inputs: BatchMatMulInputs; attrs: BatchMatMulAttrs };
    const backend = args.backend as BackendWasm;
    const { transposeA, transposeB } = attrs;
    const a = asSingleMatrix(inputs.a as TensorInfo);
    const b = asSingleMatrix(inputs.b as TensorInfo);
    const aInfo = inputs.a as TensorInfo;
    if (!(transposeA || transposeB) || a == null || b == null || aInfo.dtype !== 'float32' || inputs.b!.dtype !== 'float32') {
      return stock(args);
    }
    const a2 = transposeA ? transposed(backend, a) : a;
    const b2 = transposeB ? transposed(backend, b) : b;
    const out = stock({ inputs: { a: a2, b: b2 }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    if (transposeA) release(backend, a2);
    if (transposeB) release(backend, b2);
    const outerDims = (aInfo.shape.length >= (inputs.b as TensorInfo).shape.length ? aInfo : (inputs.b as TensorInfo)).shape.slice(0, -2);
    out.shape = [...outerDims, out.shape[1]!, out.shape[2]!];
    return out;
  };
}

/** Config for the wrapped kernel; keeps the stock setup (its cwrap bindings). */
export function batchMatMulConfig(stock: KernelConfig): KernelConfig {
  return { ...stock, kernelName: BatchMatMul, backendName: 'wasm', kernelFunc: fastTransposeBatchMatMul(stock.kernelFunc) };
}
