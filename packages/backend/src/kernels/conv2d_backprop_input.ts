/**
 * Conv2DBackpropInput for the wasm backend. The stock kernel is a direct scalar loop, several
 * times slower than the forward convolution. This one splits the transposed convolution by
 * output phase: input rows ih with (ih + padTop) ≡ ph (mod strideH) receive dy only through the
 * filter rows kh ≡ ph, so each phase (ph, pw) is an ordinary stride-1 convolution of dy with a
 * flipped sub-filter, run by the wasm backend's own XNNPACK Conv2D. The phases are then
 * interleaved into dx. Same arithmetic as dy·Wᵀ + col2im, without the patch matrix. When all phases
 * share one geometry and CI fills XNNPACK's channel tiles badly, they run as one convolution whose
 * output channels hold the phases side by side.
 *
 * With very few input channels (a first layer on grey images) each phase convolution has that many
 * output channels, which XNNPACK computes at a small fraction of its speed; there the patch matrix
 * dy·Wᵀ ([pixels, taps], one matmul) and a col2im scatter-add are several times faster.
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
import { simdKernels } from './simd/module.js';
import { allocate, byteOffset, f32Offset, heapF32, release, runWasmKernel, withShape, type BackendWasm } from './wasm_heap.js';

/** Below this many input channels the dy·Wᵀ + col2im path is faster than the phase convolutions. */
const COLUMN_PATH_MAX_IN_CHANNELS = 3;
/** Output channels per tile of XNNPACK's wasm-SIMD convolution kernels: phases are merged when CI is not a multiple. */
const MERGE_CHANNEL_TILE = 8;

/** One spatial axis of one phase: which dx positions it fills and how dy is padded or cropped. */
interface PhaseAxis {
  /** Filter taps on this axis (0 when the filter is shorter than the stride). */
  taps: number;
  /** First and count of the phase's positions q; dx index = q·stride + phase − pad. */
  q0: number;
  count: number;
  /** Padding before/after dy (after cropping `cropBefore`/`cropAfter` rows, when it would be negative). */
  padBefore: number;
  padAfter: number;
  cropBefore: number;
  cropAfter: number;
}

function phaseAxis(phase: number, inSize: number, outSize: number, filter: number, stride: number, pad: number): PhaseAxis {
  const taps = Math.max(0, Math.ceil((filter - phase) / stride));
  const q0 = Math.ceil((pad - phase) / stride);
  const q1 = Math.floor((inSize - 1 + pad - phase) / stride);
  const count = Math.max(0, q1 - q0 + 1);
  // Output o of the stride-1 correlation reads dy rows o + q0 − (taps − 1) … o + q0.
  let padBefore = taps - 1 - q0;
  let padAfter = count + taps - 1 - outSize - padBefore;
  const cropBefore = Math.max(0, -padBefore);
  const cropAfter = Math.max(0, -padAfter);
  padBefore = Math.max(0, padBefore);
  padAfter = Math.max(0, padAfter);
  return { taps, q0, count, padBefore, padAfter, cropBefore, cropAfter };
}

/** heap[dst] = dy[:, rows, cols, :] for the kept rows/cols (only used when a padding would be negative). */
function crop(heap: Float32Array, src: number, dst: number, dims: number[], rows: [number, number], cols: [number, number]): void {
  const [batch, h, w, c] = dims as [number, number, number, number];
  const keptH = h - rows[0] - rows[1];
  const keptW = w - cols[0] - cols[1];
  let d = dst;
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < keptH; r++, d += keptW * c) {
      const s = src + ((b * h + r + rows[0]) * w + cols[0]) * c;
      heap.copyWithin(d, s, s + keptW * c);
    }
  }
}

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
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = conv;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = conv;
  const { top, left } = conv.padInfo;

  if (CI <= COLUMN_PATH_MAX_IN_CHANNELS) return inputGradByColumns(backend, dy, filter, conv);
  const dx = allocate(backend, [...inputShape]);
  const rowAxes = Array.from({ length: SH }, (_, ph) => phaseAxis(ph, H, OH, KH, SH, top));
  const colAxes = Array.from({ length: SW }, (_, pw) => phaseAxis(pw, W, OW, KW, SW, left));
  const geometry = { KH, KW, SH, SW, CI, CO, B, OH, OW };
  const all = (axes: PhaseAxis[]) => axes.every((a) => sameAxis(a, axes[0]!));
  if (CI % MERGE_CHANNEL_TILE !== 0 && SH * SW > 1 && all(rowAxes) && all(colAxes) && rowAxes[0]!.count > 0 && colAxes[0]!.count > 0) {
    // Every phase convolves dy the same way (same taps, padding, positions): one convolution with the
    // phases' sub-filters side by side as output channels does them all. Pays off when CI wastes part
    // of XNNPACK's output tiles (stage 4's 6×6 s2 layer, CI = 12: 27 → 21 ms CPU at batch 128); with
    // CI a multiple of the tile, measured slightly slower (CI 24: 13.6 → 15.0 ms; CI 48: equal).
    const phases: [number, number][] = [];
    for (let ph = 0; ph < SH; ph++) for (let pw = 0; pw < SW; pw++) phases.push([ph, pw]);
    const part = phaseGradient(backend, dy, filter, rowAxes[0]!, colAxes[0]!, phases, geometry);
    phases.forEach(([ph, pw], group) => interleave(backend, part, dx, rowAxes[ph]!, colAxes[pw]!, ph, pw, group, phases.length, conv));
    release(backend, part);
    return dx;
  }
  for (let ph = 0; ph < SH; ph++) {
    const rows = rowAxes[ph]!;
    for (let pw = 0; pw < SW; pw++) {
      const cols = colAxes[pw]!;
      if (rows.count === 0 || cols.count === 0) continue;
      const part = phaseGradient(backend, dy, filter, rows, cols, [[ph, pw]], geometry);
      interleave(backend, part, dx, rows, cols, ph, pw, 0, 1, conv);
      release(backend, part);
    }
  }
  return dx;
}

function sameAxis(a: PhaseAxis, b: PhaseAxis): boolean {
  return (
    a.taps === b.taps &&
    a.q0 === b.q0 &&
    a.count === b.count &&
    a.padBefore === b.padBefore &&
    a.padAfter === b.padAfter &&
    a.cropBefore === b.cropBefore &&
    a.cropAfter === b.cropAfter
  );
}

/**
 * Interleaves one phase into dx: phase position (q, r) is dx[q·SH + ph − top, r·SW + pw − left], read from
 * channel group `group` of `groups` in `part`. Every dx position belongs to exactly one phase, so dx
 * needs no zeroing.
 */
function interleave(
  backend: BackendWasm,
  part: TensorInfo,
  dx: TensorInfo,
  rows: PhaseAxis,
  cols: PhaseAxis,
  ph: number,
  pw: number,
  group: number,
  groups: number,
  conv: backend_util.Conv2DInfo,
): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: CI, strideHeight: SH, strideWidth: SW } = conv;
  const { top, left } = conv.padInfo;
  const src0 = byteOffset(backend, part) + 4 * group * CI;
  const dst0 = byteOffset(backend, dx);
  const srcStep = groups * CI;
  const simd = simdKernels(backend);
  const ih0 = rows.q0 * SH + ph - top;
  for (let b = 0; b < B; b++) {
    // The phase's rows.count × cols.count pixels of image b, CI values each, into every SH-th row and SW-th column of dx.
    const src = src0 + 4 * b * rows.count * cols.count * srcStep;
    const dst = dst0 + 4 * ((b * H + ih0) * W + cols.q0 * SW + pw - left) * CI;
    simd.copyBlocks(src, cols.count * srcStep, srcStep, dst, SH * W * CI, SW * CI, rows.count, cols.count, CI);
  }
}

/** dx = col2im(dy·Wᵀ): each pixel's row of the product holds what it sends back to each filter tap. */
function inputGradByColumns(backend: BackendWasm, dy: TensorInfo, filter: TensorInfo, conv: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = conv;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = conv;
  const { top, left } = conv.padInfo;
  const pixels = B * OH * OW;
  const taps = KH * KW * CI;
  const columns = runWasmKernel(
    backend,
    'BatchMatMul',
    { a: withShape(dy, [1, pixels, CO]), b: withShape(filter, [1, taps, CO]) },
    { transposeA: false, transposeB: true },
  );
  const dx = allocate(backend, [B, H, W, CI]);
  const heap = heapF32(backend);
  const c0 = f32Offset(backend, columns);
  const dx0 = f32Offset(backend, dx);
  heap.fill(0, dx0, dx0 + B * H * W * CI);
  // Tap-major within each output row: for one (b, oh) and one filter tap (kh, kw), the output columns whose
  // input column lies inside dx form one run, read every `taps` floats from the row's products (4 KB for
  // stage 5's first layer, in L1 across its 36 taps) and added to a contiguous run of dx: long inner loops
  // instead of one short run per pixel and filter row (stage 5's 6×6×1 layer at batch 64: 8.2 → 7.4 ms).
  // Per tap, the output columns whose input column lies inside dx, so the inner loops need no bounds checks.
  const owFirst = Int32Array.from({ length: KW }, (_, kw) => Math.min(OW, Math.max(0, Math.ceil((left - kw) / SW))));
  const owEnd = Int32Array.from({ length: KW }, (_, kw) => Math.max(owFirst[kw]!, Math.min(OW, Math.floor((W - 1 + left - kw) / SW) + 1)));
  const step = SW * CI;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const kh0 = Math.max(0, top - oh * SH);
      const kh1 = Math.min(KH, H + top - oh * SH);
      const row0 = c0 + (b * OH + oh) * OW * taps;
      for (let kh = kh0; kh < kh1; kh++) {
        const dxRow = dx0 + (b * H + oh * SH - top + kh) * W * CI;
        for (let kw = 0; kw < KW; kw++) {
          const ow0 = owFirst[kw]!;
          const ow1 = owEnd[kw]!;
          let src = row0 + ow0 * taps + (kh * KW + kw) * CI;
          let dst = dxRow + (ow0 * SW - left + kw) * CI;
          if (CI === 1) {
            for (let ow = ow0; ow < ow1; ow++, src += taps, dst += step) heap[dst]! += heap[src]!;
          } else {
            for (let ow = ow0; ow < ow1; ow++, src += taps, dst += step) {
              for (let c = 0; c < CI; c++) heap[dst + c]! += heap[src + c]!;
            }
          }
        }
      }
    }
  }
  release(backend, columns);
  return dx;
}

interface PhaseGeometry {
  KH: number;
  KW: number;
  SH: number;
  SW: number;
  CI: number;
  CO: number;
  B: number;
  OH: number;
  OW: number;
}

/**
 * dx values of the given phases, which share `rows` and `cols`: [B, rows.count, cols.count, phases·CI],
 * phase k's values in channels k·CI … (k+1)·CI − 1.
 */
function phaseGradient(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  rows: PhaseAxis,
  cols: PhaseAxis,
  phases: [number, number][],
  g: PhaseGeometry,
): TensorInfo {
  const { KH, KW, SH, SW, CI, CO, B, OH, OW } = g;
  const outChannels = phases.length * CI;
  if (rows.taps === 0 || cols.taps === 0) {
    // The filter never reaches these positions: their gradient is zero.
    const zeros = allocate(backend, [B, rows.count, cols.count, outChannels]);
    const off = f32Offset(backend, zeros);
    heapF32(backend).fill(0, off, off + B * rows.count * cols.count * outChannels);
    return zeros;
  }
  // Sub-filter [rows.taps, cols.taps, CO, phases·CI]: for phase (ph, pw), taps kh = ph + SH·(taps−1−j),
  // flipped, channels swapped.
  const sub = allocate(backend, [rows.taps, cols.taps, CO, outChannels]);
  let heap = heapF32(backend);
  const w0 = f32Offset(backend, filter);
  let d = f32Offset(backend, sub);
  const phaseRows = Int32Array.from(phases, ([ph]) => ph);
  const phaseCols = Int32Array.from(phases, ([, pw]) => pw);
  for (let j = 0; j < rows.taps; j++) {
    for (let i = 0; i < cols.taps; i++) {
      for (let co = 0; co < CO; co++) {
        for (let k = 0; k < phases.length; k++) {
          const kh = phaseRows[k]! + SH * (rows.taps - 1 - j);
          const kw = phaseCols[k]! + SW * (cols.taps - 1 - i);
          if (kh >= KH || kw >= KW) {
            heap.fill(0, d, d + CI);
            d += CI;
            continue;
          }
          const base = w0 + (kh * KW + kw) * CI * CO + co;
          for (let ci = 0; ci < CI; ci++) heap[d++] = heap[base + ci * CO]!;
        }
      }
    }
  }
  let source = dy;
  const cropped = rows.cropBefore + rows.cropAfter + cols.cropBefore + cols.cropAfter > 0;
  if (cropped) {
    const h = OH - rows.cropBefore - rows.cropAfter;
    const w = OW - cols.cropBefore - cols.cropAfter;
    source = allocate(backend, [B, h, w, CO]);
    heap = heapF32(backend);
    crop(heap, f32Offset(backend, dy), f32Offset(backend, source), [B, OH, OW, CO], [rows.cropBefore, rows.cropAfter], [
      cols.cropBefore,
      cols.cropAfter,
    ]);
  }
  const part = runWasmKernel(
    backend,
    'Conv2D',
    { x: source, filter: sub },
    {
      strides: 1,
      dilations: 1,
      pad: [
        [0, 0],
        [rows.padBefore, rows.padAfter],
        [cols.padBefore, cols.padAfter],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  release(backend, sub);
  if (cropped) release(backend, source);
  return part;
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
