import { drawScene, type Canvas2D } from './canvas.js';
import { DEFAULT_THEME, rect, text, type Scene, type Shape, type Theme } from './scene.js';
import { sceneToSvg } from './svg.js';

/** One layer of a model, as plain data (`summarizeModel` in `@nophd/models` makes these from a tfjs model). */
export interface LayerRow {
  readonly name: string;
  /** The layer's class, e.g. `'Conv2D'`. */
  readonly className: string;
  /** Output shape without the batch dimension, e.g. `[28, 28, 32]`. */
  readonly outputShape: readonly number[];
  /** Number of weights (trainable or not). */
  readonly params: number;
}

/** Options of the summary renderers. */
export interface ModelSummaryOptions extends Partial<Theme> {
  /** Width in CSS pixels. SVG default 520; canvas default: the canvas' width. */
  width?: number;
  title?: string;
}

/**
 * The table's text: one row of cells per layer (its class, output shape, weights) and a total row.
 *
 * @example
 * ```ts
 * summaryTable([{ name: 'dense', className: 'Dense', outputShape: [10], params: 7850 }]);
 * // { header: ['Layer', 'Output shape', 'Weights'], rows: [['Dense', '10', '7,850']], total: ['Total', '', '7,850'] }
 * ```
 */
export function summaryTable(layers: readonly LayerRow[]): { header: string[]; rows: string[][]; total: string[] } {
  // The class says what a layer does; tfjs's generated names (conv2d_Conv2D3) mostly repeat it.
  const rows = layers.map((l) => [l.className, l.outputShape.join(' × '), l.params.toLocaleString('en')]);
  const sum = layers.reduce((s, l) => s + l.params, 0);
  return { header: ['Layer', 'Output shape', 'Weights'], rows, total: ['Total', '', sum.toLocaleString('en')] };
}

/**
 * Lays out the summary table. Pure: no DOM.
 *
 * @example
 * ```ts
 * const scene = modelSummaryScene(rows, { width: 480 });
 * ```
 */
export function modelSummaryScene(layers: readonly LayerRow[], options: ModelSummaryOptions = {}): Scene {
  const theme = { ...DEFAULT_THEME, ...options };
  const width = options.width ?? 520;
  const fs = theme.fontSize;
  const line = fs * 1.9;
  const { header, rows, total } = summaryTable(layers);
  const titleHeight = options.title ? fs * 2.2 : 0;
  const columns = [8, width * 0.66, width - 8]; // layer left-aligned; shape and weights right-aligned
  const shapes: Shape[] = [];
  if (options.title) shapes.push(text(8, fs, options.title, theme.textColor, fs * 1.15, 'start', 'bold'));
  const put = (cells: string[], y: number, colour: string, weight: 'normal' | 'bold') => {
    shapes.push(text(columns[0], y, cells[0], colour, fs, 'start', weight));
    shapes.push(text(columns[1], y, cells[1], colour, fs, 'end', weight));
    shapes.push(text(columns[2], y, cells[2], colour, fs, 'end', weight));
  };
  let y = titleHeight;
  shapes.push(rect(0, y, width, line, '#f3f4f6'));
  put(header, y + line / 2, theme.mutedColor, 'bold');
  y += line;
  rows.forEach((cells, i) => {
    if (i % 2 === 1) shapes.push(rect(0, y, width, line, '#fafafa'));
    put(cells, y + line / 2, theme.textColor, 'normal');
    y += line;
  });
  shapes.push(rect(0, y, width, 1, '#9ca3af'));
  put(total, y + line / 2, theme.textColor, 'bold');
  return { width, height: Math.ceil(y + line), shapes };
}

/**
 * The summary table as a standalone SVG document.
 *
 * @example
 * ```ts
 * writeFileSync('summary.svg', renderModelSummarySvg(summarizeModel(model)));
 * ```
 */
export function renderModelSummarySvg(layers: readonly LayerRow[], options: ModelSummaryOptions = {}): string {
  return sceneToSvg(modelSummaryScene(layers, options), { ...DEFAULT_THEME, ...options }, options.title ?? 'Model summary');
}

/**
 * Draws the summary table on a canvas; returns the height drawn.
 *
 * @example
 * ```ts
 * drawModelSummary(canvas.getContext('2d')!, rows);
 * ```
 */
export function drawModelSummary(ctx: Canvas2D & { canvas?: { width: number } }, layers: readonly LayerRow[], options: ModelSummaryOptions = {}): number {
  const scene = modelSummaryScene(layers, { ...options, width: options.width ?? ctx.canvas?.width ?? 520 });
  drawScene(ctx, scene, { ...DEFAULT_THEME, ...options });
  return scene.height;
}
