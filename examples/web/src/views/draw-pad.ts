import { drawPad, paintScene, predictedDigit, predictionScene } from '@nophd/visual-model';

/** What the pad shows: the model's ten probabilities for the drawing, and its guess. */
export interface DrawPadState {
  probabilities: number[] | null;
  prediction: number | null;
  /** Strokes drawn since the last clear. */
  strokes: number;
}

/**
 * The draw-a-digit view: a pad for a mouse, a pen or a finger, and the drawing as the model sees it (28×28,
 * centred as MNIST's digits were) with the ten probabilities `classify` returns for it.
 */
export function createDrawPad(
  figure: HTMLElement,
  classify: (pixels: Float32Array) => Promise<Float32Array | null>,
): { refresh(): void; state(): DrawPadState } {
  const answer = figure.querySelector<HTMLCanvasElement>('canvas.answer')!;
  let pixels: Float32Array = new Float32Array(784);
  let probabilities: number[] | null = null;
  let asked = 0;

  const show = () => {
    paintScene(answer, (width) => predictionScene({ image: pixels, probabilities }, { width }));
    const guess = predictedDigit(probabilities);
    answer.setAttribute('aria-label', guess === null ? 'Your digit as the model sees it' : `The model reads your digit as ${guess}`);
  };
  const ask = async (drawn: Float32Array) => {
    const mine = ++asked;
    pixels = drawn;
    const answered = await classify(drawn);
    if (mine !== asked) return; // a newer stroke or a clear came first
    probabilities = answered && Array.from(answered);
    show();
  };
  const pad = drawPad(figure.querySelector<HTMLCanvasElement>('canvas.pad')!, { onDigit: (drawn) => void ask(drawn) });

  figure.querySelector('button.clear')!.addEventListener('click', () => {
    pad.clear();
    asked++;
    [pixels, probabilities] = [new Float32Array(784), null];
    show();
  });
  show();
  return {
    /** Redraws the answer (the card may have changed size) and asks again: the model may have moved on. */
    refresh: () => (pad.strokes() > 0 ? void ask(pad.pixels()) : show()),
    state: () => ({ probabilities: probabilities && [...probabilities], prediction: predictedDigit(probabilities), strokes: pad.strokes() }),
  };
}
