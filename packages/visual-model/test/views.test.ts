import { describe, expect, it } from 'vitest';
import {
  argmaxRows,
  confusionCellAt,
  confusionFromCounts,
  confusionMatrix,
  confusionScene,
  convolutionFilters,
  divergingColor,
  kernelPictures,
  examplesInCell,
  InvalidViewDataError,
  modelSummaryScene,
  renderConfusionSvg,
  renderModelSummarySvg,
  renderWeightPicturesSvg,
  summaryTable,
  weightPicturesScene,
  weightTemplates,
} from '../src/index.js';

describe('weight pictures', () => {
  it('cuts a [784, 10] dense kernel into ten 28×28 templates, unit by unit', () => {
    const kernel = Float32Array.from({ length: 7840 }, (_, i) => (i % 10) * 1000 + Math.floor(i / 10)); // unit·1000 + pixel
    const t = weightTemplates(kernel);
    expect(t.pictures).toHaveLength(10);
    expect([t.width, t.height]).toEqual([28, 28]);
    expect(t.pictures[7][0]).toBe(7000);
    expect(t.pictures[3][14 * 28 + 5]).toBe(3000 + 14 * 28 + 5);
    expect(t.scale).toBe(9000 + 783);
  });

  it('cuts a [5, 5, 1, 32] conv kernel into 32 filters, row by row', () => {
    const kernel = Float32Array.from({ length: 5 * 5 * 32 }, (_, i) => i); // ((y·5 + x)·1 + 0)·32 + o
    const f = convolutionFilters(kernel, [5, 5, 1, 32]);
    expect(f.pictures).toHaveLength(32);
    expect(f.pictures[4][2 * 5 + 3]).toBe((2 * 5 + 3) * 32 + 4);
    const two = convolutionFilters(Float32Array.from({ length: 3 * 3 * 2 * 4 }, (_, i) => i), [3, 3, 2, 4], 1);
    expect(two.pictures[2][0]).toBe(1 * 4 + 2);
  });

  it('kernelPictures picks templates for a dense [784, n] kernel and filters for a conv kernel', () => {
    expect(kernelPictures(new Float32Array(784 * 3), [784, 3]).pictures).toHaveLength(3);
    expect(kernelPictures(new Float32Array(3 * 3 * 12), [3, 3, 1, 12]).width).toBe(3);
    expect(() => kernelPictures(new Float32Array(20), [2, 10])).toThrow(/has no picture form/);
  });

  it('rejects kernels of the wrong size with a message that says what to pass', () => {
    expect(() => weightTemplates(new Float32Array(100))).toThrow(InvalidViewDataError);
    expect(() => weightTemplates(new Float32Array(100))).toThrow(/has 100 values, but a dense layer from 784 pixels \(28×28\) to 10 units has 7840/);
    expect(() => convolutionFilters(new Float32Array(10), [5, 5, 1, 32])).toThrow(/not a convolution kernel/);
    expect(() => convolutionFilters(new Float32Array(50), [5, 5, 1, 2], 1)).toThrow(/input channels/);
  });

  it('colours on a symmetric scale: red positive, white zero, blue negative', () => {
    expect(divergingColor(2, 2)).toEqual([255, 0, 0]);
    expect(divergingColor(0, 2)).toEqual([255, 255, 255]);
    expect(divergingColor(-2, 2)).toEqual([0, 0, 255]);
    expect(divergingColor(-1, 2)).toEqual([128, 128, 255]);
    expect(divergingColor(5, 2)).toEqual([255, 0, 0]); // clamped
    expect(divergingColor(1, 0)).toEqual([255, 255, 255]); // all-zero weights stay white
    expect(divergingColor(NaN, 1)).toEqual([255, 255, 255]);
  });

  it('lays out one square per weight in a grid that fits the width, with labels and a key', () => {
    const t = weightTemplates(Float32Array.from({ length: 7840 }, (_, i) => Math.sin(i)));
    const scene = weightPicturesScene(t, { width: 600, labels: [...'0123456789'], title: 'Stage 1' });
    const rects = scene.shapes.filter((s) => s.kind === 'rect');
    expect(rects.length).toBeGreaterThanOrEqual(7840);
    for (const s of scene.shapes) {
      if (s.kind === 'rect') expect(s.x + s.width).toBeLessThanOrEqual(600.5);
    }
    const labels = scene.shapes.filter((s) => s.kind === 'text').map((s) => (s.kind === 'text' ? s.text : ''));
    expect(labels).toEqual(expect.arrayContaining(['Stage 1', '0', '9', 'blue negative · white 0 · red positive']));
    const svg = renderWeightPicturesSvg(t, { width: 600 });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="600"/);
    expect(svg).toContain('fill="rgb(255,');
  });
});

describe('confusion matrix', () => {
  const labels = [0, 0, 1, 1, 1, 2, 7, 7];
  const predictions = [0, 0, 1, 7, 1, 2, 7, 1];

  it('counts true against predicted, with per-class and overall accuracy', () => {
    const m = confusionMatrix(labels, predictions);
    expect(m.counts[1 * 10 + 7]).toBe(1);
    expect(m.counts[7 * 10 + 1]).toBe(1);
    expect(m.counts[1 * 10 + 1]).toBe(2);
    expect(Array.from(m.totals.slice(0, 3))).toEqual([2, 3, 1]);
    expect(m.perClassAccuracy[1]).toBeCloseTo(2 / 3);
    expect(m.perClassAccuracy[7]).toBe(0.5);
    expect(m.perClassAccuracy[5]).toBeNaN();
    expect(m.accuracy).toBe(6 / 8);
    expect(m.counts.reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('confusionFromCounts agrees with counting the examples', () => {
    const m = confusionMatrix(labels, predictions);
    const rows = Array.from({ length: 10 }, (_, r) => Array.from(m.counts.slice(r * 10, r * 10 + 10)));
    expect(confusionFromCounts(rows)).toEqual(m);
    expect(() => confusionFromCounts([[1, 2]])).toThrow(/square table/);
  });

  it('finds the examples of one cell, and the argmax of probability rows', () => {
    expect(examplesInCell(labels, predictions, 1, 7)).toEqual([3]);
    expect(Array.from(argmaxRows([0.1, 0.7, 0.2, 0.5, 0.3, 0.2], 3))).toEqual([1, 0]);
  });

  it('rejects mismatched lengths, one-hot rows and out-of-range classes', () => {
    expect(() => confusionMatrix([1, 2], [1])).toThrow(/2 labels/);
    expect(() => confusionMatrix([1, 10], [1, 2])).toThrow(/entry 1 is 10, not a class from 0 to 9/);
    expect(() => confusionMatrix([0.5], [1])).toThrow(InvalidViewDataError);
    expect(() => argmaxRows([1, 2, 3], 2)).toThrow(/do not split into rows of 2/);
  });

  it('maps clicks on the drawn cells back to (true, predicted)', () => {
    const { layout, scene } = confusionScene(confusionMatrix(labels, predictions), { width: 480 });
    expect(scene.width).toBe(480);
    const centre = (r: number, c: number) => [layout.left + (c + 0.5) * layout.cell, layout.top + (r + 0.5) * layout.cell] as const;
    expect(confusionCellAt(layout, ...centre(1, 7))).toEqual({ trueClass: 1, predictedClass: 7 });
    expect(confusionCellAt(layout, ...centre(9, 0))).toEqual({ trueClass: 9, predictedClass: 0 });
    expect(confusionCellAt(layout, layout.left - 2, layout.top + 2)).toBeNull();
    expect(confusionCellAt(layout, layout.left + 10 * layout.cell + 1, layout.top + 2)).toBeNull();
  });

  it('writes counts, accuracies and the overall figure into the SVG', () => {
    const svg = renderConfusionSvg(confusionMatrix(labels, predictions), { title: 'Test digits' });
    expect(svg).toContain('<title>Test digits</title>');
    expect(svg).toContain('>66.7%<');
    expect(svg).toContain('overall 75.00% of 8');
  });
});

describe('model summary', () => {
  const rows = [
    { name: 'conv2d_1', className: 'Conv2D', outputShape: [28, 28, 32], params: 832 },
    { name: 'flatten_1', className: 'Flatten', outputShape: [25088], params: 0 },
    { name: 'dense_1', className: 'Dense', outputShape: [10], params: 250_890 },
  ];

  it('formats layers, shapes and weights with a total', () => {
    expect(summaryTable(rows)).toEqual({
      header: ['Layer', 'Output shape', 'Weights'],
      rows: [
        ['Conv2D', '28 × 28 × 32', '832'],
        ['Flatten', '25088', '0'],
        ['Dense', '10', '250,890'],
      ],
      total: ['Total', '', '251,722'],
    });
  });

  it('grows one line per layer and escapes text in the SVG', () => {
    const short = modelSummaryScene(rows.slice(0, 1));
    const long = modelSummaryScene(rows);
    expect(long.height).toBeGreaterThan(short.height);
    const svg = renderModelSummarySvg([{ name: 'a', className: 'X&Y', outputShape: [1], params: 1 }]);
    expect(svg).toContain('>X&amp;Y<');
  });
});
