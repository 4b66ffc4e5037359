import { area } from 'd3-shape';
import { commonBoundaryCount, bandLayers, type BandSample } from './band-layers.js';
import { buildFrame, checkChartOptions, type ChartOptions } from './chart-frame.js';
import { checkOptionalNumber } from './check-input.js';
import { svgFrameStart, svgFrameEnd, nextClipId, escapeXml } from './svg-frame.js';
import { canvasSize, clipToPlot, drawFrameBack, drawFrameFront, type Canvas2D } from './canvas-frame.js';

export interface BandsChartOptions extends ChartOptions {
  /** Fill colour of the bands. Default '#2563eb' (blue). */
  color?: string;
  /** Opacity of each nested layer; overlapping layers make the middle darkest. Default 1.6 / buckets (codelab). */
  opacity?: number;
  /** id prefix for the SVG clip path (a counter keeps ids unique per process). */
  idPrefix?: string;
}

const DEFAULTS = { width: 640, height: 360 } as const;

function prepare(where: string, samples: readonly BandSample[], options: BandsChartOptions, size: { width: number; height: number }) {
  checkChartOptions(where, options);
  checkOptionalNumber(`${where}: options.opacity`, options.opacity, { min: 0, max: 1 }, 'Pass an opacity from 0 to 1, or leave it out for 1.6 / buckets.');
  const boundaries = commonBoundaryCount(samples, where);
  const sorted = [...samples].sort((a, b) => a.iteration - b.iteration);
  const ys: number[] = [];
  for (const s of sorted) {
    if (boundaries > 0) ys.push(s.bands[0], s.bands[boundaries - 1]);
  }
  const frame = buildFrame(
    { xLabel: 'iteration', ...options },
    sorted.map((s) => s.iteration),
    ys,
    size,
  );
  const layers = boundaries > 0 ? bandLayers(boundaries) : [];
  const opacity = options.opacity ?? (boundaries > 1 ? 1.6 / (boundaries - 1) : 0.25);
  const color = options.color ?? '#2563eb';
  const shapes = layers.map(({ lower, upper }) =>
    area<BandSample>()
      .defined((s) => Number.isFinite(s.bands[lower]) && Number.isFinite(s.bands[upper]))
      .x((s) => frame.x(s.iteration))
      .y0((s) => frame.y(s.bands[lower]))
      .y1((s) => frame.y(s.bands[upper])),
  );
  return { frame, sorted, layers, shapes, opacity, color };
}

/**
 * Renders the codelab's percentile-band chart as an SVG string (no DOM needed; works in Node).
 * Iteration runs along x; the 7 buckets are drawn as 4 nested translucent regions (min..max, b1..b6,
 * b2..b5, b3..b4), so the central values are darkest.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * const samples = [0, 100, 200].map((iteration) => ({ iteration, bands: percentileBands(weightsAt(iteration)) }));
 * writeFileSync('weights.svg', renderBandsSvg(samples, { title: 'Weights', color: '#2563eb' }));
 */
export function renderBandsSvg(samples: readonly BandSample[], options: BandsChartOptions = {}): string {
  const { frame, sorted, layers, shapes, opacity, color } = prepare('renderBandsSvg', samples, options, DEFAULTS);
  const clipId = nextClipId(options.idPrefix ?? 'nophd-bands');
  const paths = shapes
    .map((shape, i) => {
      shape.digits(2);
      const d = shape(sorted) ?? '';
      const { lower, upper } = layers[i];
      return `<path class="band" data-lower="${lower}" data-upper="${upper}" d="${d}" fill-opacity="${+opacity.toFixed(4)}"/>`;
    })
    .join('');
  return (
    svgFrameStart(frame, clipId, 'nophd-bands-chart') +
    `<g class="bands" fill="${escapeXml(color)}" clip-path="url(#${clipId})">${paths}</g>` +
    svgFrameEnd(frame)
  );
}

/**
 * Draws the same percentile-band chart as {@link renderBandsSvg} onto a Canvas 2D context (browser canvas,
 * OffscreenCanvas, node-canvas). Size defaults to the canvas' size; for sharp HiDPI output make the canvas
 * `devicePixelRatio` times larger, call `ctx.scale(dpr, dpr)` and pass the CSS `width`/`height`.
 *
 * @example
 * const ctx = document.querySelector('canvas')!.getContext('2d')!;
 * drawBands(ctx, sampler.weights, { title: 'Weights' });
 */
export function drawBands(ctx: Canvas2D, samples: readonly BandSample[], options: BandsChartOptions = {}): void {
  const { frame, sorted, shapes, opacity, color } = prepare('drawBands', samples, options, canvasSize(ctx));
  drawFrameBack(ctx, frame);
  clipToPlot(ctx, frame);
  ctx.fillStyle = color;
  ctx.globalAlpha = opacity;
  for (const shape of shapes) {
    ctx.beginPath();
    shape.context(ctx as unknown as CanvasRenderingContext2D)(sorted);
    ctx.fill();
  }
  ctx.restore();
  drawFrameFront(ctx, frame);
}
