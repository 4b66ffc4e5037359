/**
 * BatchMatMul for the wasm backend that keeps transposed products on the fast path. The stock
 * kernel sends any transposeA/transposeB (which every dense-layer gradient uses) to a scalar loop;
 * this wrapper multiplies untransposed with XNNPACK instead. Batched products (batch > 1) still go
 * to the stock kernel unchanged.
 *
 * XNNPACK packs the right operand into its own layout on every call with a new tensor, which in
 * training is every call; packing a large matrix costs more than the product (the bench's kernel
 * table: dy·Wᵀ of stage 5's 3136→200 dense layer spent most of its time packing Wᵀ). So C = op(A)·op(B),
 * [M, N], is computed either directly (packs op(B), K·N values) or as Cᵀ = op(B)ᵀ·op(A)ᵀ followed by
 * a transpose of C (packs op(A)ᵀ, K·M values), whichever packs less. Untransposed products take the
 * second form too where packing B costs more than the transposes (see transposedPacksLess).
 */
import {
  _FusedMatMul,
  BatchMatMul,
  util,
  type _FusedMatMulAttrs,
  type _FusedMatMulInputs,
  type BatchMatMulAttrs,
  type BatchMatMulInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { simdKernels } from './simd/module.js';
import { allocate, byteOffset, release, stockBatchMatMul, withShape, type BackendWasm } from './wasm_heap.js';

/**
 * What one value costs, in ns on one thread, to pack as XNNPACK's right operand and to transpose on nophd's
 * SIMD module (measured on x[64,3136]·W[3136,200] with a new W per call, as in training: packing W took
 * 1.9 ms of the product's 4.6).
 */
const PACK_NS = 3;
const TRANSPOSE_NS = 0.7;

/**
 * Whether an untransposed A[M,K]·B[K,N] is cheaper as (Bᵀ·Aᵀ)ᵀ: that packs Aᵀ (K·M values) instead of B (K·N)
 * but transposes A, B and the result. Pays where N is well above M: stage 5's dense layer (3.85 against 4.56
 * ms) and the experts' x[50,3136]·W[3136,1024], where a B far larger than the caches also made the product
 * memory-bound (43.5 → 33.3 ms); stage 4's x[128,1568]·W[1568,200] stays direct (3.4 against 3.5 ms).
 */
function transposedPacksLess(m: number, k: number, n: number): boolean {
  return m < n && PACK_NS * k * (n - m) > TRANSPOSE_NS * (k * (m + n) + m * n);
}

/** The matrix of a rank ≥ 2 operand as [1, rows, cols], or null when it has a real batch. */
function asSingleMatrix(t: TensorInfo): TensorInfo | null {
  const rank = t.shape.length;
  if (rank < 2 || util.sizeFromShape(t.shape.slice(0, -2)) !== 1) return null;
  return withShape(t, [1, t.shape[rank - 2]!, t.shape[rank - 1]!]);
}

function transposed(backend: BackendWasm, m: TensorInfo): TensorInfo {
  const [, rows, cols] = m.shape as [number, number, number];
  const t = allocate(backend, [1, cols, rows]);
  simdKernels(backend).transpose(byteOffset(backend, m), rows, cols, byteOffset(backend, t));
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
    if (a == null || b == null || aInfo.dtype !== 'float32' || inputs.b!.dtype !== 'float32') return stock(args);
    const m = transposeA ? a.shape[2]! : a.shape[1]!;
    const n = transposeB ? b.shape[1]! : b.shape[2]!;
    const k = transposeA ? a.shape[1]! : a.shape[2]!;
    if (!(transposeA || transposeB) && !transposedPacksLess(m, k, n)) return stock(args);
    const out = m < n ? transposedProduct(stock, backend, a, b, transposeA, transposeB) : directProduct(stock, backend, a, b, transposeA, transposeB);
    const outerDims = (aInfo.shape.length >= (inputs.b as TensorInfo).shape.length ? aInfo : (inputs.b as TensorInfo)).shape.slice(0, -2);
    out.shape = [...outerDims, out.shape[1]!, out.shape[2]!];
    return out;
  };
}

/** op(A)·op(B), with the flagged operands transposed first; XNNPACK packs op(B). */
function directProduct(stock: KernelFunc, backend: BackendWasm, a: TensorInfo, b: TensorInfo, ta: boolean, tb: boolean): TensorInfo {
  const left = ta ? transposed(backend, a) : a;
  const right = tb ? transposed(backend, b) : b;
  const out = stock({ inputs: { a: left, b: right }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
  if (ta) release(backend, left);
  if (tb) release(backend, right);
  return out;
}

/** (op(B)ᵀ·op(A)ᵀ)ᵀ: a flagged operand is used as stored, the others are transposed; XNNPACK packs op(A)ᵀ. */
function transposedProduct(stock: KernelFunc, backend: BackendWasm, a: TensorInfo, b: TensorInfo, ta: boolean, tb: boolean): TensorInfo {
  const left = tb ? b : transposed(backend, b);
  const right = ta ? a : transposed(backend, a);
  const outT = stock({ inputs: { a: left, b: right }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
  if (!tb) release(backend, left);
  if (!ta) release(backend, right);
  const out = transposed(backend, outT);
  release(backend, outT);
  return out;
}

/** Config for the wrapped kernel; keeps the stock setup (its cwrap bindings). */
export function batchMatMulConfig(stock: KernelConfig): KernelConfig {
  return { ...stock, kernelName: BatchMatMul, backendName: 'wasm', kernelFunc: fastTransposeBatchMatMul(stock.kernelFunc) };
}

/**
 * _FusedMatMul without a bias or an activation (a dense layer with neither, such as stage 5's before its batch
 * norm, runs it in training) is a plain product: it takes BatchMatMul's route above, so the choice of which
 * operand XNNPACK packs applies to it too. With a bias or activation the stock fused kernel keeps it.
 */
export function fusedMatMulConfig(stock: KernelConfig): KernelConfig {
  const fused = stock.kernelFunc;
  return {
    ...stock,
    kernelName: _FusedMatMul,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { a, b, bias, preluActivationWeights } = args.inputs as unknown as _FusedMatMulInputs;
      const { transposeA, transposeB, activation } = args.attrs as unknown as _FusedMatMulAttrs;
      if (bias != null || preluActivationWeights != null || (activation ?? 'linear') !== 'linear') return fused(args);
      return fastTransposeBatchMatMul(stockBatchMatMul())({ inputs: { a, b }, backend: args.backend, attrs: { transposeA, transposeB } });
    },
  };
}
