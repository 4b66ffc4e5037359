export {
  percentileBands,
  computePercentileBands,
  percentileBucketSizes,
  type NonFinitePolicy,
  type PercentileBandsOptions,
  type PercentileBandsResult,
} from './percentile-bands.js';
export { InvalidBucketCountError, EmptyValuesError, NonFiniteValueError, InvalidBandsArgumentError } from './errors.js';
export { bandLayers, InconsistentBandsError, type BandSample, type BandLayer } from './band-layers.js';
export { renderBandsSvg, drawBands, type BandsChartOptions } from './bands-chart.js';
export { renderCurvesSvg, drawCurves, CURVE_COLORS, type CurveSeries, type CurvesChartOptions } from './curves-chart.js';
export { accuracyDomain, lossDomain } from './curve-domains.js';
export type { ChartOptions } from './chart-frame.js';
export type { Canvas2D } from './canvas-frame.js';
