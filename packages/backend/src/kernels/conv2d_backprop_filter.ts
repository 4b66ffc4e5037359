/**
 * Conv2DBackpropFilter for the wasm backend, which ships none, so conv nets could not train there.
 *
 * dW[kh,kw,ci,co] = Σ over (b,oh,ow) of x[b, oh·s+kh−pad, ow·s+kw−pad, ci] · dy[b,oh,ow,co].
 * With the patch matrix P = im2col(x) of shape [N, K] (N output pixels, K filter taps) this is
 * dWᵀ = dyᵀ·P, one untransposed product on the wasm backend's own XNNPACK BatchMatMul. (Measured:
 * building Pᵀ in JavaScript costs more than letting XNNPACK pack P, and a transposed BatchMatMul
 * is 10× slower.)
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
import { im2col } from './im2col.js';
import { transposeInHeap } from './transpose.js';
import { allocate, f32Offset, heapF32, release, runUntransposedMatMul, type BackendWasm } from './wasm_heap.js';

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
  const pixels = conv.batchSize * conv.outHeight * conv.outWidth;
  const taps = conv.filterHeight * conv.filterWidth * conv.inChannels;
  const outC = conv.outChannels;

  const patches = allocate(backend, [1, pixels, taps]);
  const dyT = allocate(backend, [1, outC, pixels]);
  let heap = heapF32(backend);
  im2col(heap, f32Offset(backend, x), f32Offset(backend, patches), conv);
  transposeInHeap(heap, f32Offset(backend, dy), f32Offset(backend, dyT), pixels, outC);

  const dwT = runUntransposedMatMul(backend, dyT, patches);
  release(backend, patches);
  release(backend, dyT);

  const dw = allocate(backend, [...filterShape]);
  heap = heapF32(backend);
  transposeInHeap(heap, f32Offset(backend, dwT), f32Offset(backend, dw), outC, taps);
  release(backend, dwT);
  return dw;
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
