import { drawScene, type Canvas2D } from './canvas.js';
import { DEFAULT_THEME, rect, text, type Scene, type Shape, type Theme } from './scene.js';
import { sceneToSvg } from './svg.js';
import { divergingCss, type WeightPictures } from './weight-pictures.js';

/** Options of {@link renderWeightPicturesSvg} and {@link drawWeightPictures}. */
export interface WeightPicturesOptions extends Partial<Theme> {
  /** Total width in CSS pixels; pictures are sized to fit. SVG default 640; canvas default: the canvas' width. */
  width?: number;
  /** Pictures per row. Default: 10 for ten or fewer pictures, else 8. */
  columns?: number;
  /** A label under each picture (e.g. the digits `'0'`…`'9'`); default the picture's index. */
  labels?: readonly string[];
  title?: string;
}

/**
 * Lays out weight pictures in a grid, each pixel a square coloured red (positive) / white / blue
 * (negative) on the pictures' shared symmetric scale, with a colour key. Pure: no DOM.
 *
 * @example
 * ```ts
 * const scene = weightPicturesScene(weightTemplates(kernel), { width: 600, labels: [...'0123456789'] });
 * scene.height; // the height the grid needs at that width
 * ```
 */
export function weightPicturesScene(weights: WeightPictures, options: WeightPicturesOptions = {}): Scene {
  const theme = { ...DEFAULT_THEME, ...options };
  const count = weights.pictures.length;
  const width = options.width ?? 640;
  const columns = Math.max(1, Math.min(count, options.columns ?? (count <= 10 ? 10 : 8)));
  const rows = Math.ceil(count / columns);
  const gap = 6;
  const titleHeight = options.title ? theme.fontSize * 2 : 0;
  const labelHeight = theme.fontSize + 6;
  const keyHeight = theme.fontSize * 2 + 8;
  const cell = (width - gap * (columns + 1)) / columns;
  const pixel = cell / Math.max(weights.width, weights.height);
  const shapes: Shape[] = [];
  if (options.title) shapes.push(text(gap, theme.fontSize, options.title, theme.textColor, theme.fontSize * 1.15, 'start', 'bold'));

  weights.pictures.forEach((picture, i) => {
    const left = gap + (i % columns) * (cell + gap);
    const top = titleHeight + Math.floor(i / columns) * (cell + labelHeight + gap);
    for (let y = 0; y < weights.height; y++) {
      for (let x = 0; x < weights.width; x++) {
        // Overlap by a hair so that anti-aliased edges leave no white seams between pixels.
        shapes.push(rect(left + x * pixel, top + y * pixel, pixel + 0.3, pixel + 0.3, divergingCss(picture[y * weights.width + x], weights.scale)));
      }
    }
    shapes.push(rect(left, top, weights.width * pixel, weights.height * pixel, 'none', '#d1d5db'));
    shapes.push(text(left + cell / 2, top + cell + labelHeight / 2, options.labels?.[i] ?? String(i), theme.textColor, theme.fontSize, 'middle'));
  });

  const keyTop = titleHeight + rows * (cell + labelHeight + gap) + 4;
  const steps = 21;
  const keyWidth = Math.min(240, width - 2 * gap - 120);
  const keyLeft = (width - keyWidth) / 2;
  for (let s = 0; s < steps; s++) {
    const value = ((s / (steps - 1)) * 2 - 1) * weights.scale;
    shapes.push(rect(keyLeft + (s * keyWidth) / steps, keyTop, keyWidth / steps + 0.3, theme.fontSize * 0.9, divergingCss(value, weights.scale)));
  }
  const label = (v: number) => (v === 0 ? '0' : `${v > 0 ? '+' : '−'}${formatScale(Math.abs(v))}`);
  const keyText = keyTop + theme.fontSize * 0.45;
  shapes.push(text(keyLeft - 6, keyText, label(-weights.scale), theme.mutedColor, theme.fontSize, 'end'));
  shapes.push(text(keyLeft + keyWidth + 6, keyText, label(weights.scale), theme.mutedColor, theme.fontSize, 'start'));
  shapes.push(text(width / 2, keyTop + theme.fontSize * 1.6, 'blue negative · white 0 · red positive', theme.mutedColor, theme.fontSize * 0.9, 'middle'));
  return { width, height: Math.ceil(keyTop + keyHeight), shapes };
}

/**
 * Weight pictures as a standalone SVG document, e.g. for a Node report.
 *
 * @example
 * ```ts
 * writeFileSync('templates.svg', renderWeightPicturesSvg(weightTemplates(kernel), { title: 'Stage 1 weights' }));
 * ```
 */
export function renderWeightPicturesSvg(weights: WeightPictures, options: WeightPicturesOptions = {}): string {
  const scene = weightPicturesScene(weights, options);
  return sceneToSvg(scene, { ...DEFAULT_THEME, ...options }, options.title ?? 'Weights as pictures');
}

/**
 * Draws weight pictures on a canvas, as wide as the canvas unless `width` says otherwise. Returns the
 * height drawn, so a caller can size the canvas to it.
 *
 * @example
 * ```ts
 * const used = drawWeightPictures(canvas.getContext('2d')!, convolutionFilters(data, shape), { labels });
 * ```
 */
export function drawWeightPictures(ctx: Canvas2D & { canvas?: { width: number } }, weights: WeightPictures, options: WeightPicturesOptions = {}): number {
  const scene = weightPicturesScene(weights, { ...options, width: options.width ?? ctx.canvas?.width ?? 640 });
  drawScene(ctx, scene, { ...DEFAULT_THEME, ...options });
  return scene.height;
}

function formatScale(value: number): string {
  return value >= 0.01 ? value.toFixed(2) : value.toExponential(1);
}
