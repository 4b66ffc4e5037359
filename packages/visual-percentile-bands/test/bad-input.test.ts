import { describe, expect, it } from 'vitest';
import {
  InvalidBandsArgumentError,
  InvalidBucketCountError,
  bandLayers,
  computePercentileBands,
  percentileBands,
  percentileBucketSizes,
  renderBandsSvg,
  renderCurvesSvg,
} from '../src/index.js';

const curve = [{ label: 'loss', points: [{ x: 0, y: 2.3 }, { x: 100, y: 0.4 }] }];
const samples = [{ iteration: 0, bands: percentileBands([1, 2, 3, 4, 5, 6, 7]) }];

/** The error thrown by `run`, checked to be `type` with a message naming every fragment. */
function thrown(run: () => unknown, type: new (...args: never[]) => Error, ...fragments: string[]): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(type);
  for (const f of fragments) expect((error as Error).message).toContain(f);
}

describe('percentileBucketSizes input', () => {
  it('refuses a negative, fractional or non-number count instead of wrapping it into Uint32', () => {
    thrown(() => percentileBucketSizes(-5, 7), InvalidBandsArgumentError, 'percentileBucketSizes: n', 'got -5', 'values.length');
    thrown(() => percentileBucketSizes(2.5, 7), InvalidBandsArgumentError, 'got 2.5');
    thrown(() => percentileBucketSizes('10' as unknown as number, 7), InvalidBandsArgumentError, 'got "10"');
    thrown(() => percentileBucketSizes(10, 0), InvalidBucketCountError, 'percentileBucketSizes: buckets', 'got 0');
    expect([...percentileBucketSizes(0, 3)]).toEqual([0, 0, 0]);
  });
});

describe('computePercentileBands input', () => {
  it('refuses an unknown nonFinite policy, naming it and the two it takes', () => {
    thrown(() => computePercentileBands([1, 2], { nonFinite: 'bogus' as 'throw' }), InvalidBandsArgumentError,
      'options.nonFinite', '"bogus"', "'throw' or 'ignore'");
    thrown(() => percentileBands([1, 2], 7, { nonFinite: 'skip' as 'ignore' }), InvalidBandsArgumentError, '"skip"');
  });

  it('refuses values that are not an array and a bucket count that is not a number', () => {
    thrown(() => computePercentileBands(null as unknown as number[]), InvalidBandsArgumentError, 'values', 'got null');
    thrown(() => percentileBands(5 as unknown as number[]), InvalidBandsArgumentError, 'got 5');
    thrown(() => percentileBands([1], '7' as unknown as number), InvalidBucketCountError, 'got "7"');
    thrown(() => percentileBands([1], 7, null as unknown as object), InvalidBandsArgumentError, 'options', 'got null');
  });
});

describe('bandLayers and chart input', () => {
  it('bandLayers refuses fewer than 2 boundaries', () => {
    thrown(() => bandLayers(-3), InvalidBandsArgumentError, 'bandLayers: boundaries', 'got -3');
    thrown(() => bandLayers(7.5), InvalidBandsArgumentError, 'got 7.5');
    expect(bandLayers(2)).toEqual([{ lower: 0, upper: 1 }]);
  });

  it('renderBandsSvg refuses a non-array, a malformed sample and an out-of-range opacity', () => {
    thrown(() => renderBandsSvg(undefined as never), InvalidBandsArgumentError, 'renderBandsSvg: samples', 'got undefined');
    thrown(() => renderBandsSvg([{ iteration: 0 }] as never), InvalidBandsArgumentError, 'samples[0]');
    thrown(() => renderBandsSvg(samples, { opacity: 3 }), InvalidBandsArgumentError, 'options.opacity', 'got 3');
    expect(renderBandsSvg([])).toContain('<svg');
  });

  it('the curves chart refuses a bad size, domain, legend place or series', () => {
    thrown(() => renderCurvesSvg(curve, { width: -10 }), InvalidBandsArgumentError, 'renderCurvesSvg: options.width', 'got -10');
    thrown(() => renderCurvesSvg(curve, { height: Number.NaN }), InvalidBandsArgumentError, 'options.height', 'got NaN');
    thrown(() => renderCurvesSvg(curve, { yDomain: [1, 0.9] }), InvalidBandsArgumentError, 'options.yDomain', 'got [1, 0.9]', 'low < high');
    thrown(() => renderCurvesSvg(curve, { legend: 'left' as 'top-right' }), InvalidBandsArgumentError, 'options.legend', '"left"', "'bottom-right'");
    thrown(() => renderCurvesSvg([{ label: 'loss' }] as never), InvalidBandsArgumentError, 'series[0]');
    thrown(() => renderCurvesSvg(curve, null as never), InvalidBandsArgumentError, 'renderCurvesSvg: options');
    expect(renderCurvesSvg(curve, { legend: 'bottom-right', width: 300 })).toContain('width="300"');
  });
});
