import { drawBands, drawCurves, type CurveSeries } from '@nophd/visual-percentile-bands';
import { panelCanvas, type PanelId } from '../layout/panels';
import type { MetricPoint, PageSession } from '@nophd/training/worker';
import { drawMessage, fitCanvas } from '@nophd/visual-model';
import { drawTestDigits, drawTrainingDigits } from './digits';

/** Matplotlib's first colours, which the codelab's charts use: training blue, test orange, bands orange. */
const TRAIN_COLOR = '#1f77b4';
const TEST_COLOR = '#ff7f0e';
const BAND_COLOR = '#ff7f0e';
const FONT_SIZE = 12;

/** Draws the visible panels for a session (or empty panels before one exists). */
export function drawPanels(grid: HTMLElement, visible: readonly PanelId[], session: PageSession | null): void {
  for (const id of visible) drawPanel(id, panelCanvas(grid, id), session);
}

function drawPanel(id: PanelId, canvas: HTMLCanvasElement, session: PageSession | null): void {
  const target = fitCanvas(canvas);
  const { ctx, width, height } = target;
  const size = { width, height, fontSize: FONT_SIZE };
  const xDomain: [number, number] = [0, Math.max(10, session?.batches ?? 0)];
  switch (id) {
    case 1: {
      if (!session?.train.length) return drawMessage(target, 'Accuracy curves appear once training starts');
      const series = curves(session, (p) => p.accuracy);
      drawCurves(ctx, series, { ...size, xDomain, yDomain: [accuracyFloor(session), 1], legend: 'bottom-right', yLabel: 'accuracy' });
      return;
    }
    case 2: {
      if (!session?.train.length) return drawMessage(target, 'Loss curves appear once training starts');
      const series = curves(session, (p) => p.loss);
      drawCurves(ctx, series, { ...size, xDomain, yDomain: [0, lossCeiling(session)], legend: 'top-right', yLabel: 'cross-entropy' });
      return;
    }
    case 3:
      return drawTrainingDigits(target, session?.trainDigits ?? null);
    case 4:
      if (!session?.weights.length) return drawMessage(target, 'Weight percentiles appear once training starts');
      return drawBands(ctx, session.weights, { ...size, xDomain, color: BAND_COLOR, yLabel: 'weight value' });
    case 5:
      if (!session?.biases.length) return drawMessage(target, 'Bias percentiles appear once training starts');
      return drawBands(ctx, session.biases, { ...size, xDomain, color: BAND_COLOR, yLabel: 'bias value' });
    case 6:
      return drawTestDigits(target, session?.testDigits ?? null);
  }
}

function curves(session: PageSession, pick: (p: MetricPoint) => number): CurveSeries[] {
  return [
    { label: 'training', color: TRAIN_COLOR, points: session.train.map((p) => ({ x: p.iteration, y: pick(p) })), markers: false },
    { label: 'test', color: TEST_COLOR, points: session.test.map((p) => ({ x: p.iteration, y: pick(p) })) },
  ];
}

/** The recent part of a curve: early points are far off and would squash the interesting end. */
function recent(points: MetricPoint[]): MetricPoint[] {
  return points.slice(Math.floor(points.length / 3));
}

/** Zooms the accuracy axis in as the model improves (0–1 at first, e.g. 0.9–1 later), in steps of 5 %. */
function accuracyFloor(session: PageSession): number {
  const values = [...recent(session.train), ...recent(session.test)].map((p) => p.accuracy).filter(Number.isFinite);
  if (values.length === 0) return 0;
  const low = Math.min(...values) - 0.02;
  return Math.max(0, Math.min(0.9, Math.floor(low * 20) / 20));
}

function lossCeiling(session: PageSession): number {
  const values = [...recent(session.train), ...recent(session.test)].map((p) => p.loss).filter(Number.isFinite);
  if (values.length === 0) return 1;
  const high = Math.max(...values) * 1.1;
  const step = high > 1 ? 0.5 : 0.1;
  return Math.max(step, Math.ceil(high / step) * step);
}
