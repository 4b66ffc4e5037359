import { renderBandsSvg, renderCurvesSvg, type CurveSeries } from '@nophd/visual-percentile-bands';
import type { RunReport } from './run-report.js';

const PANEL_WIDTH = 560;
const PANEL_HEIGHT = 320;
const HEADER_HEIGHT = 56;

const TRAIN_COLOR = '#1f77b4';
const VALIDATION_COLOR = '#d62728';

/**
 * Draws the report as one SVG: a header line, then loss and accuracy curves (training
 * batches and validation epochs) above the percentile bands of weights and biases,
 * the codelab's four panels.
 *
 * @example
 * await writeFile('report.svg', renderReportSvg(report));
 */
export function renderReportSvg(report: RunReport): string {
  const { train, validation } = report.history;
  const series = (pick: (p: RunReport['history']['train'][number]) => number): CurveSeries[] => [
    { label: 'training', color: TRAIN_COLOR, points: train.map((p) => ({ x: p.iteration, y: pick(p) })) },
    { label: 'validation', color: VALIDATION_COLOR, points: validation.map((p) => ({ x: p.iteration, y: pick(p) })) },
  ];
  const panel = { width: PANEL_WIDTH, height: PANEL_HEIGHT, xLabel: 'training batch' };
  // Zoom the accuracy axis on where training spends its time (as the codelab does), not on the first
  // few batches: start at the 5th percentile of the accuracies seen, rounded down to 5 %.
  const accuracies = [...train, ...validation].map((p) => p.accuracy).filter(Number.isFinite).sort((a, b) => a - b);
  const lowAccuracy = accuracies.length > 0 ? accuracies[Math.floor(accuracies.length * 0.05)] : 0;
  const panels = [
    renderCurvesSvg(series((p) => p.loss), { ...panel, title: 'Loss (cross-entropy)', yLabel: 'loss' }),
    renderCurvesSvg(series((p) => p.accuracy), {
      ...panel,
      title: 'Accuracy',
      yLabel: 'accuracy',
      yDomain: [Math.max(0, Math.floor(lowAccuracy * 20) / 20), 1],
    }),
    renderBandsSvg(report.bands.weights, { ...panel, title: 'Weights (percentile bands)', yLabel: 'value', color: TRAIN_COLOR }),
    renderBandsSvg(report.bands.biases, { ...panel, title: 'Biases (percentile bands)', yLabel: 'value', color: VALIDATION_COLOR }),
  ];
  const width = PANEL_WIDTH * 2;
  const height = HEADER_HEIGHT + PANEL_HEIGHT * 2;
  const placed = panels
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

function headline(report: RunReport): string {
  const test = report.test ? ` — test accuracy ${(report.test.accuracy * 100).toFixed(2)} %` : '';
  return `Stage ${report.stage}: ${report.title}${test}`;
}

function subline(report: RunReport): string {
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
