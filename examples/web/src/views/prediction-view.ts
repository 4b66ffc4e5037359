import { paintMessage, paintScene, predictedDigit, predictionScene } from '@nophd/visual-model';
import type { ModelPort, ViewsInput } from './model-port';

/** The chosen test image and what the current model says about it. */
export interface PredictionState {
  index: number;
  label: number | null;
  prediction: number | null;
  probabilities: number[] | null;
}

/**
 * Prediction vs label (the "not another MNIST tutorial" lesson): one test image, chosen by clicking a digit in
 * panel 6 or in a confusion cell's images, or stepped through with ‹ › and the arrow keys; drawn large with its
 * true digit and the current model's ten probabilities.
 */
export function createPredictionView(figure: HTMLElement): {
  update(test: ViewsInput['test'], port: ModelPort | null): void;
  choose(index: number): void;
  step(by: number): void;
  state(): PredictionState;
} {
  const canvas = figure.querySelector('canvas')!;
  let test: ViewsInput['test'] = null;
  let port: ModelPort | null = null;
  let index = 0;
  let probabilities: number[] | null = null;
  let asked = 0;
  const count = () => test?.labels.length ?? 0;
  const image = () => test!.images.subarray(index * 784, (index + 1) * 784);

  const draw = () => {
    if (!test) return paintMessage(canvas, 'Pick a test digit once the model has been tested', 120);
    const title = `Test image ${(index + 1).toLocaleString('en')} of ${count().toLocaleString('en')}`;
    paintScene(canvas, (width) => predictionScene({ image: image(), label: test!.labels[index], probabilities }, { width, title }));
  };
  /** Asks the current model about the image; `fresh`: another image, so the last answer is stale at once. */
  const ask = (fresh: boolean) => {
    const [mine, from] = [++asked, port];
    if (fresh || !from) probabilities = null;
    draw();
    if (!test || !from) return;
    from
      .predict(image())
      .then((answer) => mine === asked && ((probabilities = Array.from(answer)), draw()))
      // The model can be replaced mid-answer (a reset, a lost WebGL context): show "waiting", the next render asks again.
      .catch(() => mine === asked && ((probabilities = null), draw()));
  };

  figure.querySelector('button.previous')!.addEventListener('click', () => step(-1));
  figure.querySelector('button.next')!.addEventListener('click', () => step(1));
  function step(by: number): void {
    if (count() > 0) choose((index + by + count()) % count());
  }
  function choose(chosen: number): void {
    index = chosen;
    ask(true);
  }
  return {
    update(nextTest, nextPort) {
      [test, port] = [nextTest, nextPort];
      if (index >= count()) index = 0;
      ask(false);
    },
    choose,
    step,
    state: () => ({ index, label: test ? test.labels[index] : null, prediction: predictedDigit(probabilities), probabilities: probabilities && [...probabilities] }),
  };
}
