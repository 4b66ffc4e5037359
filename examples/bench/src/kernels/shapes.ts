/**
 * The shapes of a stage's layers as the kernels see them in one training step, and the work each
 * kernel does there. Pure: the shapes are read from the model elsewhere (measure/kernels.ts).
 */

/** A 'same'-padded square convolution, NHWC. */
export interface ConvShape {
  kind: 'conv';
  stage: number;
  layer: string;
  batch: number;
  inSize: number;
  inChannels: number;
  kernel: number;
  stride: number;
  outChannels: number;
}

/** A dense layer: [batch, inUnits] × [inUnits, outUnits]. */
export interface DenseShape {
  kind: 'dense';
  stage: number;
  layer: string;
  batch: number;
  inUnits: number;
  outUnits: number;
}

export type LayerShape = ConvShape | DenseShape;

/** Output height and width of a 'same' convolution. */
export function outSize(shape: ConvShape): number {
  return Math.ceil(shape.inSize / shape.stride);
}

/**
 * Floating-point operations of the layer's forward product (2 per multiply-add). Its two gradients,
 * with respect to the input and to the weights, are products of the same size, so the same count is
 * used for all three kernels: GFLOP/s then compares them directly.
 */
export function flopsOf(shape: LayerShape): number {
  if (shape.kind === 'dense') return 2 * shape.batch * shape.inUnits * shape.outUnits;
  const out = outSize(shape);
  return 2 * shape.batch * out * out * shape.outChannels * shape.kernel * shape.kernel * shape.inChannels;
}

/** "28×28×12 → 6×6·24 s2 → 14×14×24" or "1568 → 200". */
export function describeShape(shape: LayerShape): string {
  if (shape.kind === 'dense') return `${shape.inUnits} → ${shape.outUnits}`;
  const out = outSize(shape);
  return `${shape.inSize}×${shape.inSize}×${shape.inChannels} → ${shape.kernel}×${shape.kernel}·${shape.outChannels} s${shape.stride} → ${out}×${out}×${shape.outChannels}`;
}

/** GFLOP/s of `flops` done in `ms` milliseconds. */
export function gflops(flops: number, ms: number): number {
  return flops / (ms * 1e6);
}
