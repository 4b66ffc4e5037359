import { confusionExplorer, predictionCard, type PredictionCardState } from '@nophd/visual-model';
import { createDrawPad, type DrawPadState } from './draw-pad';
import { ModelReplacedError, type ModelPort, type ViewsInput } from './model-port';
import { createSummaryView } from './summary-view';
import { createTrainingImagesControl } from './training-images';
import { createWeightsView } from './weights-view';

/** The views below the six codelab panels, each with its key. */
export const VIEW_KEYS = { w: 'weights', c: 'confusion', m: 'summary', d: 'draw', p: 'prediction' } as const;
export type ViewId = (typeof VIEW_KEYS)[keyof typeof VIEW_KEYS];
const ALL_VIEWS: ViewId[] = Object.values(VIEW_KEYS);

/** The weights and the pad follow the model at most this often while it trains (ms). */
const FOLLOW_EVERY = 1000;

/** `window.__nophdViews`: the views' state and actions, for browser tests and the devtools console. */
export interface ViewsHooks {
  visible(): ViewId[];
  drawPad(): DrawPadState;
  /** The test image in the prediction-vs-label view and the model's answer for it. */
  prediction(): PredictionCardState;
  /** Shows test image `index` in the prediction-vs-label view, as a click on it would. */
  choose(index: number): void;
  /** Shows the test images of one confusion cell, as a click would; returns how many there are. */
  selectCell(trueClass: number, predictedClass: number): number;
  /** Sets stage 1's training-image count (as the slider would) and restarts its session. */
  setTrainingImages(images: number): void;
  /** Batches trained when the weights view was last drawn (-1: never). */
  weightsDrawnAt(): number;
  /** Where a confusion cell is drawn, in page coordinates (to click it), or null before the first test. */
  cellCentre(trueClass: number, predictedClass: number): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __nophdViews?: ViewsHooks;
  }
}

/**
 * Wires the model views in `root` (weights as pictures, confusion matrix, model summary, draw a digit,
 * prediction vs label) and
 * stage 1's training-images control. The views read plain data only (see {@link ViewsInput}); call
 * `render` whenever the session changed.
 */
export function createModelViews(
  root: HTMLElement,
  trainingImages: HTMLElement,
  onTrainingImages: (images: number) => void,
): { render(input: ViewsInput): void; trainingImages(): number; setStage(stage: number): void; choose(index: number): void } {
  const figure = (id: ViewId) => root.querySelector<HTMLElement>(`[data-view="${id}"]`)!;
  const weights = createWeightsView(figure('weights').querySelector('canvas')!);
  const summary = createSummaryView(figure('summary').querySelector('canvas')!);
  // Prediction vs label: a test image picked in panel 6 or a confusion cell, or stepped with ‹ › and the arrow keys.
  const prediction = predictionCard(figure('prediction').querySelector('canvas')!);
  figure('prediction').querySelector('button.previous')!.addEventListener('click', () => prediction.step(-1));
  figure('prediction').querySelector('button.next')!.addEventListener('click', () => prediction.step(1));
  /** Shows a test image in the prediction view, bringing the view into sight. */
  const choose = (index: number) => {
    if (figure('prediction').hidden) show([...visible(), 'prediction']);
    prediction.choose(index);
    figure('prediction').scrollIntoView({ block: 'nearest' });
  };
  const canvas = (id: ViewId, selector: string) => figure(id).querySelector<HTMLCanvasElement>(selector)!;
  const caption = figure('confusion').querySelector<HTMLElement>('.examples-caption')!;
  const confusion = confusionExplorer(
    { matrix: canvas('confusion', 'canvas.confusion'), examples: canvas('confusion', 'canvas.examples') },
    { onPick: choose, onCaption: (text) => (caption.textContent = text) },
  );
  let port: ModelPort | null | undefined; // undefined until the first render, so that it counts as fresh
  const pad = createDrawPad(figure('draw'), async (pixels) => {
    const from = port;
    try {
      return from ? await from.predict(pixels) : null;
    } catch (error) {
      if (from === port) throw error;
      return null; // the model was replaced (reset, new stage) while it answered
    }
  });
  const images = createTrainingImagesControl(trainingImages, onTrainingImages);

  let last: ViewsInput | null = null;
  let weightsAt = { batches: -1, time: 0, busy: false };
  let padAt = { batches: -1, time: 0 };
  let predictionAt = { batches: -1, time: 0 };
  let trailing: ReturnType<typeof setTimeout> | null = null;

  const visible = () => ALL_VIEWS.filter((id) => !figure(id).hidden);
  const show = (ids: ViewId[]) => {
    for (const id of ALL_VIEWS) figure(id).hidden = !ids.includes(id);
    root.dataset.count = String(ids.length);
    if (last) render(last, true);
  };

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target instanceof HTMLElement && event.target.closest('input, textarea, select')) return;
    const key = event.key.toLowerCase();
    const stepping = !figure('prediction').hidden && (key === 'arrowleft' || key === 'arrowright');
    if (stepping) prediction.step(key === 'arrowleft' ? -1 : 1);
    else if (key === 'v') show(ALL_VIEWS);
    else if (key in VIEW_KEYS) show([VIEW_KEYS[key as keyof typeof VIEW_KEYS]]);
    else return;
    event.preventDefault();
    root.scrollIntoView({ block: 'nearest' });
  });
  new ResizeObserver(() => last && render(last, true)).observe(root);

  function render(input: ViewsInput, force = false): void {
    const fresh = input.port !== port;
    port = input.port;
    const newTest = input.test !== last?.test;
    last = input;
    const shown = visible();
    if (shown.includes('summary') && (fresh || force)) summary.update(port?.layers() ?? null, `Stage ${input.stage}`);
    if (shown.includes('confusion')) {
      if (fresh || force) confusion.update(null);
      confusion.update(input.test);
    }
    const now = performance.now();
    const due = (at: { batches: number; time: number }) => {
      if (fresh || force) return true;
      if (input.batches === at.batches) return false;
      if (now - at.time > FOLLOW_EVERY) return true;
      // Too soon: look again later, so the views catch up with the last batch after training stops.
      trailing ??= setTimeout(() => {
        trailing = null;
        if (last) render(last);
      }, FOLLOW_EVERY);
      return false;
    };
    if (shown.includes('weights') && port && !weightsAt.busy && due(weightsAt)) {
      weightsAt = { batches: input.batches, time: now, busy: true };
      const from = port;
      void from
        .firstLayerWeights()
        .then((kernel) => from === port && weights.update(kernel))
        // A reset or a lost WebGL context replaces the model mid-read: draw again once the new one trains.
        // Only another error of the current model is news.
        .catch((error: unknown) => {
          if (error instanceof ModelReplacedError) weightsAt.batches = -1;
          else if (from === port) console.error(error);
        })
        .finally(() => (weightsAt.busy = false));
    } else if (!port) weights.update(null);
    if (shown.includes('draw') && due(padAt)) {
      padAt = { batches: input.batches, time: now };
      pad.refresh();
    }
    if (shown.includes('prediction') && (newTest || due(predictionAt))) {
      predictionAt = { batches: input.batches, time: now };
      const from = port;
      prediction.update(input.test, from && ((pixels) => from.predict(pixels)));
    }
  }

  window.__nophdViews = {
    visible,
    drawPad: () => pad.state(),
    prediction: () => prediction.state(),
    choose,
    selectCell: (t, p) => confusion.select(t, p),
    cellCentre: (t, p) => confusion.cellCentre(t, p),
    setTrainingImages: (n) => images.set(n),
    weightsDrawnAt: () => (weightsAt.busy ? -1 : weightsAt.batches),
  };
  return { render: (input) => render(input), trainingImages: images.value, setStage: images.setStage, choose };
}
