import { line } from 'd3-shape';
import { checkArrayLike, checkOneOf, checkOptionalNumber } from './check-input.js';
import { InvalidBandsArgumentError } from './errors.js';
import { buildFrame, checkChartOptions, estimateTextWidth, type ChartFrame, type ChartOptions } from './chart-frame.js';
import { svgFrameStart, svgFrameEnd, nextClipId, escapeXml } from './svg-frame.js';
import { canvasSize, clipToPlot, drawFrameBack, drawFrameFront, type Canvas2D } from './canvas-frame.js';

/** One line of a curves chart, e.g. training loss or test accuracy. */
export interface CurveSeries {
  label: string;
  /** Default: the next colour of {@link CURVE_COLORS}. */
  color?: string;
  points: { x: number; y: number }[];
  /** Draw dashed (e.g. the noisy per-batch training curve behind the test curve). */
  dashed?: boolean;
  /** Dots at each point. Default: only when the series has at most 40 points (e.g. one test point per epoch). */
  markers?: boolean;
}

export interface CurvesChartOptions extends ChartOptions {
  /** Show a legend in the plot's top-right corner (default true); 'bottom-right' suits accuracy curves. */
  legend?: boolean | 'top-right' | 'bottom-right';
  /** Line width in pixels. Default 2. */
  strokeWidth?: number;
  idPrefix?: string;
}

/** Default series colours: blue, orange, green, red, purple, grey. */
export const CURVE_COLORS = ['#2563eb', '#ea580c', '#16a34a', '#dc2626', '#7c3aed', '#4b5563'] as const;

const DEFAULTS = { width: 640, height: 360 } as const;
type Point = { x: number; y: number };
const finitePoint = (p: Point) => Number.isFinite(p.x) && Number.isFinite(p.y);

const LEGEND_PLACES: readonly unknown[] = [true, false, 'top-right', 'bottom-right'];

function checkSeries(where: string, series: unknown): void {
  checkArrayLike(`${where}: series`, series, "Pass e.g. [{ label: 'loss', points: [{ x: 0, y: 2.3 }] }].");
  Array.prototype.forEach.call(series, (s: Partial<CurveSeries> | null, i: number) => {
    if (typeof s !== 'object' || s === null || typeof s.label !== 'string' || !Array.isArray(s.points)) {
      throw new InvalidBandsArgumentError(`${where}: series[${i}]`, s, '{ label: string, points: { x, y }[] }',
        "Give each series a label and an array of points, e.g. { label: 'test accuracy', points: [{ x: 600, y: 0.91 }] }.");
    }
  });
}

function prepare(where: string, series: readonly CurveSeries[], options: CurvesChartOptions, size: { width: number; height: number }) {
  checkChartOptions(where, options);
  checkSeries(where, series);
  if (options.legend !== undefined) {
    checkOneOf(`${where}: options.legend`, options.legend, LEGEND_PLACES, "Pass 'top-right' (the default), 'bottom-right', or false for no legend.");
  }
  checkOptionalNumber(`${where}: options.strokeWidth`, options.strokeWidth, { min: 0 }, 'Pass a line width in pixels, e.g. 2.');
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) for (const p of s.points) if (finitePoint(p)) (xs.push(p.x), ys.push(p.y));
  const frame = buildFrame({ xLabel: 'iteration', ...options }, xs, ys, size);
  const path = line<Point>()
    .defined(finitePoint)
    .x((p) => frame.x(p.x))
    .y((p) => frame.y(p.y));
  const styled = series.map((s, i) => ({
    ...s,
    color: s.color ?? CURVE_COLORS[i % CURVE_COLORS.length],
    markers: s.markers ?? s.points.length <= 40,
    points: [...s.points].sort((a, b) => a.x - b.x),
  }));
  // A series with nothing to draw yet (validation before its first evaluation) keeps its colour but gets no legend row.
  const legendRows = options.legend === false ? [] : styled.filter((s) => s.points.some(finitePoint));
  return { frame, path, styled, legendRows, strokeWidth: options.strokeWidth ?? 2 };
}

interface LegendBox {
  x: number;
  y: number;
  width: number;
  height: number;
  rows: { label: string; color: string; dashed: boolean; y: number }[];
}

function legendBox(frame: ChartFrame, series: { label: string; color: string; dashed?: boolean }[], where: string): LegendBox {
  const fs = frame.fontSize;
  const rowH = fs + 6;
  const width = 34 + Math.max(0, ...series.map((s) => estimateTextWidth(s.label, fs)));
  const height = series.length * rowH + 8;
  const x = frame.plot.right - width - 8;
  const y = where === 'bottom-right' ? frame.plot.bottom - height - 8 : frame.plot.top + 8;
  return {
    x,
    y,
    width,
    height,
    rows: series.map((s, i) => ({ label: s.label, color: s.color, dashed: !!s.dashed, y: y + 4 + rowH * i + rowH / 2 })),
  };
}

const r = (v: number) => Math.round(v * 100) / 100;

/**
 * Renders line charts such as training vs test loss or accuracy as an SVG string (no DOM needed).
 *
 * @example
 * const svg = renderCurvesSvg(
 *   [
 *     { label: 'train', points: history.train.map((p) => ({ x: p.iteration, y: p.accuracy })) },
 *     { label: 'test', points: history.validation.map((p) => ({ x: p.iteration, y: p.accuracy })) },
 *   ],
 *   { title: 'Accuracy', yDomain: [0.9, 1], legend: 'bottom-right' },
 * );
 */
export function renderCurvesSvg(series: readonly CurveSeries[], options: CurvesChartOptions = {}): string {
  const { frame, path, styled, legendRows, strokeWidth } = prepare('renderCurvesSvg', series, options, DEFAULTS);
  path.digits(2);
  const clipId = nextClipId(options.idPrefix ?? 'nophd-curves');
  const lines = styled
    .map((s) => {
      const color = escapeXml(s.color);
      const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
      const dots = s.markers
        ? s.points
            .filter(finitePoint)
            .map((p) => `<circle cx="${r(frame.x(p.x))}" cy="${r(frame.y(p.y))}" r="${strokeWidth + 1}"/>`)
            .join('')
        : '';
      return (
        `<g class="series" data-label="${escapeXml(s.label)}"><path class="curve" d="${path(s.points) ?? ''}" fill="none" ` +
        `stroke="${color}" stroke-width="${strokeWidth}" stroke-linejoin="round" stroke-linecap="round"${dash}/>` +
        (dots ? `<g class="markers" fill="${color}">${dots}</g>` : '') +
        '</g>'
      );
    })
    .join('');
  let legend = '';
  if (legendRows.length > 0) {
    const box = legendBox(frame, legendRows, typeof options.legend === 'string' ? options.legend : 'top-right');
    legend =
      `<g class="legend"><rect x="${r(box.x)}" y="${r(box.y)}" width="${r(box.width)}" height="${r(box.height)}" ` +
      `rx="4" fill="${escapeXml(frame.background)}" fill-opacity="0.85" stroke="${escapeXml(frame.gridColor)}"/>` +
      box.rows
        .map(
          (row) =>
            `<line x1="${r(box.x + 8)}" x2="${r(box.x + 26)}" y1="${r(row.y)}" y2="${r(row.y)}" stroke="${escapeXml(row.color)}" ` +
            `stroke-width="${strokeWidth}"${row.dashed ? ' stroke-dasharray="4 3"' : ''}/>` +
            `<text x="${r(box.x + 30)}" y="${r(row.y)}" dy="0.32em" fill="${escapeXml(frame.textColor)}">${escapeXml(row.label)}</text>`,
        )
        .join('') +
      '</g>';
  }
  return (
    svgFrameStart(frame, clipId, 'nophd-curves-chart') +
    `<g class="curves" clip-path="url(#${clipId})">${lines}</g>` +
    svgFrameEnd(frame, legend)
  );
}

/**
 * Draws the same line chart as {@link renderCurvesSvg} onto a Canvas 2D context.
 *
 * @example
 * drawCurves(canvas.getContext('2d')!, [{ label: 'train loss', points }], { title: 'Loss' });
 */
export function drawCurves(ctx: Canvas2D, series: readonly CurveSeries[], options: CurvesChartOptions = {}): void {
  const { frame, path, styled, legendRows, strokeWidth } = prepare('drawCurves', series, options, canvasSize(ctx));
  drawFrameBack(ctx, frame);
  clipToPlot(ctx, frame);
  ctx.lineWidth = strokeWidth;
  for (const s of styled) {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.setLineDash(s.dashed ? [6, 4] : []);
    ctx.beginPath();
    path.context(ctx as unknown as CanvasRenderingContext2D)(s.points);
    ctx.stroke();
    if (s.markers) {
      for (const p of s.points.filter(finitePoint)) {
        ctx.beginPath();
        ctx.arc(frame.x(p.x), frame.y(p.y), strokeWidth + 1, 0, Math.PI * 2);
        ctx.fill();
      }
    }
  }
  ctx.setLineDash([]);
  ctx.restore();
  drawFrameFront(ctx, frame);
  if (legendRows.length > 0) {
    const box = legendBox(frame, legendRows, typeof options.legend === 'string' ? options.legend : 'top-right');
    ctx.save();
    ctx.globalAlpha = 0.85;
    ctx.fillStyle = frame.background;
    ctx.fillRect(box.x, box.y, box.width, box.height);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = frame.gridColor;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.rect(Math.round(box.x) + 0.5, Math.round(box.y) + 0.5, Math.round(box.width), Math.round(box.height));
    ctx.stroke();
    ctx.font = `${frame.fontSize}px ${frame.fontFamily}`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const row of box.rows) {
      ctx.strokeStyle = row.color;
      ctx.lineWidth = strokeWidth;
      ctx.setLineDash(row.dashed ? [4, 3] : []);
      ctx.beginPath();
      ctx.moveTo(box.x + 8, row.y);
      ctx.lineTo(box.x + 26, row.y);
      ctx.stroke();
      ctx.fillStyle = frame.textColor;
      ctx.fillText(row.label, box.x + 30, row.y);
    }
    ctx.setLineDash([]);
    ctx.restore();
  }
}
