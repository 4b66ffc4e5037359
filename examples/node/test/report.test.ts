import { describe, expect, it } from 'vitest';
import { renderReportSvg } from '../src/report/report-svg.js';
import { truncateToCheckpoint, type RunReport } from '../src/report/run-report.js';

function report(): RunReport {
  const points = (epoch: number, from: number) =>
    Array.from({ length: 5 }, (_, i) => ({ iteration: from + i * 2, epoch, loss: 1 / (from + i + 1), accuracy: 0.5 + (from + i) / 40 }));
  return {
    formatVersion: 1,
    stage: 4,
    title: 'Convolutional <network> & co',
    recipe: {},
    settings: { batchSize: 100, trainSize: 1000, validationSize: 5000, testSize: 10000, seed: 42, batchesPerEpoch: 10 },
    status: 'interrupted',
    epochsCompleted: 1,
    iterationsCompleted: 10,
    epochs: [
      { epoch: 0, loss: 0.5, accuracy: 0.8, learningRate: 0.01, seconds: 1, imagesPerSecond: 1000, numTensors: 20 },
      { epoch: 1, loss: 0.4, accuracy: 0.85, learningRate: 0.006, seconds: 0.5, imagesPerSecond: 1000, numTensors: 20, partial: true },
    ],
    history: {
      train: [...points(0, 0), ...points(1, 10)],
      validation: [{ iteration: 10, epoch: 0, loss: 0.3, accuracy: 0.9 }],
      learningRate: [{ iteration: 0, value: 0.01 }, { iteration: 10, value: 0.006 }, { iteration: 12, value: 0.006 }],
    },
    bands: {
      weights: [0, 4, 10, 14].map((iteration) => ({ iteration, bands: [-2, -1, -0.5, 0, 0.1, 0.5, 1, 2] })),
      biases: [0, 4, 10, 14].map((iteration) => ({ iteration, bands: [-0.2, -0.1, 0, 0, 0, 0, 0.1, 0.2] })),
    },
    sessions: [],
  };
}

describe('truncateToCheckpoint', () => {
  it('drops everything after the last checkpoint, keeping what came before', () => {
    const kept = truncateToCheckpoint(report());
    expect(kept.epochs.map((e) => e.epoch)).toEqual([0]);
    expect(kept.history.train.every((p) => p.epoch === 0)).toBe(true);
    expect(kept.history.train).toHaveLength(5);
    expect(kept.history.learningRate.map((p) => p.iteration)).toEqual([0]);
    expect(kept.bands.weights.map((b) => b.iteration)).toEqual([0, 4]);
    expect(kept.bands.biases.map((b) => b.iteration)).toEqual([0, 4]);
  });
});

describe('renderReportSvg', () => {
  it('composes the four charts under a headline, escaping text', () => {
    const svg = renderReportSvg(report());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="1120" height="696"')).toBe(true);
    expect(svg).toContain('Stage 4: Convolutional &#60;network&#62; &#38; co');
    expect(svg).toContain('interrupted');
    for (const title of ['Loss (cross-entropy)', 'Accuracy', 'Weights (percentile bands)', 'Biases (percentile bands)']) {
      expect(svg).toContain(title);
    }
    // Four nested charts, placed in a 2 × 2 grid.
    expect(svg.match(/<svg x="\d+" y="\d+" /g)).toEqual(['<svg x="0" y="56" ', '<svg x="560" y="56" ', '<svg x="0" y="376" ', '<svg x="560" y="376" ']);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('adds the first-layer pictures and the confusion matrix below the charts once the model is measured', () => {
    const confusion = Array.from({ length: 10 }, (_, r) => Array.from({ length: 10 }, (_, c) => (r === c ? 90 : r === 4 && c === 9 ? 10 : 0)));
    const pictures = Array.from({ length: 10 }, (_, d) => Array.from({ length: 784 }, (_, p) => (p % 28 === d ? 0.5 : -0.1)));
    const svg = renderReportSvg({
      ...report(),
      modelViews: { firstLayer: { width: 28, height: 28, scale: 0.5, total: 10, pictures }, confusion, testSize: 1000, epochsCompleted: 1 },
    });
    const height = Number(/^<svg [^>]*height="(\d+)"/.exec(svg)![1]);
    expect(height).toBeGreaterThan(696);
    expect(svg.match(/<svg x="\d+" y="\d+" /g)).toHaveLength(6);
    expect(svg).toContain('First-layer weights');
    expect(svg).toContain('Test confusions (1,000 images)');
    expect(svg).toContain('>90.0%<'); // digit 4: 90 of 100 right
    expect(svg).toContain('fill="rgb(255,0,0)"'); // a full-strength positive weight
  });

  it('draws a report with no history yet (interrupted before the first batch)', () => {
    const empty = { ...report(), history: { train: [], validation: [], learningRate: [] }, bands: { weights: [], biases: [] } };
    expect(() => renderReportSvg(empty)).not.toThrow();
  });
});
