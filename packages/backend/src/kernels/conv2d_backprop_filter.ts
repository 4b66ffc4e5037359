/**
 * Conv2DBackpropFilter for the wasm backend, which ships none, so conv nets could not train there.
 *
 * dW[kh,kw,ci,co] = Σ over (b,oh,ow) of x[b, oh·s+kh−pad, ow·s+kw−pad, ci] · dy[b,oh,ow,co]
 * is itself a convolution, run by the wasm backend's own XNNPACK Conv2D: the input is x with
 * batch and channels swapped ([inC, H, W, batch]: one "image" per input channel, the batch as
 * channels), the filter is dy as [outH, outW, batch, outC] dilated by the stride, and the output
 * is the gradient as [inC, filterH, filterW, outC]. XNNPACK reads the input through pointers, so no
 * patch matrix is built; measured 1.3–3× faster than im2col + BatchMatMul on the codelab's layers.
 * For tiny filters (3×3×2) the per-call setup dominates, and with very few input channels the swapped
 * convolution has only filterH·filterW output pixels per "image" to spread XNNPACK's tiles over; for both
 * the explicit transposed patch matrix Pᵀ (taps × pixels) times dy is faster, so those take that path.
 * A first layer on grey images (one input channel, output channels in fours) has its own loop on nophd's
 * SIMD module instead: the patch route also had XNNPACK pack all of dy on every call (dy is new each
 * step), which made stage 5's 6×6×1 layer cost 9.0 ms a step at batch 64 where the kernel table, reusing one
 * dy, saw 5.4.
 */
import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { UnsupportedConvolutionError } from './errors.js';
import { im2colTransposed } from './im2col.js';
import { paddedFrames } from './padded_frames.js';
import { simdKernels } from './simd/module.js';
import {
  allocate,
  byteOffset,
  f32Offset,
  heapF32,
  release,
  runUntransposedMatMul,
  runWasmKernel,
  withShape,
  type BackendWasm,
} from './wasm_heap.js';

/** Below this many taps (filterH·filterW·inC) the patch-matrix path is faster. */
const PATCH_PATH_MAX_TAPS = 32;
/** Up to this many input channels the patch-matrix path is faster whatever the filter size. */
const PATCH_PATH_MAX_IN_CHANNELS = 2;

/** dW of a one-channel convolution, on the SIMD module: x zero-padded into frames, then one pass per image. */
function filterGradOfOneChannel(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, conv: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: B, outHeight: OH, outWidth: OW, outChannels: CO, filterHeight: KH, filterWidth: KW, strideHeight: SH } = conv;
  if (SH !== conv.strideWidth) return filterGradByPatches(backend, x, dy, conv);
  const { frames, hp, wp } = paddedFrames(backend, x, conv);
  const dw = allocate(backend, [...conv.filterShape]);
  simdKernels(backend).oneChannelFilterGradient(byteOffset(backend, frames), B, hp, wp, byteOffset(backend, dy), OH, OW, CO, SH, KH, KW, byteOffset(backend, dw));
  release(backend, frames);
  return dw;
}

/** dW = Pᵀ·dy with Pᵀ = im2col(x)ᵀ, [taps, pixels]. */
function filterGradByPatches(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, conv: backend_util.Conv2DInfo): TensorInfo {
  const pixels = conv.batchSize * conv.outHeight * conv.outWidth;
  const taps = conv.filterHeight * conv.filterWidth * conv.inChannels;
  const patchesT = allocate(backend, [1, taps, pixels]);
  im2colTransposed(heapF32(backend), f32Offset(backend, x), f32Offset(backend, patchesT), conv);
  const dw = runUntransposedMatMul(backend, patchesT, withShape(dy, [1, pixels, conv.outChannels]));
  release(backend, patchesT);
  dw.shape = [...conv.filterShape];
  return dw;
}

function conv2DBackpropFilter(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  if (dataFormat !== 'NHWC') {
    throw new UnsupportedConvolutionError(Conv2DBackpropFilter, 'dataFormat', dataFormat, "'NHWC'");
  }
  const conv = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  if (conv.inChannels === 1 && conv.outChannels % 4 === 0) return filterGradOfOneChannel(backend, x, dy, conv);
  if (conv.filterHeight * conv.filterWidth * conv.inChannels < PATCH_PATH_MAX_TAPS || conv.inChannels <= PATCH_PATH_MAX_IN_CHANNELS) {
    return filterGradByPatches(backend, x, dy, conv);
  }
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CO } = conv;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = conv;
  const { top, left } = conv.padInfo;
  // Padding after the image that makes the output exactly KH×KW; when negative, the last
  // rows/columns of x never meet dy and are left out of the swapped copy instead.
  const bottom = KH + (OH - 1) * SH - H - top;
  const right = KW + (OW - 1) * SW - W - left;
  const h = Math.min(H, H + bottom);
  const w = Math.min(W, W + right);

  // xSwapped[c, i, j, b] = x[b, i, j, c]
  const xSwapped = allocate(backend, [C, h, w, B]);
  // dySwapped[oh, ow, b, co] = dy[b, oh, ow, co]
  const dySwapped = allocate(backend, [OH, OW, B, CO]);
  const simd = simdKernels(backend);
  // Per pixel, the batch×channels block of x becomes channel planes of batch values (4×4 vector transposes
  // on nophd's SIMD module: as a JavaScript loop this copy was the largest cost outside XNNPACK here).
  simd.swapBatchAndChannels(byteOffset(backend, x), B, H, W, C, h, w, byteOffset(backend, xSwapped));
  // Per image b, its OH·OW rows of CO values go to rows p·B + b.
  simd.copyBlocks(byteOffset(backend, dy), OH * OW * CO, CO, byteOffset(backend, dySwapped), CO, B * CO, B, OH * OW, CO);

  const dwSwapped = runWasmKernel(
    backend,
    'Conv2D',
    { x: xSwapped, filter: dySwapped },
    {
      strides: 1,
      dilations: [SH, SW],
      pad: [
        [0, 0],
        [top, Math.max(0, bottom)],
        [left, Math.max(0, right)],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  release(backend, xSwapped);
  release(backend, dySwapped);

  // dwSwapped is [C, KH, KW, CO]; the filter layout is [KH, KW, C, CO].
  const dw = allocate(backend, [...filterShape]);
  // For each input channel c and tap k: row (c·KH·KW + k) → row (k·C + c).
  simd.copyBlocks(byteOffset(backend, dwSwapped), KH * KW * CO, CO, byteOffset(backend, dw), CO, C * CO, C, KH * KW, CO);
  release(backend, dwSwapped);
  return dw;
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
