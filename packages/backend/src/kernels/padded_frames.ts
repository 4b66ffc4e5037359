/**
 * One-channel images zero-padded into frames for nophd's one-channel convolution loops (forward and weight
 * gradient), so those read every tap without bounds checks.
 */
import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernels } from './simd/module.js';
import { allocate, byteOffset, type BackendWasm } from './wasm_heap.js';

export interface PaddedFrames {
  /** [batch, hp, wp]; the caller releases it. */
  frames: TensorInfo;
  hp: number;
  wp: number;
}

/** x ([batch, h, w, 1]) in frames that hold every tap any output pixel of `conv` reads (stride equal on both axes). */
export function paddedFrames(backend: BackendWasm, x: TensorInfo, conv: backend_util.Conv2DInfo): PaddedFrames {
  const { batchSize: B, inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW } = conv;
  // Padding after the image where 'same' adds it; rows and columns no output reads are left out.
  const hp = (OH - 1) * conv.strideHeight + KH;
  const wp = (OW - 1) * conv.strideWidth + KW;
  const frames = allocate(backend, [B, hp, wp]);
  simdKernels(backend).padImages(byteOffset(backend, x), B, H, W, conv.padInfo.top, conv.padInfo.left, hp, wp, byteOffset(backend, frames));
  return { frames, hp, wp };
}
