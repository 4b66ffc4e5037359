export { weightTemplates, convolutionFilters, kernelPictures, divergingColor, divergingCss, type WeightPictures } from './weight-pictures.js';
export { weightPicturesScene, renderWeightPicturesSvg, drawWeightPictures, type WeightPicturesOptions } from './weight-pictures-view.js';
export { confusionMatrix, confusionFromCounts, argmaxRows, examplesInCell, type ConfusionMatrix } from './confusion-matrix.js';
export {
  confusionScene,
  confusionCellAt,
  renderConfusionSvg,
  drawConfusion,
  type ConfusionLayout,
  type ConfusionOptions,
} from './confusion-view.js';
export {
  summaryTable,
  modelSummaryScene,
  renderModelSummarySvg,
  drawModelSummary,
  type LayerRow,
  type ModelSummaryOptions,
} from './model-summary.js';
export { sceneToSvg } from './svg.js';
export { drawScene, type Canvas2D } from './canvas.js';
export { DEFAULT_THEME, type Scene, type Shape, type Theme } from './scene.js';
export { InvalidViewDataError } from './errors.js';
export { mnistFromDrawing } from './drawn-digit.js';
export {
  misrecognisedFirst,
  digitMosaicPixels,
  mosaicLayout,
  mosaicCellAt,
  digitMosaicScene,
  renderDigitMosaicSvg,
  drawDigitMosaic,
  paintDigitMosaic,
  type Digits,
  type DigitMosaicOptions,
  type MosaicLayout,
  type MosaicContext,
} from './digit-mosaic.js';
export { predictedDigit, predictionScene, renderPredictionSvg, drawPrediction, type PredictionInput, type PredictionOptions } from './prediction-view.js';
export { drawPad, padPoint, inkFromRgba, type DrawPad, type DrawPadOptions } from './draw-pad.js';
export { paintScene, paintMessage, fitCanvas, drawMessage, type FittedCanvas } from './fit-canvas.js';
export { confusionCellCentre } from './confusion-view.js';
export {
  confusionExplorer,
  confusionCellCaption,
  type ConfusionExplorer,
  type ConfusionExplorerCanvases,
  type ConfusionExplorerOptions,
  type ConfusionTest,
} from './confusion-explorer.js';
export {
  predictionCard,
  type PredictionCard,
  type PredictionCardOptions,
  type PredictionCardState,
  type PredictionTest,
  type Predictor,
} from './prediction-card.js';
export { modelViewsOf, type ReportModelViews, type ModelWithWeights } from './report-model-views.js';
export { renderRunReportSvg, type RunReportPictureData } from './run-report-svg.js';
