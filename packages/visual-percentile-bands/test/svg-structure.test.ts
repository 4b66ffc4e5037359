import { describe, expect, it } from 'vitest';
import {
  InconsistentBandsError,
  accuracyDomain,
  lossDomain,
  bandLayers,
  drawBands,
  drawCurves,
  renderBandsSvg,
  renderCurvesSvg,
  type Canvas2D,
} from '../src/index.js';
import { lossSeries, weightSamples } from './fixtures/training-like.js';

const all = (svg: string, re: RegExp) => [...svg.matchAll(re)];

describe('accuracyDomain and lossDomain', () => {
  it('zoom the accuracy axis in 5 % steps as the model improves, never above 0.9 or below 0', () => {
    expect(accuracyDomain([])).toEqual([0, 1]);
    expect(accuracyDomain([0.1, 0.3, 0.5])).toEqual([0.05, 1]);
    expect(accuracyDomain([0.985, 0.99, 0.992, Number.NaN])).toEqual([0.9, 1]);
    expect(accuracyDomain([0.93, 0.95, 0.97])).toEqual([0.9, 1]);
    expect(accuracyDomain([0.01, 0.02])).toEqual([0, 1]);
    // One stray low value among many does not unzoom it: the 5th percentile decides.
    expect(accuracyDomain([0.2, ...Array.from({ length: 40 }, () => 0.8)])).toEqual([0.75, 1]);
  });

  it('give the loss axis room above the largest loss, in tenths below 1 and halves above', () => {
    expect(lossDomain([])).toEqual([0, 1]);
    expect(lossDomain([0.05, 0.2, Number.POSITIVE_INFINITY])).toEqual([0, 0.3]);
    expect(lossDomain([2.3, 1.1])).toEqual([0, 3]);
    expect(lossDomain([0.01])).toEqual([0, 0.1]);
  });
});

describe('bandLayers', () => {
  it('pairs boundaries from the outside in', () => {
    expect(bandLayers(8).map((l) => [l.lower, l.upper])).toEqual([[0, 7], [1, 6], [2, 5], [3, 4]]);
    expect(bandLayers(7).map((l) => [l.lower, l.upper])).toEqual([[0, 6], [1, 5], [2, 4]]);
    expect(bandLayers(2).map((l) => [l.lower, l.upper])).toEqual([[0, 1]]);
  });
});

describe('renderBandsSvg', () => {
  const samples = weightSamples(20, 2000);
  const svg = renderBandsSvg(samples, { title: 'Weights <layer 1>', color: '#16a34a', yLabel: 'value', idPrefix: 't' });

  it('draws 4 nested translucent bands, outermost first, all with the codelab opacity', () => {
    const bands = all(svg, /<path class="band" data-lower="(\d)" data-upper="(\d)" d="([^"]*)" fill-opacity="([\d.]+)"/g);
    expect(bands.map((m) => [Number(m[1]), Number(m[2])])).toEqual([[0, 7], [1, 6], [2, 5], [3, 4]]);
    for (const m of bands) {
      expect(Number(m[4])).toBeCloseTo(1.6 / 7, 4);
      expect(m[3]).toMatch(/^M[\d.,]+(L[\d.,]+)+Z$/); // one closed area through every sample
      expect(m[3].split('L').length).toBe(2 * samples.length);
    }
    expect(svg).toContain('<g class="bands" fill="#16a34a" clip-path="url(#t-clip-');
  });

  it('has a title (escaped), axis labels and ticks on both axes', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('>Weights &#60;layer 1&#62;</text>');
    expect(svg).toContain('class="x-label"');
    expect(svg).toContain('>iteration</text>');
    expect(svg).toContain('>value</text>');
    const x = svg.slice(svg.indexOf('class="axis x-axis"'), svg.indexOf('class="axis y-axis"'));
    const y = svg.slice(svg.indexOf('class="axis y-axis"'));
    expect(all(x, /class="tick"/g).length).toBeGreaterThanOrEqual(4);
    expect(all(y, /class="tick"/g).length).toBeGreaterThanOrEqual(3);
    expect(x).toContain('>0</text>');
    expect(x).toContain('>400</text>');
  });

  it('inner bands lie inside outer ones at every sample', () => {
    for (const s of samples) for (let j = 0; j < 4; j++) {
      expect(s.bands[j]).toBeLessThanOrEqual(s.bands[j + 1]);
    }
  });

  it('rejects samples with different boundary counts', () => {
    expect(() => renderBandsSvg([{ iteration: 0, bands: [0, 1, 2] }, { iteration: 1, bands: [0, 1] }])).toThrow(
      InconsistentBandsError,
    );
  });

  it('renders an empty frame for no samples and skips non-finite samples', () => {
    expect(all(renderBandsSvg([]), /<path class="band"/g).length).toBe(0);
    const withNaN = renderBandsSvg([
      { iteration: 0, bands: [0, 1, 2, 3, 4, 5, 6, 7] },
      { iteration: 1, bands: [0, 1, 2, 3, 4, 5, 6, 7] },
      { iteration: 2, bands: new Array(8).fill(Number.NaN) },
    ]);
    expect(withNaN).not.toContain('NaN');
  });
});

describe('renderCurvesSvg', () => {
  const svg = renderCurvesSvg(
    [...lossSeries(), { label: 'dashed', points: [{ x: 0, y: 1 }, { x: 50, y: 2 }], dashed: true, color: '#000' }],
    { title: 'Loss', yDomain: [0, 2] },
  );
  it('draws one path per series, a legend entry per series, markers only for sparse series', () => {
    expect(all(svg, /<path class="curve"/g).length).toBe(3);
    expect(all(svg, /<g class="legend">/g).length).toBe(1);
    const legend = svg.slice(svg.indexOf('<g class="legend">'));
    expect(all(legend, /<text /g).map((m) => m.index)).toHaveLength(3);
    expect(legend).toContain('>training loss</text>');
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain('stroke="#2563eb"');
    expect(svg).toContain('stroke="#ea580c"');
    const training = svg.slice(svg.indexOf('data-label="training loss"'), svg.indexOf('data-label="test loss"'));
    expect(training).not.toContain('<circle');
    const test = svg.slice(svg.indexOf('data-label="test loss"'), svg.indexOf('data-label="dashed"'));
    expect(all(test, /<circle/g).length).toBe(12);
  });
  it('uses the given y domain exactly (data outside is clipped)', () => {
    const y = svg.slice(svg.indexOf('class="axis y-axis"'));
    const labels = all(y, /text-anchor="end">([^<]+)</g).map((m) => m[1]);
    expect(labels[0]).toBe('0.0');
    expect(labels.at(-1)).toBe('2.0');
  });
  it('can hide the legend', () => {
    expect(renderCurvesSvg(lossSeries(), { legend: false })).not.toContain('class="legend"');
  });
  it('lists no series that has nothing to draw yet, and draws no legend when none has', () => {
    const waiting = [...lossSeries(), { label: 'validation loss', points: [{ x: 0, y: Number.NaN }] }];
    const legend = renderCurvesSvg(waiting).split('<g class="legend">')[1]!;
    expect(legend).toContain('>training loss</text>');
    expect(legend).not.toContain('validation loss');
    expect(renderCurvesSvg([{ label: 'validation loss', points: [] }])).not.toContain('class="legend"');
  });
});

/** A Canvas2D that records calls, to check what reaches the canvas without a browser. */
function recordingContext() {
  const calls: string[] = [];
  const fills: number[] = [];
  const texts: string[] = [];
  const state = { globalAlpha: 1, fillStyle: '', strokeStyle: '', lineWidth: 1, font: '', textAlign: '', textBaseline: '' };
  const ctx = new Proxy(state, {
    get(target, prop: string) {
      if (prop in target) return (target as Record<string, unknown>)[prop];
      if (prop === 'canvas') return { width: 500, height: 300 };
      return (...args: unknown[]) => {
        calls.push(prop);
        if (prop === 'fill') fills.push(target.globalAlpha);
        if (prop === 'fillText') texts.push(String(args[0]));
        void args;
      };
    },
    set(target, prop: string, value) {
      (target as Record<string, unknown>)[prop] = value;
      return true;
    },
  });
  return { ctx: ctx as unknown as Canvas2D, calls, fills, texts };
}

describe('canvas drawing', () => {
  it('drawBands fills 4 translucent areas and writes the tick labels', () => {
    const { ctx, calls, fills } = recordingContext();
    drawBands(ctx, weightSamples(10, 500), { title: 'Weights' });
    expect(fills.filter((a) => a < 1)).toHaveLength(4);
    expect(calls.filter((c) => c === 'fillText').length).toBeGreaterThan(6);
    expect(calls.filter((c) => c === 'save').length).toBe(calls.filter((c) => c === 'restore').length);
  });
  it('drawCurves strokes one path per series', () => {
    const { ctx, calls } = recordingContext();
    drawCurves(ctx, lossSeries(), { legend: false });
    expect(calls.filter((c) => c === 'stroke').length).toBe(1 /* grid */ + 2 /* curves */ + 1 /* axes */);
    expect(calls.filter((c) => c === 'save').length).toBe(calls.filter((c) => c === 'restore').length);
  });
  it('drawCurves leaves a series without points out of the legend', () => {
    const { ctx, texts } = recordingContext();
    drawCurves(ctx, [...lossSeries(), { label: 'validation loss', points: [] }], { title: 'Loss' });
    expect(texts).toContain('training loss');
    expect(texts).not.toContain('validation loss');
  });
});
