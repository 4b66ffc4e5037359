import type { ChartFrame } from './chart-frame.js';

/** The subset of CanvasRenderingContext2D these charts use (also met by node-canvas and OffscreenCanvas). */
export type Canvas2D = Pick<
  CanvasRenderingContext2D,
  | 'save'
  | 'restore'
  | 'beginPath'
  | 'closePath'
  | 'moveTo'
  | 'lineTo'
  | 'arc'
  | 'rect'
  | 'fill'
  | 'stroke'
  | 'clip'
  | 'fillRect'
  | 'clearRect'
  | 'fillText'
  | 'translate'
  | 'rotate'
  | 'setLineDash'
  | 'bezierCurveTo'
  | 'quadraticCurveTo'
  | 'arcTo'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'globalAlpha'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
> & { canvas?: { width: number; height: number } };

export function canvasSize(ctx: Canvas2D): { width: number; height: number } {
  return { width: ctx.canvas?.width ?? 640, height: ctx.canvas?.height ?? 360 };
}

/** Background and grid. */
export function drawFrameBack(ctx: Canvas2D, f: ChartFrame): void {
  const { plot } = f;
  ctx.save();
  ctx.fillStyle = f.background;
  ctx.fillRect(0, 0, f.width, f.height);
  ctx.strokeStyle = f.gridColor;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const t of f.yTicks) {
    const y = Math.round(t.px) + 0.5;
    ctx.moveTo(plot.left, y);
    ctx.lineTo(plot.right, y);
  }
  ctx.stroke();
  ctx.restore();
}

/** Restricts drawing to the plot area until the matching `ctx.restore()`. */
export function clipToPlot(ctx: Canvas2D, f: ChartFrame): void {
  const { plot } = f;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  ctx.clip();
}

/** Axes, ticks, tick labels, title and axis labels. */
export function drawFrameFront(ctx: Canvas2D, f: ChartFrame): void {
  const { plot, fontSize } = f;
  ctx.save();
  ctx.strokeStyle = f.axisColor;
  ctx.lineWidth = 1;
  ctx.beginPath();
  const bottom = Math.round(plot.bottom) + 0.5;
  const left = Math.round(plot.left) + 0.5;
  ctx.moveTo(plot.left, bottom);
  ctx.lineTo(plot.right, bottom);
  ctx.moveTo(left, plot.top);
  ctx.lineTo(left, plot.bottom);
  for (const t of f.xTicks) {
    const x = Math.round(t.px) + 0.5;
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + 5);
  }
  for (const t of f.yTicks) {
    const y = Math.round(t.px) + 0.5;
    ctx.moveTo(left, y);
    ctx.lineTo(left - 5, y);
  }
  ctx.stroke();

  ctx.fillStyle = f.textColor;
  ctx.font = `${fontSize}px ${f.fontFamily}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of f.xTicks) ctx.fillText(t.label, t.px, plot.bottom + 8);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of f.yTicks) ctx.fillText(t.label, plot.left - 8, t.px);

  if (f.xLabel) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(f.xLabel, (plot.left + plot.right) / 2, f.height - 8);
  }
  if (f.yLabel) {
    ctx.save();
    ctx.translate(fontSize + 2, (plot.top + plot.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(f.yLabel, 0, 0);
    ctx.restore();
  }
  if (f.title) {
    ctx.font = `600 ${fontSize * 1.25}px ${f.fontFamily}`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(f.title, plot.left, fontSize * 1.75);
  }
  ctx.restore();
}
