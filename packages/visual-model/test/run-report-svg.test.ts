import { describe, expect, it } from 'vitest';
import { InvalidViewDataError, modelViewsOf, renderRunReportSvg, type RunReportPictureData } from '../src/index.js';

function report(): RunReportPictureData {
  const points = (epoch: number, from: number) =>
    Array.from({ length: 5 }, (_, i) => ({ iteration: from + i * 2, epoch, loss: 1 / (from + i + 1), accuracy: 0.5 + (from + i) / 40 }));
  return {
    stage: 4,
    title: 'Convolutional <network> & co',
    settings: { batchSize: 100, trainSize: 1000 },
    status: 'interrupted',
    epochsCompleted: 1,
    history: { train: [...points(0, 0), ...points(1, 10)], validation: [{ iteration: 10, loss: 0.3, accuracy: 0.9 }] },
    bands: {
      weights: [0, 4, 10, 14].map((iteration) => ({ iteration, bands: [-2, -1, -0.5, 0, 0.1, 0.5, 1, 2] })),
      biases: [0, 4, 10, 14].map((iteration) => ({ iteration, bands: [-0.2, -0.1, 0, 0, 0, 0, 0.1, 0.2] })),
    },
    sessions: [
      { backend: { label: 'cpu' }, seconds: { training: 30 } },
      { backend: { label: 'WebAssembly (1 thread)' }, seconds: { training: 12.4 } },
    ],
  };
}

/** A stand-in for a tfjs model: a layer without weights, then a dense [784, units] kernel whose unit u weighs pixel p as u + p/1000. */
function denseModel(units: number) {
  const kernel = Float32Array.from({ length: 784 * units }, (_, i) => (i % units) + Math.floor(i / units) / 1000);
  return { layers: [{ getWeights: () => [] }, { getWeights: () => [{ dataSync: () => kernel, shape: [784, units] }] }] };
}

describe('renderRunReportSvg', () => {
  it('composes the four charts under a headline and a subline, escaping text', () => {
    const svg = renderRunReportSvg(report());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="1120" height="696"')).toBe(true);
    expect(svg).toContain('Stage 4: Convolutional &#60;network&#62; &#38; co</text>');
    expect(svg).toContain('1 epoch · batch 100 · 1,000 training images · backend WebAssembly (1 thread) · training 42 s · interrupted</text>');
    for (const title of ['Loss (cross-entropy)', 'Accuracy', 'Weights (percentile bands)', 'Biases (percentile bands)']) {
      expect(svg).toContain(title);
    }
    // Four nested charts, placed in a 2 × 2 grid.
    expect(svg.match(/<svg x="\d+" y="\d+" /g)).toEqual(['<svg x="0" y="56" ', '<svg x="560" y="56" ', '<svg x="0" y="376" ', '<svg x="560" y="376" ']);
    expect(svg.match(/data-label="(training|validation)"/g)).toEqual(['data-label="training"', 'data-label="validation"', 'data-label="training"', 'data-label="validation"']);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('adds the test accuracy to the headline, the first-layer pictures and the confusion matrix below the charts', () => {
    const confusion = Array.from({ length: 10 }, (_, r) => Array.from({ length: 10 }, (_, c) => (r === c ? 90 : r === 4 && c === 9 ? 10 : 0)));
    const svg = renderRunReportSvg({
      ...report(),
      status: 'completed',
      test: { accuracy: 0.9812 },
      modelViews: modelViewsOf(denseModel(10), { confusion, size: 1000 }, 1),
    });
    expect(svg).toContain('Stage 4: Convolutional &#60;network&#62; &#38; co — test accuracy 98.12 %</text>');
    expect(svg).not.toContain('· completed');
    const height = Number(/^<svg [^>]*height="(\d+)"/.exec(svg)![1]);
    expect(height).toBeGreaterThan(696);
    expect(svg.match(/<svg x="\d+" y="\d+" /g)).toHaveLength(6);
    expect(svg).toContain('First-layer weights</text>');
    expect(svg).toContain('Test confusions (1,000 images)');
    expect(svg).toContain('>90.0%<'); // digit 4: 90 of 100 right
    expect(svg).toContain('fill="rgb(255,0,0)"'); // a full-strength positive weight
  });

  it('draws a report with no history yet (stopped before the first batch)', () => {
    const svg = renderRunReportSvg({ ...report(), history: { train: [], validation: [] }, bands: { weights: [], biases: [] }, sessions: [] });
    expect(svg).toContain('1 epoch · batch 100 · 1,000 training images · training 0 s · interrupted');
    expect(svg.match(/<svg x="\d+" y="\d+" /g)).toHaveLength(4);
  });
});

describe('modelViewsOf', () => {
  it('keeps at most 32 first-layer pictures, rounded to 4 digits, with the test confusions', () => {
    const confusion = [[3, 1], [0, 4]];
    const views = modelViewsOf(denseModel(40), { confusion, size: 8 }, 2);
    expect(views.firstLayer).toMatchObject({ width: 28, height: 28, total: 40, scale: 39.78 });
    expect(views.firstLayer.pictures).toHaveLength(32);
    expect(views.firstLayer.pictures[5][100]).toBe(5.1);
    expect(views.firstLayer.pictures[31][783]).toBe(31.78);
    expect(views).toMatchObject({ confusion, testSize: 8, epochsCompleted: 2 });
    // Plain arrays, so the views go into report.json as they are.
    expect(JSON.parse(JSON.stringify(views))).toEqual(views);
    expect(renderRunReportSvg({ ...report(), modelViews: views })).toContain('First-layer weights (first 32 of 40)');
  });

  it('refuses a model without weights', () => {
    expect(() => modelViewsOf({ layers: [{ getWeights: () => [] }] }, { confusion: [], size: 0 }, 0)).toThrow(InvalidViewDataError);
  });
});
