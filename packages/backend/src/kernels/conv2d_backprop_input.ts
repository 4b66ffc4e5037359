/**
 * Conv2DBackpropInput for the wasm backend. The stock kernel is a direct scalar loop (about 10×
 * slower than the forward convolution); this one computes the patch-matrix gradient
 * dP = dy·Wᵀ with XNNPACK and folds it back into the input shape with col2im.
 */
import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { UnsupportedConvolutionError } from './errors.js';
import { col2im } from './im2col.js';
import { transposeInHeap } from './transpose.js';
import { allocate, f32Offset, heapF32, release, runUntransposedMatMul, withShape, type BackendWasm } from './wasm_heap.js';

function conv2DBackpropInput(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  if (dataFormat !== 'NHWC') {
    throw new UnsupportedConvolutionError(Conv2DBackpropInput, 'dataFormat', dataFormat, "'NHWC'");
  }
  const conv = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
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

  const filterT = allocate(backend, [1, outC, taps]);
  transposeInHeap(heapF32(backend), f32Offset(backend, filter), f32Offset(backend, filterT), taps, outC);
  const dPatches = runUntransposedMatMul(backend, withShape(dy, [1, pixels, outC]), filterT);
  release(backend, filterT);

  const dx = allocate(backend, [...inputShape]);
  col2im(heapF32(backend), f32Offset(backend, dPatches), f32Offset(backend, dx), conv);
  release(backend, dPatches);
  return dx;
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
