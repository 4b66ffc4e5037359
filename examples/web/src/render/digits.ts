import { drawMessage, type FittedCanvas } from './canvas';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const WHITE: Rgb = [255, 255, 255];
/** The codelab's red: its white background scaled by (1, 1/1.3, 1/1.3). */
const RED: Rgb = [255, 196, 196];
const INK: Rgb = [20, 24, 33];
type Rgb = [number, number, number];

/** Digits with their true labels and the model's guesses; `images` holds 784 pixels in [0, 1] per digit. */
export interface LabelledDigits {
  images: Float32Array;
  labels: Uint8Array;
  predictions: Uint8Array;
}

/** Digit indices with the misrecognised ones first, each group in its original order (as in the codelab). */
export function misrecognisedFirst({ labels, predictions }: LabelledDigits, limit = labels.length): Uint32Array {
  const wrong: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === predictions[i] ? right : wrong).push(i);
  return Uint32Array.from(wrong.concat(right).slice(0, limit));
}

/** The digits at `order` laid out `cols` per row at 28 px each: dark ink on white, on red when misrecognised. */
export function digitMosaic(digits: LabelledDigits, order: ArrayLike<number>, cols: number): ImageData {
  const rows = Math.ceil(order.length / cols);
  const image = new ImageData(cols * SIDE, rows * SIDE);
  const out = image.data;
  const rowStride = cols * SIDE * 4;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const background = digits.labels[i] === digits.predictions[i] ? WHITE : RED;
    const x0 = (k % cols) * SIDE;
    const y0 = Math.floor(k / cols) * SIDE;
    for (let y = 0; y < SIDE; y++) {
      let o = (y0 + y) * rowStride + x0 * 4;
      let p = i * PIXELS + y * SIDE;
      for (let x = 0; x < SIDE; x++, o += 4, p++) {
        const ink = digits.images[p];
        out[o] = background[0] + (INK[0] - background[0]) * ink;
        out[o + 1] = background[1] + (INK[1] - background[1]) * ink;
        out[o + 2] = background[2] + (INK[2] - background[2]) * ink;
        out[o + 3] = 255;
      }
    }
  }
  return image;
}

/** Where a mosaic landed on the canvas, in CSS pixels. */
interface Placement {
  x: number;
  y: number;
  cell: number;
}

/** Each set of digits' mosaic, painted once: panels redraw on every resize and shortcut, the digits rarely change. */
const mosaics = new WeakMap<LabelledDigits, { source: HTMLCanvasElement; order: Uint32Array }>();

/** The digits' mosaic in `order` (computed once per set of digits), ready to draw. */
function cachedMosaic(digits: LabelledDigits, limit: number | undefined, cols: number): { source: HTMLCanvasElement; order: Uint32Array } {
  let cached = mosaics.get(digits);
  if (!cached) {
    const order = misrecognisedFirst(digits, limit);
    const mosaic = digitMosaic(digits, order, cols);
    const source = document.createElement('canvas');
    source.width = mosaic.width;
    source.height = mosaic.height;
    source.getContext('2d')!.putImageData(mosaic, 0, 0);
    cached = { source, order };
    mosaics.set(digits, cached);
  }
  return cached;
}

function placeMosaic(target: FittedCanvas, source: HTMLCanvasElement, box: { x: number; y: number; w: number; h: number }): Placement {
  const cols = source.width / SIDE;
  const rows = source.height / SIDE;
  const cell = Math.min(box.w / cols, box.h / rows);
  const x = box.x + (box.w - cell * cols) / 2;
  const y = box.y + (box.h - cell * rows) / 2;
  target.ctx.imageSmoothingEnabled = cell < SIDE; // smooth when shrinking, crisp pixels when enlarging
  target.ctx.imageSmoothingQuality = 'high';
  target.ctx.drawImage(source, x, y, cell * cols, cell * rows);
  return { x, y, cell };
}

/** True label (left, green) and guess (right, red) on misrecognised digits, when cells are big enough to read. */
function tagMisrecognised(target: FittedCanvas, digits: LabelledDigits, order: ArrayLike<number>, cols: number, at: Placement): void {
  if (at.cell < 18) return;
  const { ctx } = target;
  const size = Math.max(9, Math.round(at.cell * 0.36));
  ctx.font = `700 ${size}px ui-monospace, Menlo, Consolas, monospace`;
  ctx.textBaseline = 'top';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
  const tag = (text: string, x: number, y: number, align: CanvasTextAlign, color: string) => {
    ctx.textAlign = align;
    ctx.strokeText(text, x, y);
    ctx.fillStyle = color;
    ctx.fillText(text, x, y);
  };
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (digits.labels[i] === digits.predictions[i]) continue;
    const x = at.x + (k % cols) * at.cell;
    const y = at.y + Math.floor(k / cols) * at.cell;
    tag(String(digits.labels[i]), x + 2, y + 1, 'left', '#1b7a34');
    tag(String(digits.predictions[i]), x + at.cell - 2, y + 1, 'right', '#c62828');
  }
}

/** Panel 3: the current training batch, 10 per row, misrecognised ones first on red with their labels. */
export function drawTrainingDigits(target: FittedCanvas, digits: LabelledDigits | null): void {
  if (!digits) return drawMessage(target, 'The current batch appears once training starts');
  const cols = Math.ceil(Math.sqrt(digits.labels.length));
  const { source, order } = cachedMosaic(digits, undefined, cols);
  const pad = 8;
  const at = placeMosaic(target, source, { x: pad, y: pad, w: target.width - 2 * pad, h: target.height - 2 * pad });
  tagMisrecognised(target, digits, order, cols, at);
}

/** Test digits drawn in panel 6, with how many digits of the whole test set they were taken from. */
export interface TestDigits extends LabelledDigits {
  /** The size of the evaluated test set, for the accuracy scale. */
  evaluated: number;
}

/** Digits per row in the test panel: 1,000 digits in 25 rows of 40, as in the codelab. */
export const TEST_COLUMNS = 40;
/** How many test digits panel 6 shows. */
export const TEST_SHOWN = 1000;

/**
 * Panel 6: the first 1,000 test digits after sorting the misrecognised ones to the top, and a scale on the left
 * that reads as accuracy: with 10,000 test digits each row of 40 is 0.4 %, so where the red ends is the accuracy.
 */
export function drawTestDigits(target: FittedCanvas, digits: TestDigits | null): void {
  if (!digits) return drawMessage(target, 'Test digits appear after the first evaluation');
  const { source, order } = cachedMosaic(digits, TEST_SHOWN, TEST_COLUMNS);
  const axis = 46;
  const pad = 8;
  const at = placeMosaic(target, source, { x: axis, y: pad + 4, w: target.width - axis - pad, h: target.height - 2 * pad - 8 });
  tagMisrecognised(target, digits, order, TEST_COLUMNS, at);
  drawAccuracyScale(target, at, Math.ceil(order.length / TEST_COLUMNS), digits.evaluated);
}

function drawAccuracyScale({ ctx }: FittedCanvas, at: Placement, rows: number, evaluated: number): void {
  const span = (rows * TEST_COLUMNS) / evaluated; // the accuracy range the rows cover, e.g. 0.1
  const step = niceStep(span / 5);
  const bottom = at.y + rows * at.cell;
  ctx.strokeStyle = '#9aa4b2';
  ctx.fillStyle = '#4a5565';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(at.x - 0.5, at.y);
  ctx.lineTo(at.x - 0.5, bottom);
  ctx.stroke();
  for (let lost = 0; lost <= span + 1e-9; lost += step) {
    const y = at.y + (lost / span) * rows * at.cell;
    ctx.beginPath();
    ctx.moveTo(at.x - 5, Math.round(y) + 0.5);
    ctx.lineTo(at.x - 1, Math.round(y) + 0.5);
    ctx.stroke();
    const percent = (1 - lost) * 100;
    ctx.fillText(`${percent.toFixed(step * 100 < 1 ? 1 : 0)}%`, at.x - 7, y);
  }
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled < 1.5 ? 1 : scaled < 3.5 ? 2 : scaled < 7.5 ? 5 : 10) * power;
}
