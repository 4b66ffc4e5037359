import { drawScene, type Canvas2D } from './canvas.js';
import type { ConfusionMatrix } from './confusion-matrix.js';
import { DEFAULT_THEME, rect, text, type Scene, type Shape, type Theme } from './scene.js';
import { sceneToSvg } from './svg.js';

/** Options of the confusion-matrix renderers. */
export interface ConfusionOptions extends Partial<Theme> {
  /** Width in CSS pixels. SVG default 520; canvas default: the canvas' width. */
  width?: number;
  /** Class names along the axes; default `'0'`…`'9'`. */
  labels?: readonly string[];
  title?: string;
}

/** Where the cells of a laid-out confusion matrix are, for hit-testing clicks. */
export interface ConfusionLayout {
  readonly left: number;
  readonly top: number;
  readonly cell: number;
  readonly classes: number;
}

/**
 * The cell under a point of a drawn confusion matrix, or null outside the cells.
 *
 * @example
 * ```ts
 * const { layout } = confusionScene(matrix, { width: 480 });
 * canvas.onclick = (e) => console.log(confusionCellAt(layout, e.offsetX, e.offsetY)); // { trueClass: 4, predictedClass: 9 }
 * ```
 */
export function confusionCellAt(layout: ConfusionLayout, x: number, y: number): { trueClass: number; predictedClass: number } | null {
  const column = Math.floor((x - layout.left) / layout.cell);
  const row = Math.floor((y - layout.top) / layout.cell);
  if (column < 0 || row < 0 || column >= layout.classes || row >= layout.classes) return null;
  return { trueClass: row, predictedClass: column };
}

/**
 * The centre of a cell of a drawn confusion matrix, in the picture's coordinates: where to point at it.
 *
 * @example
 * ```ts
 * const { x, y } = confusionCellCentre(layout, 4, 9); // the 4s read as 9
 * ```
 */
export function confusionCellCentre(layout: ConfusionLayout, trueClass: number, predictedClass: number): { x: number; y: number } {
  return { x: layout.left + (predictedClass + 0.5) * layout.cell, y: layout.top + (trueClass + 0.5) * layout.cell };
}

/**
 * Lays out a confusion matrix (rows: true class, columns: predicted class) with the count in each cell,
 * right answers on the diagonal in green and mistakes in red, shaded by their share of the row, and
 * each class's accuracy as a bar to the right. Pure: no DOM.
 *
 * @example
 * ```ts
 * const { scene, layout } = confusionScene(confusionMatrix(labels, predictions), { width: 480 });
 * ```
 */
export function confusionScene(matrix: ConfusionMatrix, options: ConfusionOptions = {}): { scene: Scene; layout: ConfusionLayout } {
  const theme = { ...DEFAULT_THEME, ...options };
  const n = matrix.classes;
  const width = options.width ?? 520;
  const fs = theme.fontSize;
  const titleHeight = options.title ? fs * 2 : 0;
  const left = fs * 3.2; // row labels and the rotated-free "true" caption
  const barWidth = Math.max(60, width * 0.2);
  const cell = Math.max(8, (width - left - barWidth - 12) / n);
  const top = titleHeight + fs * 2.6;
  const labels = options.labels ?? Array.from({ length: n }, (_, i) => String(i));
  const shapes: Shape[] = [];
  if (options.title) shapes.push(text(4, fs, options.title, theme.textColor, fs * 1.15, 'start', 'bold'));
  shapes.push(text(left + (cell * n) / 2, titleHeight + fs * 0.7, 'predicted', theme.mutedColor, fs, 'middle'));
  shapes.push(text(4, top - fs * 0.9, 'true', theme.mutedColor, fs, 'start'));
  const cellFont = Math.max(7, Math.min(fs, cell * 0.38));

  for (let c = 0; c < n; c++) shapes.push(text(left + (c + 0.5) * cell, top - fs * 0.8, labels[c], theme.textColor, fs, 'middle', 'bold'));
  for (let r = 0; r < n; r++) {
    const y = top + r * cell;
    shapes.push(text(left - 6, y + cell / 2, labels[r], theme.textColor, fs, 'end', 'bold'));
    const total = matrix.totals[r];
    for (let c = 0; c < n; c++) {
      const count = matrix.counts[r * n + c];
      const share = total === 0 ? 0 : count / total;
      // Mistakes are rare: a square root keeps a 1% confusion visible next to a 99% diagonal.
      const strength = r === c ? share : Math.sqrt(share);
      shapes.push(rect(left + c * cell, y, cell, cell, shade(r === c ? [22, 163, 74] : [220, 38, 38], count === 0 ? 0 : 0.12 + 0.88 * strength), '#e5e7eb'));
      if (count > 0) {
        const dark = (r === c ? share : strength) > 0.55;
        shapes.push(text(left + (c + 0.5) * cell, y + cell / 2, compact(count), dark ? '#ffffff' : theme.textColor, cellFont, 'middle'));
      }
    }
    const accuracy = matrix.perClassAccuracy[r];
    const barLeft = left + n * cell + 12;
    const barSpan = width - barLeft - 4;
    shapes.push(rect(barLeft, y + cell * 0.2, barSpan, cell * 0.6, '#f3f4f6'));
    if (Number.isFinite(accuracy)) {
      shapes.push(rect(barLeft, y + cell * 0.2, barSpan * accuracy, cell * 0.6, '#93c5fd'));
      shapes.push(text(barLeft + 4, y + cell / 2, `${(accuracy * 100).toFixed(1)}%`, theme.textColor, cellFont, 'start'));
    }
  }
  const barLeft = left + n * cell + 12;
  shapes.push(text(barLeft, top - fs * 0.8, 'accuracy', theme.mutedColor, fs, 'start'));
  const bottom = top + n * cell;
  const overall = Number.isFinite(matrix.accuracy) ? `${(matrix.accuracy * 100).toFixed(2)}% of ${matrix.size.toLocaleString('en')}` : 'no examples';
  shapes.push(text(left, bottom + fs * 1.2, `overall ${overall}`, theme.mutedColor, fs, 'start'));
  return { scene: { width, height: Math.ceil(bottom + fs * 2.2), shapes }, layout: { left, top, cell, classes: n } };
}

/**
 * A confusion matrix with per-class accuracy as a standalone SVG document.
 *
 * @example
 * ```ts
 * writeFileSync('confusion.svg', renderConfusionSvg(confusionMatrix(labels, predictions)));
 * ```
 */
export function renderConfusionSvg(matrix: ConfusionMatrix, options: ConfusionOptions = {}): string {
  return sceneToSvg(confusionScene(matrix, options).scene, { ...DEFAULT_THEME, ...options }, options.title ?? 'Confusion matrix');
}

/**
 * Draws a confusion matrix on a canvas and returns its layout (for {@link confusionCellAt}) and height.
 *
 * @example
 * ```ts
 * const { layout } = drawConfusion(canvas.getContext('2d')!, matrix);
 * ```
 */
export function drawConfusion(ctx: Canvas2D & { canvas?: { width: number } }, matrix: ConfusionMatrix, options: ConfusionOptions = {}): { layout: ConfusionLayout; height: number } {
  const { scene, layout } = confusionScene(matrix, { ...options, width: options.width ?? ctx.canvas?.width ?? 520 });
  drawScene(ctx, scene, { ...DEFAULT_THEME, ...options });
  return { layout, height: scene.height };
}

/** `rgb` mixed with white: alpha 0 is white, 1 the full colour (opaque, so SVG and canvas agree). */
function shade([r, g, b]: [number, number, number], alpha: number): string {
  const mix = (v: number) => Math.round(255 + (v - 255) * alpha);
  return alpha <= 0 ? '#ffffff' : `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

function compact(count: number): string {
  return count >= 10_000 ? `${Math.round(count / 1000)}k` : String(count);
}
