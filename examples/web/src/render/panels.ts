import { accuracyDomain, drawBands, drawCurves, lossDomain, type CurveSeries } from '@nophd/visual-percentile-bands';
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
      drawCurves(ctx, series, { ...size, xDomain, yDomain: accuracyDomain(recent(session).map((p) => p.accuracy)), legend: 'bottom-right', yLabel: 'accuracy' });
      return;
    }
    case 2: {
      if (!session?.train.length) return drawMessage(target, 'Loss curves appear once training starts');
      const series = curves(session, (p) => p.loss);
      drawCurves(ctx, series, { ...size, xDomain, yDomain: lossDomain(recent(session).map((p) => p.loss)), legend: 'top-right', yLabel: 'cross-entropy' });
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

/** The recent part of the curves, which the axes zoom onto: early points are far off and would squash the interesting end. */
function recent(session: PageSession): MetricPoint[] {
  return [...session.train.slice(Math.floor(session.train.length / 3)), ...session.test.slice(Math.floor(session.test.length / 3))];
}
