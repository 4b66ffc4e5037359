/**
 * Conv2D for the wasm backend, for a first layer on grey images (one input channel, output channels in
 * fours) when XNNPACK runs on one thread. With one input channel XNNPACK's convolution computes a
 * 1-deep product per tap and reached about half its speed on stage 5's 6×6×1 layer (15.6 GFLOP/s against a
 * 31 ceiling); a loop on nophd's SIMD module keeps 3 pixels × 12 channels in registers instead. XNNPACK
 * splits its convolution over its threads and the module runs on one, so with more threads the stock
 * kernel keeps the layer.
 */
import { backend_util, Conv2D, type Conv2DAttrs, type Conv2DInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { paddedFrames } from './padded_frames.js';
import { simdKernels } from './simd/module.js';
import { allocate, byteOffset, release, xnnpackThreads, type BackendWasm } from './wasm_heap.js';

function conv2d(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as unknown as Conv2DInputs & { x: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as Conv2DAttrs;
    const backend = args.backend as BackendWasm;
    if (
      x.dtype !== 'float32' ||
      filter.dtype !== 'float32' ||
      dataFormat !== 'NHWC' ||
      x.shape[3] !== 1 ||
      filter.shape[3]! % 4 !== 0 ||
      xnnpackThreads(backend) > 1
    ) {
      return stock(args);
    }
    const conv = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    if (conv.dilationHeight !== 1 || conv.dilationWidth !== 1 || conv.strideHeight !== conv.strideWidth || conv.outHeight * conv.outWidth === 0) {
      return stock(args);
    }
    const { batchSize: B, outHeight: OH, outWidth: OW, outChannels: CO, filterHeight: KH, filterWidth: KW } = conv;
    const { frames, hp, wp } = paddedFrames(backend, x, conv);
    const y = allocate(backend, [...conv.outShape]);
    simdKernels(backend).oneChannelConv(byteOffset(backend, frames), B, hp, wp, byteOffset(backend, filter), KH, KW, CO, conv.strideHeight, OH, OW, byteOffset(backend, y));
    release(backend, frames);
    return y;
  };
}

/** Conv2D on the SIMD module for one-channel inputs on one thread, wrapping the stock kernel for the rest. */
export function conv2dConfig(stock: KernelConfig): KernelConfig {
  return { ...stock, kernelName: Conv2D, kernelFunc: conv2d(stock.kernelFunc) };
}
