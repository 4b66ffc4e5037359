import { drawShapes } from './canvas.js';
import { InvalidViewDataError } from './errors.js';
import { DEFAULT_THEME, rect, text, type Scene, type Shape, type Theme } from './scene.js';
import { sceneToSvg } from './svg.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
type Rgb = readonly [number, number, number];
type Box = { x: number; y: number; width: number; height: number };
const WHITE: Rgb = [255, 255, 255];
/** The codelab's red: its white background scaled by (1, 1/1.3, 1/1.3). */
const WRONG: Rgb = [255, 196, 196];
const INK: Rgb = [20, 24, 33];
const HALO = 'rgba(255,255,255,0.9)';
/** Room on the left for the accuracy scale, in CSS pixels. */
const SCALE_WIDTH = 40;

/**
 * 28×28 digits, 784 values in [0, 1] per digit, row-major; with `labels` and `predictions` the mosaic
 * marks the misrecognised ones as the codelab does.
 */
export interface Digits {
  images: ArrayLike<number>;
  /** The true digit of each image. */
  labels?: ArrayLike<number>;
  /** A model's guess for each image. */
  predictions?: ArrayLike<number>;
}

/** Options of the digit-mosaic renderers. */
export interface DigitMosaicOptions extends Partial<Theme> {
  /** Digits per row. Default: as many as make a square. */
  columns?: number;
  /**
   * Which images, in which order. Default: every image, the misrecognised ones first when labels and
   * predictions are given (see {@link misrecognisedFirst}).
   */
  order?: ArrayLike<number>;
  /** At most this many digits (the codelab shows the first 1,000 test digits). */
  limit?: number;
  /**
   * Draws a scale on the left that reads as accuracy: with `evaluated` test digits in all and the
   * misrecognised ones sorted first, the row where the red ends is the accuracy.
   */
  accuracyScale?: { evaluated: number };
  /** Where to draw, in CSS pixels; the digits are as large as fit and centred. Default: 28 px per digit. */
  box?: Box;
  title?: string;
}

/** Where the cells of a drawn mosaic are: position `k` of the order is at column `k % columns`, row `⌊k / columns⌋`. */
export interface MosaicLayout {
  readonly x: number;
  readonly y: number;
  /** The side of one digit in CSS pixels. */
  readonly cell: number;
  readonly columns: number;
  readonly rows: number;
  /** How many digits are drawn. */
  readonly count: number;
}

/**
 * Image indices with the misrecognised ones first, each group in its original order (as in the codelab).
 *
 * @example
 * ```ts
 * misrecognisedFirst([1, 2, 3], [1, 7, 3]); // Uint32Array [1, 0, 2]
 * ```
 */
export function misrecognisedFirst(labels: ArrayLike<number>, predictions: ArrayLike<number>, limit = labels.length): Uint32Array {
  if (predictions.length !== labels.length) {
    throw new InvalidViewDataError('predictions', `${predictions.length} predictions for ${labels.length} labels`, 'Pass one predicted digit per label.');
  }
  const wrong: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === predictions[i] ? right : wrong).push(i);
  return Uint32Array.from(wrong.concat(right).slice(0, limit));
}

/**
 * The mosaic's pixels at 28 per digit, RGBA: dark ink on white, on the codelab's red where the guess is
 * wrong. Pure (no DOM): wrap the result in `new ImageData(data, width, height)` to put it on a canvas.
 *
 * @example
 * ```ts
 * const { data, width, height } = digitMosaicPixels({ images, labels, predictions }, [0, 1, 2, 3], 2);
 * ctx.putImageData(new ImageData(data, width, height), 0, 0);
 * ```
 */
export function digitMosaicPixels(digits: Digits, order: ArrayLike<number>, columns: number): { data: Uint8ClampedArray<ArrayBuffer>; width: number; height: number } {
  checkDigits(digits, order);
  const rows = Math.max(1, Math.ceil(order.length / columns));
  const width = columns * SIDE;
  const height = rows * SIDE;
  const out = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const paper = isWrong(digits, i) ? WRONG : WHITE;
    const x0 = (k % columns) * SIDE;
    const y0 = Math.floor(k / columns) * SIDE;
    for (let y = 0; y < SIDE; y++) {
      let o = ((y0 + y) * width + x0) * 4;
      let p = i * PIXELS + y * SIDE;
      for (let x = 0; x < SIDE; x++, o += 4, p++) {
        const ink = digits.images[p];
        out[o] = paper[0] + (INK[0] - paper[0]) * ink;
        out[o + 1] = paper[1] + (INK[1] - paper[1]) * ink;
        out[o + 2] = paper[2] + (INK[2] - paper[2]) * ink;
      }
    }
  }
  return { data: out, width, height };
}

/**
 * Fits `count` digits, `columns` per row, into a box as large square cells, centred.
 *
 * @example
 * ```ts
 * const layout = mosaicLayout(100, 10, { x: 0, y: 0, width: 300, height: 200 }); // cell 20, x 50
 * ```
 */
export function mosaicLayout(count: number, columns: number, box: Box): MosaicLayout {
  const rows = Math.max(1, Math.ceil(count / columns));
  const cell = Math.max(0, Math.min(box.width / columns, box.height / rows));
  return { x: box.x + (box.width - cell * columns) / 2, y: box.y + (box.height - cell * rows) / 2, cell, columns, rows, count };
}

/**
 * The position in the mosaic's order under a point (e.g. a click's `offsetX`, `offsetY`), or null
 * between or outside the digits.
 *
 * @example
 * ```ts
 * const { layout, order } = drawDigitMosaic(ctx, test, { columns: 40, box });
 * canvas.onclick = (e) => { const k = mosaicCellAt(layout, e.offsetX, e.offsetY); if (k !== null) show(order[k]); };
 * ```
 */
export function mosaicCellAt(layout: MosaicLayout, x: number, y: number): number | null {
  if (layout.cell <= 0) return null;
  const column = Math.floor((x - layout.x) / layout.cell);
  const row = Math.floor((y - layout.y) / layout.cell);
  if (column < 0 || row < 0 || column >= layout.columns || row >= layout.rows) return null;
  const k = row * layout.columns + column;
  return k < layout.count ? k : null;
}

/** The order, columns and layout the options ask for; the box is the whole picture less the scale and title. */
function arrange(digits: Digits, options: DigitMosaicOptions): { order: ArrayLike<number>; layout: MosaicLayout; box: Box } {
  const all =
    options.order ??
    (digits.labels && digits.predictions
      ? misrecognisedFirst(digits.labels, digits.predictions)
      : Uint32Array.from({ length: Math.floor(digits.images.length / PIXELS) }, (_, i) => i));
  const order = options.limit !== undefined && options.limit < all.length ? Array.prototype.slice.call(all, 0, options.limit) : all;
  const columns = Math.max(1, Math.round(options.columns ?? Math.ceil(Math.sqrt(order.length))));
  const rows = Math.max(1, Math.ceil(order.length / columns));
  const fs = options.fontSize ?? DEFAULT_THEME.fontSize;
  const top = options.title ? fs * 2 : 0;
  const left = options.accuracyScale ? SCALE_WIDTH : 0;
  const box = options.box ?? { x: 0, y: 0, width: left + columns * SIDE, height: top + rows * SIDE };
  const layout = mosaicLayout(order.length, columns, { x: box.x + left, y: box.y + top, width: box.width - left, height: box.height - top });
  return { order, layout, box };
}

/** The labels and scale drawn over the digits: true label (left, green) and guess (right, red) on each wrong one. */
function overlay(digits: Digits, order: ArrayLike<number>, layout: MosaicLayout, box: Box, options: DigitMosaicOptions, theme: Theme): Shape[] {
  const shapes: Shape[] = [];
  if (options.title) shapes.push(text(box.x + 4, box.y + theme.fontSize, options.title, theme.textColor, theme.fontSize * 1.15, 'start', 'bold'));
  if (layout.cell >= 18 && digits.labels && digits.predictions) {
    const size = Math.max(9, Math.round(layout.cell * 0.36));
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      if (!isWrong(digits, i)) continue;
      const x = layout.x + (k % layout.columns) * layout.cell;
      const y = layout.y + Math.floor(k / layout.columns) * layout.cell + size * 0.6 + 1;
      shapes.push(text(x + 2, y, String(digits.labels[i]), '#1b7a34', size, 'start', 'bold', HALO));
      shapes.push(text(x + layout.cell - 2, y, String(digits.predictions[i]), '#c62828', size, 'end', 'bold', HALO));
    }
  }
  if (options.accuracyScale) shapes.push(...accuracyScale(layout, options.accuracyScale.evaluated, theme));
  return shapes;
}

/** Ticks from 100 % down along the left edge: each row of `columns` digits is `columns / evaluated` of accuracy. */
function accuracyScale(layout: MosaicLayout, evaluated: number, theme: Theme): Shape[] {
  const span = (layout.rows * layout.columns) / Math.max(1, evaluated);
  const step = niceStep(span / 5);
  const height = layout.rows * layout.cell;
  const shapes: Shape[] = [rect(layout.x - 1, layout.y, 1, height, '#9aa4b2')];
  for (let lost = 0; lost <= span + 1e-9; lost += step) {
    const y = layout.y + (lost / span) * height;
    shapes.push(rect(layout.x - 5, Math.round(y), 4, 1, '#9aa4b2'));
    shapes.push(text(layout.x - 7, y, `${((1 - lost) * 100).toFixed(step * 100 < 1 ? 1 : 0)}%`, theme.mutedColor, theme.fontSize * 0.9, 'end'));
  }
  return shapes;
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled < 1.5 ? 1 : scaled < 3.5 ? 2 : scaled < 7.5 ? 5 : 10) * power;
}

/**
 * Lays out a digit mosaic as rectangles and labels (one rectangle per inked pixel, so keep it to a few
 * hundred digits): the codelab's training- and test-digit panels. Pure: no DOM.
 *
 * @example
 * ```ts
 * const { scene, layout, order } = digitMosaicScene({ images, labels, predictions }, { columns: 10 });
 * ```
 */
export function digitMosaicScene(digits: Digits, options: DigitMosaicOptions = {}): { scene: Scene; layout: MosaicLayout; order: ArrayLike<number> } {
  const theme = { ...DEFAULT_THEME, ...options };
  const { order, layout, box } = arrange(digits, options);
  const pixel = layout.cell / SIDE;
  const shapes: Shape[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const left = layout.x + (k % layout.columns) * layout.cell;
    const top = layout.y + Math.floor(k / layout.columns) * layout.cell;
    const paper = isWrong(digits, i) ? WRONG : WHITE;
    if (paper !== WHITE) shapes.push(rect(left, top, layout.cell, layout.cell, css(paper)));
    for (let p = 0; p < PIXELS; p++) {
      const ink = Math.round(digits.images[i * PIXELS + p] * 8) / 8; // 9 grey levels keep the SVG small
      if (ink === 0) continue;
      const colour = paper.map((v, c) => Math.round(v + (INK[c] - v) * ink)) as unknown as Rgb;
      shapes.push(rect(left + (p % SIDE) * pixel, top + Math.floor(p / SIDE) * pixel, pixel + 0.3, pixel + 0.3, css(colour)));
    }
  }
  shapes.push(...overlay(digits, order, layout, box, options, theme));
  return { scene: { width: Math.ceil(box.x + box.width), height: Math.ceil(box.y + box.height), shapes }, layout, order };
}

/**
 * A digit mosaic as a standalone SVG document, e.g. a report's "digits it got wrong".
 *
 * @example
 * ```ts
 * writeFileSync('mistakes.svg', renderDigitMosaicSvg({ images, labels, predictions }, { columns: 10, limit: 100 }));
 * ```
 */
export function renderDigitMosaicSvg(digits: Digits, options: DigitMosaicOptions = {}): string {
  return sceneToSvg(digitMosaicScene(digits, options).scene, { ...DEFAULT_THEME, ...options }, options.title ?? 'Digits');
}

/** The context {@link drawDigitMosaic} paints on: a browser canvas's or an OffscreenCanvas's. */
export type MosaicContext = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Each set of digits' mosaic bitmap, painted once per order: panels redraw on every resize, the digits rarely change. */
const bitmaps = new WeakMap<object, { digits: Digits; order: ArrayLike<number>; columns: number; bitmap: OffscreenCanvas | HTMLCanvasElement }>();

function mosaicBitmap(digits: Digits, order: ArrayLike<number>, columns: number): OffscreenCanvas | HTMLCanvasElement {
  const cached = bitmaps.get(digits.images as object);
  const same = cached && cached.digits.labels === digits.labels && cached.digits.predictions === digits.predictions;
  if (cached && same && cached.columns === columns && sameOrder(cached.order, order)) return cached.bitmap;
  const { data, width, height } = digitMosaicPixels(digits, order, columns);
  const bitmap = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
  (bitmap.getContext('2d') as MosaicContext).putImageData(new ImageData(data, width, height), 0, 0);
  bitmaps.set(digits.images as object, { digits: { ...digits }, order: Array.from(order), columns, bitmap });
  return bitmap;
}

/**
 * Draws a digit mosaic on a canvas (fast: one bitmap per set of digits, scaled to fit) with the
 * codelab's marks, and returns its layout and order for {@link mosaicCellAt}.
 *
 * @example
 * ```ts
 * // The codelab's test panel: 1,000 digits 40 a row, the wrong ones first, and the accuracy scale.
 * drawDigitMosaic(ctx, test, { columns: 40, limit: 1000, accuracyScale: { evaluated: 10_000 }, box: { x: 0, y: 0, width: 600, height: 400 } });
 * ```
 */
export function drawDigitMosaic(ctx: MosaicContext, digits: Digits, options: DigitMosaicOptions = {}): { layout: MosaicLayout; order: ArrayLike<number> } {
  const theme = { ...DEFAULT_THEME, ...options };
  const { order, layout, box } = arrange(digits, options);
  const bitmap = mosaicBitmap(digits, order, layout.columns);
  ctx.save();
  ctx.imageSmoothingEnabled = layout.cell < SIDE; // smooth when shrinking, crisp pixels when enlarging
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, layout.x, layout.y, layout.cell * layout.columns, layout.cell * layout.rows);
  ctx.restore();
  drawShapes(ctx as CanvasRenderingContext2D, overlay(digits, order, layout, box, options, theme), theme);
  return { layout, order };
}

/**
 * Sizes a canvas to 28 pixels per digit and paints the digits (let CSS scale it, with
 * `image-rendering: pixelated`): a strip of examples, or one digit as the model sees it.
 *
 * @example
 * ```ts
 * paintDigitMosaic(canvas, { images: test.images }, { order: [3, 14, 15], columns: 3 });
 * ```
 */
export function paintDigitMosaic(canvas: HTMLCanvasElement | OffscreenCanvas, digits: Digits, options: Pick<DigitMosaicOptions, 'order' | 'columns' | 'limit'> = {}): { layout: MosaicLayout; order: ArrayLike<number> } {
  const { order, layout } = arrange(digits, options);
  const { data, width, height } = digitMosaicPixels(digits, order, layout.columns);
  canvas.width = width;
  canvas.height = height;
  (canvas.getContext('2d') as MosaicContext).putImageData(new ImageData(data, width, height), 0, 0);
  return { layout: { ...layout, x: 0, y: 0, cell: SIDE }, order };
}

function isWrong(digits: Digits, i: number): boolean {
  return digits.labels !== undefined && digits.predictions !== undefined && digits.labels[i] !== digits.predictions[i];
}

function checkDigits(digits: Digits, order: ArrayLike<number>): void {
  const count = digits.images.length / PIXELS;
  if (!Number.isInteger(count)) {
    throw new InvalidViewDataError('images', `${digits.images.length} values are not a whole number of 28×28 digits`, 'Pass 784 values per digit, row by row.');
  }
  for (let k = 0; k < order.length; k++) {
    if (!(order[k] >= 0 && order[k] < count)) {
      throw new InvalidViewDataError('order', `index ${order[k]} is outside the ${count} digits`, 'Pass indices of images that exist.');
    }
  }
}

function sameOrder(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const css = ([r, g, b]: Rgb) => `rgb(${r},${g},${b})`;
