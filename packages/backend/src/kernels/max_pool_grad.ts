/**
 * MaxPoolGrad for float32 on the wasm backend. The stock kernel recomputes each input position's
 * window maxima from scratch (a gather over every window that covers it); the experts' net spent
 * 34 ms of a 274 ms step there, 45× its forward MaxPool. This one scatters instead: per output pixel and
 * channel it finds the first maximum in window order (strictly greater, as the cpu backend does, so ties
 * and NaN windows send the gradient where cpu sends it) and adds dy there.
 */
import { backend_util, MaxPoolGrad, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocate, f32Offset, heapF32, type BackendWasm } from './wasm_heap.js';

function maxPoolGrad(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    if (input.dtype !== 'float32' || dy.dtype !== 'float32') return stock(args);
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as {
      filterSize: [number, number] | number;
      strides: [number, number] | number;
      pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const backend = args.backend as BackendWasm;
    const dx = allocate(backend, [...input.shape]);
    const heap = heapF32(backend);
    scatterToMaxima(heap, f32Offset(backend, input), f32Offset(backend, dy), f32Offset(backend, dx), info);
    return dx;
  };
}

function scatterToMaxima(heap: Float32Array, x0: number, dy0: number, dx0: number, info: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: SH, strideWidth: SW, effectiveFilterHeight: KH, effectiveFilterWidth: KW } = info;
  const { top, left } = info.padInfo;
  heap.fill(0, dx0, dx0 + B * H * W * C);
  const window = new Int32Array(KH * KW); // heap index of each in-bounds window position's first channel
  for (let b = 0; b < B; b++) {
    const xb = x0 + b * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const r0 = Math.max(0, oh * SH - top);
      const r1 = Math.min(H, oh * SH - top + KH);
      for (let ow = 0; ow < OW; ow++) {
        const c0 = Math.max(0, ow * SW - left);
        const c1 = Math.min(W, ow * SW - left + KW);
        let n = 0;
        for (let r = r0; r < r1; r++) for (let col = c0; col < c1; col++) window[n++] = xb + (r * W + col) * C;
        const g = dy0 + ((b * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let k = 0; k < n; k++) {
            const v = heap[window[k]! + c]!;
            if (v > best) {
              best = v;
              at = window[k]! + c;
            }
          }
          if (at >= 0) heap[dx0 + (at - x0)]! += heap[g + c]!;
        }
      }
    }
  }
}

/** MaxPoolGrad by scatter for float32, wrapping the stock kernel (kept for other dtypes). */
export function maxPoolGradConfig(stock: KernelConfig): KernelConfig {
  return { ...stock, kernelName: MaxPoolGrad, kernelFunc: maxPoolGrad(stock.kernelFunc) };
}
