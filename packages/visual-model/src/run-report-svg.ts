import { accuracyDomain, renderBandsSvg, renderCurvesSvg, type CurveSeries } from '@nophd/visual-percentile-bands';
import { confusionFromCounts } from './confusion-matrix.js';
import { renderConfusionSvg } from './confusion-view.js';
import type { ReportModelViews } from './report-model-views.js';
import { renderWeightPicturesSvg } from './weight-pictures-view.js';
import type { WeightPictures } from './weight-pictures.js';

const PANEL_WIDTH = 560;
const PANEL_HEIGHT = 320;
const HEADER_HEIGHT = 56;

const TRAIN_COLOR = '#1f77b4';
const VALIDATION_COLOR = '#d62728';

/**
 * What {@link renderRunReportSvg} draws: the fields it reads of a run report (`RunReport` from
 * `@nophd/training/node`, as kept in report.json, fits as it is).
 */
export interface RunReportPictureData {
  /** The ladder stage and its title, for the headline. */
  stage: number;
  title: string;
  /** The last session's status; anything but `'completed'` is said in the subline. */
  status: string;
  epochsCompleted: number;
  settings: { batchSize: number; trainSize: number };
  /** Loss and accuracy of training batches and of validation epochs, by iteration. */
  history: { train: readonly { iteration: number; loss: number; accuracy: number }[]; validation: readonly { iteration: number; loss: number; accuracy: number }[] };
  /** Percentile bands (boundaries from min to max) of all weights and all biases, by iteration. */
  bands: { weights: readonly { iteration: number; bands: readonly number[] }[]; biases: readonly { iteration: number; bands: readonly number[] }[] };
  /** The final test, when the run completed. */
  test?: { accuracy: number };
  /** First-layer pictures and test confusions of the finished model (see {@link modelViewsOf}). */
  modelViews?: ReportModelViews;
  /** The run's sessions: the last one's backend and every session's training time go in the subline. */
  sessions: readonly { backend: { label: string }; seconds: { training: number } }[];
}

/**
 * Draws a training run's report as one SVG: a header line, then loss and accuracy curves (training
 * batches and validation epochs) above the percentile bands of weights and biases, the codelab's four
 * panels; below them, once the model is measured, its first-layer weights as pictures and the confusion
 * matrix with per-digit accuracy.
 *
 * @example
 * ```ts
 * import { readRunReport } from '@nophd/training/node';
 * import { renderRunReportSvg } from '@nophd/visual-model';
 * await writeFile('report.svg', renderRunReportSvg((await readRunReport('runs/stage-2'))!));
 * ```
 */
export function renderRunReportSvg(report: RunReportPictureData): string {
  const { train, validation } = report.history;
  const series = (pick: (p: (typeof train)[number]) => number): CurveSeries[] => [
    { label: 'training', color: TRAIN_COLOR, points: train.map((p) => ({ x: p.iteration, y: pick(p) })) },
    { label: 'validation', color: VALIDATION_COLOR, points: validation.map((p) => ({ x: p.iteration, y: pick(p) })) },
  ];
  const panel = { width: PANEL_WIDTH, height: PANEL_HEIGHT, xLabel: 'training batch' };
  const panels = [
    renderCurvesSvg(series((p) => p.loss), { ...panel, title: 'Loss (cross-entropy)', yLabel: 'loss' }),
    renderCurvesSvg(series((p) => p.accuracy), {
      ...panel,
      title: 'Accuracy',
      yLabel: 'accuracy',
      yDomain: accuracyDomain([...train, ...validation].map((p) => p.accuracy)),
    }),
    renderBandsSvg(report.bands.weights, { ...panel, title: 'Weights (percentile bands)', yLabel: 'value', color: TRAIN_COLOR }),
    renderBandsSvg(report.bands.biases, { ...panel, title: 'Biases (percentile bands)', yLabel: 'value', color: VALIDATION_COLOR }),
  ];
  const width = PANEL_WIDTH * 2;
  const views = report.modelViews ? modelViewsSvg(report.modelViews) : [];
  const viewsHeight = Math.max(0, ...views.map(svgHeight));
  const height = HEADER_HEIGHT + PANEL_HEIGHT * 2 + viewsHeight;
  const placed = [...panels, ...views]
    .map((svg, i) => {
      const x = (i % 2) * PANEL_WIDTH;
      const y = HEADER_HEIGHT + Math.floor(i / 2) * PANEL_HEIGHT;
      return svg.replace(/^<svg /, `<svg x="${x}" y="${y}" `);
    })
    .join('\n');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="system-ui, sans-serif">\n<rect width="${width}" height="${height}" fill="#fff"/>\n` +
    `<text x="16" y="24" font-size="18" font-weight="600">${escapeXml(headline(report))}</text>\n` +
    `<text x="16" y="46" font-size="13" fill="#555">${escapeXml(subline(report))}</text>\n${placed}\n</svg>\n`
  );
}

/** The first-layer pictures and the confusion matrix, each a panel-wide SVG. */
function modelViewsSvg(views: ReportModelViews): string[] {
  const { firstLayer, confusion } = views;
  const pictures: WeightPictures = { ...firstLayer, pictures: firstLayer.pictures.map((p) => Float32Array.from(p)) };
  const shown = firstLayer.total > firstLayer.pictures.length ? ` (first ${firstLayer.pictures.length} of ${firstLayer.total})` : '';
  const labels = firstLayer.total === 10 && firstLayer.width === 28 ? [...'0123456789'] : undefined;
  const common = { width: PANEL_WIDTH - 20 };
  return [
    renderWeightPicturesSvg(pictures, { ...common, labels, columns: firstLayer.pictures.length <= 10 ? 5 : 8, title: `First-layer weights${shown}` }),
    renderConfusionSvg(confusionFromCounts(confusion), { ...common, title: `Test confusions (${views.testSize.toLocaleString('en')} images)` }),
  ];
}

function svgHeight(svg: string): number {
  return Number(/height="([\d.]+)"/.exec(svg)![1]);
}

function headline(report: RunReportPictureData): string {
  const test = report.test ? ` — test accuracy ${(report.test.accuracy * 100).toFixed(2)} %` : '';
  return `Stage ${report.stage}: ${report.title}${test}`;
}

function subline(report: RunReportPictureData): string {
  const last = report.sessions.at(-1);
  const seconds = report.sessions.reduce((sum, s) => sum + s.seconds.training, 0);
  const parts = [
    `${report.epochsCompleted} epoch${report.epochsCompleted === 1 ? '' : 's'}`,
    `batch ${report.settings.batchSize}`,
    `${report.settings.trainSize.toLocaleString('en')} training images`,
    last ? `backend ${last.backend.label}` : '',
    `training ${seconds.toFixed(0)} s`,
    report.status === 'completed' ? '' : report.status,
  ];
  return parts.filter(Boolean).join(' · ');
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
