import { InvalidViewDataError } from './errors.js';

/** A set of same-sized greyscale-free pictures of weights, one per output unit or filter. */
export interface WeightPictures {
  /** Pixels across and down each picture (28 × 28 for stage 1's templates, 5 × 5 for a 5×5 filter). */
  readonly width: number;
  readonly height: number;
  /** One row-major `width·height` array per picture. */
  readonly pictures: readonly Float32Array[];
  /** Largest |weight| over all pictures: the colour scale is `[-scale, +scale]`, so white is exactly 0. */
  readonly scale: number;
}

/**
 * Stage 1's "cheat sheets": the kernel of a dense layer from 784 pixels to 10 digits, cut into one
 * 28×28 picture per digit. `kernel` is the layer's kernel as tfjs stores it, row-major `[inputs, units]`
 * (`await layer.getWeights()[0].data()`).
 *
 * @example
 * ```ts
 * const kernel = await model.layers[0].getWeights()[0].data();
 * const templates = weightTemplates(kernel);           // ten 28×28 pictures
 * templates.pictures[7][14 * 28 + 14];                  // digit 7's weight on the centre pixel
 * ```
 */
export function weightTemplates(
  kernel: ArrayLike<number>,
  { width = 28, height = 28, units = 10 }: { width?: number; height?: number; units?: number } = {},
): WeightPictures {
  const inputs = width * height;
  if (kernel.length !== inputs * units) {
    throw new InvalidViewDataError(
      'kernel',
      `it has ${kernel.length} values, but a dense layer from ${inputs} pixels (${width}×${height}) to ${units} units has ${inputs * units}`,
      "Pass the first dense layer's kernel of a flat-input model (stage 1), or give width, height and units to match.",
    );
  }
  const pictures = Array.from({ length: units }, () => new Float32Array(inputs));
  for (let p = 0; p < inputs; p++) {
    for (let u = 0; u < units; u++) pictures[u][p] = kernel[p * units + u];
  }
  return { width, height, pictures, scale: maxAbs(pictures) };
}

/**
 * The filters of a convolution, one picture per output channel, from its kernel as tfjs stores it:
 * row-major `[kernelHeight, kernelWidth, inChannels, outChannels]`. For a first layer (one input
 * channel, greyscale digits) each picture is what the filter looks for; with several input channels
 * `inChannel` picks the one to show.
 *
 * @example
 * ```ts
 * const w = model.layers[0].getWeights()[0];               // conv 5×5·32: shape [5, 5, 1, 32]
 * const filters = convolutionFilters(await w.data(), w.shape as number[]);
 * filters.pictures.length;                                 // 32
 * ```
 */
export function convolutionFilters(kernel: ArrayLike<number>, shape: readonly number[], inChannel = 0): WeightPictures {
  const [height, width, inChannels, outChannels] = shape;
  const valid = shape.length === 4 && shape.every((n) => Number.isInteger(n) && n > 0);
  if (!valid || kernel.length !== height * width * inChannels * outChannels) {
    throw new InvalidViewDataError(
      'kernel',
      `shape ${JSON.stringify(shape)} with ${kernel.length} values is not a convolution kernel [height, width, inChannels, outChannels]`,
      'Pass a Conv2D layer\'s kernel data with its shape, e.g. convolutionFilters(await w.data(), w.shape).',
    );
  }
  if (!Number.isInteger(inChannel) || inChannel < 0 || inChannel >= inChannels) {
    throw new InvalidViewDataError('inChannel', `${inChannel} is not one of the kernel's ${inChannels} input channels`, `Pass 0 … ${inChannels - 1}.`);
  }
  const pictures = Array.from({ length: outChannels }, () => new Float32Array(width * height));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const base = ((y * width + x) * inChannels + inChannel) * outChannels;
      for (let o = 0; o < outChannels; o++) pictures[o][y * width + x] = kernel[base + o];
    }
  }
  return { width, height, pictures, scale: maxAbs(pictures) };
}

/**
 * Pictures of a model's first layer from its kernel and shape, whatever the layer: a dense kernel
 * `[784, units]` gives one 28×28 picture per unit (stage 1: the ten digit templates), a convolution
 * kernel `[h, w, 1, filters]` one picture per filter.
 *
 * @example
 * ```ts
 * const w = model.layers[0].getWeights()[0];
 * const pictures = kernelPictures(await w.data(), w.shape as number[]);
 * ```
 */
export function kernelPictures(kernel: ArrayLike<number>, shape: readonly number[]): WeightPictures {
  if (shape.length === 2 && shape[0] === 784) return weightTemplates(kernel, { units: shape[1] });
  if (shape.length === 4) return convolutionFilters(kernel, shape);
  throw new InvalidViewDataError(
    'kernel',
    `a kernel of shape ${JSON.stringify(shape)} has no picture form`,
    'Pass the first layer of an MNIST model: a dense kernel [784, units] or a convolution kernel [h, w, inChannels, filters].',
  );
}

/**
 * The diverging colour of a weight on a symmetric scale: red for positive, white for zero, blue for
 * negative, full strength at ±`scale`. Returns `[r, g, b]` in 0–255.
 *
 * @example
 * ```ts
 * divergingColor(1, 1);   // [255, 0, 0]   red
 * divergingColor(0, 1);   // [255, 255, 255] white
 * divergingColor(-0.5, 1); // [128, 128, 255] light blue
 * ```
 */
export function divergingColor(value: number, scale: number): [number, number, number] {
  const t = scale > 0 && Number.isFinite(value) ? Math.max(-1, Math.min(1, value / scale)) : 0;
  const fade = Math.round(255 * (1 - Math.abs(t)));
  return t >= 0 ? [255, fade, fade] : [fade, fade, 255];
}

/** `divergingColor` as a CSS colour string. */
export function divergingCss(value: number, scale: number): string {
  const [r, g, b] = divergingColor(value, scale);
  return `rgb(${r},${g},${b})`;
}

function maxAbs(pictures: readonly Float32Array[]): number {
  let max = 0;
  for (const picture of pictures) for (const v of picture) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
  return max;
}
