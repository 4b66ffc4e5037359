import { paintMessage, paintScene } from './fit-canvas.js';
import { predictedDigit, predictionScene } from './prediction-view.js';

/** Ten class probabilities for one 28×28 image (784 values in [0, 1]), from whatever model is current. */
export type Predictor = (pixels: Float32Array) => Promise<ArrayLike<number>>;

/** Test digits as {@link predictionCard} reads them: 784 values per image, one label each. */
export interface PredictionTest {
  images: Float32Array;
  labels: ArrayLike<number>;
}

/** Options of {@link predictionCard}. */
export interface PredictionCardOptions {
  /** The model to ask; null or omitted: none yet ("waiting for the model"). `update` can replace it. */
  predict?: Predictor | null;
  /** Shown in place of the card before there is a test; default 'Pick a test digit once the model has been tested'. */
  emptyMessage?: string;
}

/** The chosen test image and what the current model says about it. */
export interface PredictionCardState {
  /** The image's index in the test set. */
  index: number;
  /** Its true digit, or null before there is a test. */
  label: number | null;
  /** The model's guess, or null while it has not answered. */
  prediction: number | null;
  /** The model's ten probabilities (a copy), or null while it has not answered. */
  probabilities: number[] | null;
}

/** A prediction-vs-label card made by {@link predictionCard}. */
export interface PredictionCard {
  /**
   * Shows `test` (an index past its end goes back to 0) and asks the model again, keeping the last answer on
   * screen until the new one comes; `predict`, when given, replaces the model (null: none).
   */
  update(test: PredictionTest | null, predict?: Predictor | null): void;
  /** Shows test image `index` and asks the model about it. */
  choose(index: number): void;
  /** Moves `by` images through the test set, wrapping around at either end. */
  step(by: number): void;
  /** The image shown, its label, and the model's answer so far. */
  state(): PredictionCardState;
  /** Stops drawing: answers still on their way are dropped. The card has no listeners of its own (wire your buttons to `step`). */
  dispose(): void;
}

/**
 * Prediction vs label (the "not another MNIST tutorial" lesson) as a widget: one test image drawn large on
 * `canvas` with its true digit and the model's ten probabilities. Choosing or stepping asks the model; an
 * answer to an older question is ignored, and a model that fails to answer (replaced mid-answer by a reset
 * or a lost WebGL context) leaves the card "waiting" until the next `update` asks again.
 *
 * @example
 * ```ts
 * const card = predictionCard(canvas, { predict: (pixels) => port.predict(pixels) });
 * card.update({ images: test.images, labels: test.labels });
 * next.onclick = () => card.step(1);
 * ```
 */
export function predictionCard(canvas: HTMLCanvasElement, options: PredictionCardOptions = {}): PredictionCard {
  const empty = options.emptyMessage ?? 'Pick a test digit once the model has been tested';
  let test: PredictionTest | null = null;
  let predict = options.predict ?? null;
  let index = 0;
  let probabilities: number[] | null = null;
  let asked = 0;
  let disposed = false;
  const count = () => test?.labels.length ?? 0;
  const image = () => test!.images.subarray(index * 784, (index + 1) * 784);

  const draw = () => {
    if (disposed) return;
    if (!test) return paintMessage(canvas, empty, 120);
    const title = `Test image ${(index + 1).toLocaleString('en')} of ${count().toLocaleString('en')}`;
    paintScene(canvas, (width) => predictionScene({ image: image(), label: test!.labels[index], probabilities }, { width, title }));
  };
  /** Asks the current model about the image; `fresh`: another image, so the last answer is stale at once. */
  const ask = (fresh: boolean) => {
    const [mine, from] = [++asked, predict];
    if (fresh || !from) probabilities = null;
    draw();
    if (!test || !from) return;
    from(image())
      .then((answer) => mine === asked && ((probabilities = Array.from(answer)), draw()))
      .catch(() => mine === asked && ((probabilities = null), draw()));
  };
  const choose = (chosen: number) => {
    index = chosen;
    ask(true);
  };

  return {
    update(nextTest, nextPredict) {
      test = nextTest;
      if (nextPredict !== undefined) predict = nextPredict;
      if (index >= count()) index = 0;
      ask(false);
    },
    choose,
    step(by) {
      if (count() > 0) choose((((index + by) % count()) + count()) % count());
    },
    state: () => ({ index, label: test ? test.labels[index] : null, prediction: predictedDigit(probabilities), probabilities: probabilities && [...probabilities] }),
    dispose() {
      disposed = true;
      asked++;
    },
  };
}
