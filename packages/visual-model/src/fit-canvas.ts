import { drawScene } from './canvas.js';
import { DEFAULT_THEME, type Scene, type Theme } from './scene.js';

/**
 * Paints a scene on a canvas as wide as its CSS box: `layout(width)` lays the scene out for that width,
 * the canvas takes the scene's height, and its backing store the screen's pixel density (so text stays
 * sharp on a phone). Returns the scene, e.g. to keep a layout for hit-testing.
 *
 * @example
 * ```ts
 * paintScene(canvas, (width) => modelSummaryScene(layers, { width }));
 * ```
 */
export function paintScene(canvas: HTMLCanvasElement, layout: (width: number) => Scene, theme: Theme = DEFAULT_THEME): Scene {
  const width = Math.max(120, Math.round(canvas.clientWidth || canvas.parentElement?.clientWidth || 320));
  const scene = layout(width);
  const ratio = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
  canvas.style.height = `${scene.height}px`;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(scene.height * ratio);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  drawScene(ctx, scene, theme);
  return scene;
}

/**
 * Grey text in place of a picture that has no data yet, painted like {@link paintScene}.
 *
 * @example
 * ```ts
 * if (!test) paintMessage(canvas, 'The confusion matrix appears after the first test');
 * ```
 */
export function paintMessage(canvas: HTMLCanvasElement, message: string, height = 80): void {
  paintScene(canvas, (width) => ({
    width,
    height,
    shapes: [{ kind: 'text', x: width / 2, y: height / 2, text: message, fill: '#8a94a3', size: 13, anchor: 'middle' }],
  }));
}

/** A 2-D context sized to a canvas's CSS box at the screen's pixel density, cleared to white; draw in CSS pixels. */
export interface FittedCanvas {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
}

/**
 * Sizes a canvas's backing store to its displayed size × devicePixelRatio (at most 3), clears it to
 * white, and returns a context that draws in CSS pixels: for pictures whose height CSS decides.
 *
 * @example
 * ```ts
 * const { ctx, width, height } = fitCanvas(canvas);
 * drawDigitMosaic(ctx, digits, { box: { x: 8, y: 8, width: width - 16, height: height - 16 } });
 * ```
 */
export function fitCanvas(canvas: HTMLCanvasElement): FittedCanvas {
  const ratio = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
  const width = Math.max(1, Math.round(canvas.clientWidth));
  const height = Math.max(1, Math.round(canvas.clientHeight));
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('fitCanvas: this canvas gave no 2D context (does it already have a WebGL one?); pass a fresh <canvas>.');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  return { ctx, width, height };
}

/**
 * A centred grey message on a fitted canvas, for a picture with nothing to show yet.
 *
 * @example
 * ```ts
 * drawMessage(fitCanvas(canvas), 'Test digits appear after the first evaluation');
 * ```
 */
export function drawMessage({ ctx, width, height }: FittedCanvas, message: string): void {
  ctx.fillStyle = '#8a94a3';
  ctx.font = `14px ${DEFAULT_THEME.fontFamily}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(message, width / 2, height / 2);
}
