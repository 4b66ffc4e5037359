import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { checkOptionalDomain, checkOptionalNumber, checkOptionsObject } from './check-input.js';

/** Options shared by every chart (bands and curves), in SVG and on canvas. */
export interface ChartOptions {
  /** Width in CSS pixels. SVG default 640; canvas default: the canvas' width. */
  width?: number;
  /** Height in CSS pixels. SVG default 360; canvas default: the canvas' height. */
  height?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Fixed x range; default: the data's extent. */
  xDomain?: [number, number];
  /** Fixed y range (e.g. `[0.9, 1]` for accuracy); data outside it is clipped. Default: the data's extent, rounded out. */
  yDomain?: [number, number];
  /** Approximate number of ticks on each axis (d3's `scale.ticks(count)`). Defaults 6 and 5. */
  xTicks?: number;
  yTicks?: number;
  background?: string;
  textColor?: string;
  axisColor?: string;
  gridColor?: string;
  fontFamily?: string;
  fontSize?: number;
}

export interface Tick {
  value: number;
  px: number;
  label: string;
}

/** Everything a renderer needs to draw the frame (background, grid, axes, labels) and to place data. */
export interface ChartFrame {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  xTicks: Tick[];
  yTicks: Tick[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  background: string;
  textColor: string;
  axisColor: string;
  gridColor: string;
  fontFamily: string;
  fontSize: number;
}

export const DEFAULT_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Text width guess for layout without a DOM (average glyph ≈ 0.6 em). */
export function estimateTextWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

function finiteExtent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Widens an empty or zero-width range so that scales and ticks stay meaningful. */
function padDegenerate(extent: [number, number] | undefined, pad: number): [number, number] {
  if (!extent) return [0, 1];
  const [lo, hi] = extent;
  if (lo < hi) return [lo, hi];
  const d = lo === 0 ? pad : Math.abs(lo) * 0.1;
  return [lo - d, hi + d];
}

/** Throws {@link InvalidBandsArgumentError} for an option no chart can be drawn with (naming `where` and the option). */
export function checkChartOptions(where: string, options: ChartOptions): void {
  checkOptionsObject(`${where}: options`, options);
  const size = 'Pass a size in CSS pixels, or leave it out for the default.';
  checkOptionalNumber(`${where}: options.width`, options.width, { min: 0, above: true }, size);
  checkOptionalNumber(`${where}: options.height`, options.height, { min: 0, above: true }, size);
  checkOptionalNumber(`${where}: options.fontSize`, options.fontSize, { min: 0, above: true }, 'Pass a font size in pixels, e.g. 12.');
  for (const ticks of ['xTicks', 'yTicks'] as const) {
    checkOptionalNumber(`${where}: options.${ticks}`, options[ticks], { min: 0 }, 'Pass an approximate tick count, e.g. 5.');
  }
  checkOptionalDomain(`${where}: options.xDomain`, options.xDomain);
  checkOptionalDomain(`${where}: options.yDomain`, options.yDomain);
}

export function buildFrame(
  options: ChartOptions,
  xs: Iterable<number>,
  ys: Iterable<number>,
  size: { width: number; height: number },
): ChartFrame {
  const fontSize = options.fontSize ?? 12;
  const width = options.width ?? size.width;
  const height = options.height ?? size.height;
  const xDomain = options.xDomain ?? padDegenerate(finiteExtent(xs), 0.5);
  const y = scaleLinear().domain(options.yDomain ?? padDegenerate(finiteExtent(ys), 1));
  if (!options.yDomain) y.nice(options.yTicks ?? 5);
  const x = scaleLinear().domain(xDomain);

  const yTickValues = y.ticks(options.yTicks ?? 5);
  const yFormat = y.tickFormat(options.yTicks ?? 5);
  const yLabels = yTickValues.map((v) => yFormat(v));
  const yLabelWidth = Math.max(0, ...yLabels.map((l) => estimateTextWidth(l, fontSize)));

  const plot = {
    left: Math.ceil(yLabelWidth + 10 + (options.yLabel ? fontSize + 10 : 0) + 4),
    top: options.title ? Math.round(fontSize * 2.9) : 12,
    right: width - 26,
    bottom: height - (fontSize + 16 + (options.xLabel ? fontSize + 8 : 0)),
  };
  x.range([plot.left, plot.right]);
  y.range([plot.bottom, plot.top]);

  const xTickValues = x.ticks(options.xTicks ?? 6);
  const xFormat = x.tickFormat(options.xTicks ?? 6);
  return {
    width,
    height,
    plot,
    x,
    y,
    xTicks: xTickValues.map((value) => ({ value, px: x(value), label: xFormat(value) })),
    yTicks: yTickValues.map((value, i) => ({ value, px: y(value), label: yLabels[i] })),
    title: options.title,
    xLabel: options.xLabel,
    yLabel: options.yLabel,
    background: options.background ?? '#ffffff',
    textColor: options.textColor ?? '#1f2937',
    axisColor: options.axisColor ?? '#6b7280',
    gridColor: options.gridColor ?? '#e5e7eb',
    fontFamily: options.fontFamily ?? DEFAULT_FONT,
    fontSize,
  };
}
