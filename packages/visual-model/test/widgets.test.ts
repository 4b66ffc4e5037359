import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { confusionCellCaption, confusionExplorer, predictionCard, type Predictor } from '../src/index.js';

/** A canvas for Node: a 2-D context that records nothing, and listeners that a test fires by hand. */
function fakeCanvas() {
  const listeners = new Map<string, Set<(event: unknown) => void>>();
  const ctx = new Proxy({}, { get: (_, key) => (key === 'canvas' ? undefined : () => undefined), set: () => true });
  const canvas = {
    width: 300,
    height: 150,
    clientWidth: 320,
    hidden: false,
    style: {} as Record<string, string>,
    getContext: () => ctx,
    getBoundingClientRect: () => ({ left: 10, top: 20, width: 320, height: 300 }),
    addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(type, (listeners.get(type) ?? new Set()).add(listener)),
    removeEventListener: (type: string, listener: (event: unknown) => void) => listeners.get(type)?.delete(listener),
    /** Fires `type` at every listener; returns how many there were. */
    fire(type: string, event: object = {}) {
      const now = [...(listeners.get(type) ?? [])];
      for (const listener of now) listener(event);
      return now.length;
    },
  };
  return canvas as typeof canvas & HTMLCanvasElement;
}

/** `n` test images whose pixels all hold the image's index, with their labels and guesses. */
function testSet(labels: number[], predictions: number[] = labels) {
  const images = new Float32Array(labels.length * 784);
  for (let i = 0; i < labels.length; i++) images.fill(i / labels.length, i * 784, (i + 1) * 784);
  return { images, labels: Uint8Array.from(labels), predictions: Uint8Array.from(predictions) };
}

/** A predictor whose answers the test hands out, in any order. */
function pendingPredictor() {
  const asked: { pixels: Float32Array; answer(probabilities: number[]): void; fail(error: Error): void }[] = [];
  const predict: Predictor = (pixels) =>
    new Promise((answer, fail) => {
      asked.push({ pixels, answer, fail });
    });
  return { predict, asked };
}

const oneHot = (digit: number) => Array.from({ length: 10 }, (_, d) => (d === digit ? 0.91 : 0.01));
const settle = () => new Promise((done) => setTimeout(done, 0));

describe('confusionCellCaption', () => {
  it('names the cell, counts its images and says when only the first ones are shown', () => {
    expect(confusionCellCaption(1, 1, 2, 60)).toBe('1s read right: 2 test images · click one');
    expect(confusionCellCaption(4, 9, 1, 60)).toBe('4s read as 9: 1 test image · click one');
    expect(confusionCellCaption(4, 9, 0, 60)).toBe('4s read as 9: 0 test images');
    expect(confusionCellCaption(7, 7, 1234, 60)).toBe('7s read right: 1,234 test images (first 60) · click one');
    expect(confusionCellCaption(7, 7, 60, 60)).toBe('7s read right: 60 test images · click one');
  });
});

describe('confusionExplorer', () => {
  beforeEach(() => {
    vi.stubGlobal(
      'ImageData',
      class {
        constructor(
          readonly data: Uint8ClampedArray,
          readonly width: number,
          readonly height: number,
        ) {}
      },
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows a cell\'s images with a caption, and a click on one picks its index in the test set', () => {
    const [matrix, examples] = [fakeCanvas(), fakeCanvas()];
    const picked: number[] = [];
    const captions: string[] = [];
    const explorer = confusionExplorer({ matrix, examples }, { onPick: (i) => picked.push(i), onCaption: (text) => captions.push(text) });

    expect(explorer.select(1, 1), 'nothing to show before the first test').toBe(0);
    expect(explorer.cellCentre(1, 1)).toBeNull();
    explorer.update(testSet([1, 2, 1, 1], [1, 1, 7, 1]));
    const centre = explorer.cellCentre(1, 1)!;
    expect(centre.x).toBeGreaterThan(10); // page coordinates: the canvas' box is at (10, 20)
    expect(centre.y).toBeGreaterThan(20);

    expect(explorer.select(1, 1)).toBe(2);
    expect(captions.at(-1)).toBe('1s read right: 2 test images · click one');
    expect(examples.hidden).toBe(false);
    examples.clientWidth = examples.width; // the strip at its own size: offsets are its pixels
    examples.fire('click', { offsetX: 28 + 5, offsetY: 5 }); // the second image of the strip: test image 3
    expect(picked).toEqual([3]);

    expect(explorer.select(2, 7)).toBe(0);
    expect(captions.at(-1)).toBe('2s read as 7: 0 test images');
    expect(examples.hidden, 'an empty cell hides the strip').toBe(true);

    // A new test shows the selected cell again, from the new data.
    explorer.select(1, 7);
    explorer.update(testSet([1, 1, 1], [7, 7, 7]));
    expect(captions.at(-1)).toBe('1s read as 7: 3 test images · click one');
    explorer.update(null);
    expect(explorer.cellCentre(1, 1)).toBeNull();

    explorer.dispose();
    expect(matrix.fire('click', { offsetX: 1, offsetY: 1 }) + examples.fire('click', { offsetX: 1, offsetY: 1 }), 'no listener left').toBe(0);
  });
});

describe('predictionCard', () => {
  it('steps through the test set, wrapping around at either end', () => {
    const card = predictionCard(fakeCanvas());
    card.step(1);
    expect(card.state(), 'no test: nothing to step through').toEqual({ index: 0, label: null, prediction: null, probabilities: null });
    card.update(testSet([5, 6, 7]));
    card.step(-1);
    expect(card.state()).toMatchObject({ index: 2, label: 7 });
    card.step(1);
    expect(card.state()).toMatchObject({ index: 0, label: 5 });
    card.step(4);
    expect(card.state().index).toBe(1);
    card.choose(2);
    card.update(testSet([3, 4]));
    expect(card.state(), 'an index past a smaller test goes back to 0').toMatchObject({ index: 0, label: 3 });
  });

  it('asks the model about the chosen image and ignores answers to older questions', async () => {
    const { predict, asked } = pendingPredictor();
    const card = predictionCard(fakeCanvas(), { predict });
    const test = testSet([5, 6, 7]);
    card.update(test);
    card.choose(2);
    expect(asked).toHaveLength(2);
    expect(asked[1].pixels).toEqual(test.images.subarray(2 * 784, 3 * 784));

    asked[0].answer(oneHot(5)); // about image 0: stale
    await settle();
    expect(card.state().probabilities).toBeNull();
    asked[1].answer(oneHot(7));
    await settle();
    expect(card.state()).toMatchObject({ index: 2, label: 7, prediction: 7 });
    expect(card.state().probabilities![7]).toBeCloseTo(0.91);

    // The same image again (a new model, more training): the last answer stays until the new one comes.
    card.update(test);
    expect(card.state().prediction).toBe(7);
    asked[2].answer(oneHot(1));
    await settle();
    expect(card.state().prediction).toBe(1);

    // Another image: the last answer is stale at once.
    card.step(1);
    expect(card.state()).toMatchObject({ index: 0, prediction: null });
  });

  it('waits when the model fails to answer or there is none, and drops answers once disposed', async () => {
    const { predict, asked } = pendingPredictor();
    const card = predictionCard(fakeCanvas());
    const test = testSet([5, 6, 7]);
    card.update(test);
    expect(asked, 'no model: nothing asked').toHaveLength(0);
    card.update(test, predict);
    asked[0].fail(new Error('the model is being replaced'));
    await settle();
    expect(card.state().probabilities, 'a replaced model: waiting').toBeNull();

    card.update(test);
    asked[1].answer(oneHot(5));
    await settle();
    expect(card.state().prediction).toBe(5);
    card.update(test, null);
    expect(card.state().prediction, 'the model is gone').toBeNull();

    card.update(test, predict);
    card.dispose();
    asked[2].answer(oneHot(5));
    await settle();
    expect(card.state().prediction).toBeNull();
  });
});
