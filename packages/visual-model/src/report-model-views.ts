import { InvalidViewDataError } from './errors.js';
import { kernelPictures } from './weight-pictures.js';

/** At most this many first-layer pictures are kept: all of stage 1's ten and every conv filter, 32 of stage 2's 200 units. */
const MAX_PICTURES = 32;

/** The trained model seen from outside, as a run report stores it (plain JSON): first-layer pictures and test confusions. */
export interface ReportModelViews {
  /** First-layer weights as pictures (red positive, blue negative on ±scale), the first `pictures.length` of `total`. */
  firstLayer: { width: number; height: number; scale: number; total: number; pictures: number[][] };
  /** confusion[actual][predicted] counts on `testSize` test images. */
  confusion: number[][];
  /** Test images the confusion counts. */
  testSize: number;
  /** Epochs the model had trained when it was measured. */
  epochsCompleted: number;
}

/** What {@link modelViewsOf} reads of a model: its layers' weights (a tfjs `LayersModel` fits). */
export interface ModelWithWeights {
  /** The model's layers, input side first. */
  readonly layers: readonly {
    /** The layer's weights, its kernel first (none for a flatten or pooling layer). */
    getWeights(): {
      /** The values, row-major. */
      dataSync(): ArrayLike<number>;
      readonly shape: readonly number[];
    }[];
  }[];
}

/**
 * The first layer with weights of `model`, as at most 32 pictures (values rounded to 4 digits, so the
 * report stays small), paired with a test's confusion matrix: the model views of a run report, which
 * {@link renderRunReportSvg} draws below the training charts.
 *
 * @example
 * ```ts
 * import { modelViewsOf } from '@nophd/visual-model';
 * const test = await evaluate(model, data.test);          // from @nophd/training
 * const views = modelViewsOf(model, test, 4);
 * views.firstLayer.total;                                 // 10 for stage 1, 32 filters for stage 4
 * ```
 */
export function modelViewsOf(model: ModelWithWeights, test: { confusion: number[][]; size: number }, epochsCompleted: number): ReportModelViews {
  const layer = model.layers.find((l) => l.getWeights().length > 0);
  if (!layer) throw new InvalidViewDataError('model', 'it has no layer with weights', 'Pass the trained model (a stage from @nophd/models, say).');
  const kernel = layer.getWeights()[0];
  const pictures = kernelPictures(kernel.dataSync(), kernel.shape);
  const round = (v: number) => Number(v.toPrecision(4));
  return {
    firstLayer: {
      width: pictures.width,
      height: pictures.height,
      scale: round(pictures.scale),
      total: pictures.pictures.length,
      pictures: pictures.pictures.slice(0, MAX_PICTURES).map((p) => Array.from(p, round)),
    },
    confusion: test.confusion,
    testSize: test.size,
    epochsCompleted,
  };
}
