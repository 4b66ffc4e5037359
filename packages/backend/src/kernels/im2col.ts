/**
 * im2col / col2im for NHWC convolutions with dilation 1.
 *
 * A patch matrix has one row per output pixel (b, oh, ow) and one column per filter tap
 * (kh, kw, ci), i.e. shape [batch·outH·outW, filterH·filterW·inC] — the row-major layout of the
 * filter [filterH, filterW, inC, outC] seen as [K, outC]. For a fixed kh the taps (kw, ci) read
 * a contiguous run of the NHWC input, so rows are filled with block copies, not per-element loops.
 */
import type { backend_util } from '@tensorflow/tfjs-core';

type Geometry = Pick<
  backend_util.Conv2DInfo,
  | 'batchSize'
  | 'inHeight'
  | 'inWidth'
  | 'inChannels'
  | 'outHeight'
  | 'outWidth'
  | 'filterHeight'
  | 'filterWidth'
  | 'strideHeight'
  | 'strideWidth'
  | 'padInfo'
>;

/** Runs shorter than this are copied element by element: the typed-array builtins cost more to call. */
const SHORT_RUN = 24;

/** Writes the patch matrix of the NHWC tensor at heap[x..] into heap[p..]. */
export function im2col(heap: Float32Array, x: number, p: number, g: Geometry): void {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = g;
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  const rowLen = KH * KW * C;
  const tapRun = KW * C;
  let row = p;
  for (let b = 0; b < batchSize; b++) {
    const xb = x + b * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const ih0 = oh * SH - top;
      for (let ow = 0; ow < OW; ow++) {
        const iw0 = ow * SW - left;
        const kwLo = iw0 < 0 ? -iw0 : 0;
        const kwHi = iw0 + KW > W ? W - iw0 : KW;
        const lo = kwLo * C;
        const hi = kwHi > kwLo ? kwHi * C : lo;
        const run = hi - lo;
        for (let kh = 0; kh < KH; kh++) {
          const ih = ih0 + kh;
          const dst = row + kh * tapRun;
          if (ih < 0 || ih >= H || run <= 0) {
            heap.fill(0, dst, dst + tapRun);
            continue;
          }
          if (lo > 0) heap.fill(0, dst, dst + lo);
          const src = xb + (ih * W + iw0) * C + lo;
          if (run < SHORT_RUN) {
            for (let i = 0; i < run; i++) heap[dst + lo + i] = heap[src + i]!;
          } else {
            heap.copyWithin(dst + lo, src, src + run);
          }
          if (hi < tapRun) heap.fill(0, dst + hi, dst + tapRun);
        }
        row += rowLen;
      }
    }
  }
}

/**
 * The adjoint of {@link im2col}: sums every patch-matrix entry at heap[p..] back into the NHWC
 * tensor at heap[x..], which it first zeroes.
 */
export function col2im(heap: Float32Array, p: number, x: number, g: Geometry): void {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = g;
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  const rowLen = KH * KW * C;
  const tapRun = KW * C;
  heap.fill(0, x, x + batchSize * H * W * C);
  let row = p;
  for (let b = 0; b < batchSize; b++) {
    const xb = x + b * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const ih0 = oh * SH - top;
      for (let ow = 0; ow < OW; ow++) {
        const iw0 = ow * SW - left;
        const kwLo = iw0 < 0 ? -iw0 : 0;
        const kwHi = iw0 + KW > W ? W - iw0 : KW;
        const lo = kwLo * C;
        const run = kwHi > kwLo ? (kwHi - kwLo) * C : 0;
        for (let kh = 0; kh < KH; kh++) {
          const ih = ih0 + kh;
          if (ih < 0 || ih >= H) continue;
          const src = row + kh * tapRun + lo;
          const dst = xb + (ih * W + iw0) * C + lo;
          for (let i = 0; i < run; i++) heap[dst + i]! += heap[src + i]!;
        }
        row += rowLen;
      }
    }
  }
}

/**
 * The transposed patch matrix, [filterH·filterW·inC, batch·outH·outW]: one row per filter tap.
 * Filled one image at a time so the image being read stays in cache.
 */
export function im2colTransposed(heap: Float32Array, x: number, p: number, g: Geometry): void {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = g;
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  const cols = batchSize * OH * OW;
  const step = SW * C;
  for (let b = 0; b < batchSize; b++) {
    const xb = x + b * H * W * C;
    const colBase = p + b * OH * OW;
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++) {
        // Output columns whose input column iw = ow·SW − left + kw lies inside the image.
        const owLo = Math.min(OW, Math.max(0, Math.ceil((left - kw) / SW)));
        const owHi = Math.max(owLo, Math.min(OW, Math.floor((W - 1 + left - kw) / SW) + 1));
        for (let ci = 0; ci < C; ci++) {
          let dst = colBase + ((kh * KW + kw) * C + ci) * cols;
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * SH - top + kh;
            if (ih < 0 || ih >= H) {
              heap.fill(0, dst, dst + OW);
            } else {
              if (owLo > 0) heap.fill(0, dst, dst + owLo);
              let src = xb + (ih * W + owLo * SW - left + kw) * C + ci;
              for (let ow = owLo; ow < owHi; ow++, src += step) heap[dst + ow] = heap[src]!;
              if (owHi < OW) heap.fill(0, dst + owHi, dst + OW);
            }
            dst += OW;
          }
        }
      }
    }
  }
}
