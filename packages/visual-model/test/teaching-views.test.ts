import { describe, expect, it } from 'vitest';
import {
  confusionCellAt,
  confusionCellCentre,
  confusionMatrix,
  confusionScene,
  digitMosaicPixels,
  digitMosaicScene,
  inkFromRgba,
  InvalidViewDataError,
  misrecognisedFirst,
  mosaicCellAt,
  mosaicLayout,
  padPoint,
  predictedDigit,
  predictionScene,
  renderDigitMosaicSvg,
  renderPredictionSvg,
  type Shape,
} from '../src/index.js';

/** `count` digits, digit i with its top-left pixel inked to i / count (so each is recognisable), the rest blank. */
function digits(count: number): Float32Array {
  const images = new Float32Array(count * 784);
  for (let i = 0; i < count; i++) images[i * 784] = (i + 1) / count;
  return images;
}

const texts = (shapes: readonly Shape[]) => shapes.flatMap((s) => (s.kind === 'text' ? [s.text] : []));

describe('digit mosaic', () => {
  it('puts the misrecognised digits first, each group in its original order, and cuts at the limit', () => {
    expect(Array.from(misrecognisedFirst([1, 2, 3, 4, 5], [1, 7, 3, 0, 5]))).toEqual([1, 3, 0, 2, 4]);
    expect(Array.from(misrecognisedFirst([1, 2, 3, 4, 5], [1, 7, 3, 0, 5], 3))).toEqual([1, 3, 0]);
    expect(() => misrecognisedFirst([1, 2], [1])).toThrow(InvalidViewDataError);
  });

  it('paints ink dark on white, and on the codelab red where the guess is wrong', () => {
    const images = new Float32Array(2 * 784);
    images[0] = 1; // digit 0, pixel (0, 0): full ink
    images[784 + 29] = 0.5; // digit 1, pixel (1, 1): half ink
    const { data, width, height } = digitMosaicPixels({ images, labels: [3, 4], predictions: [3, 9] }, [1, 0], 2);
    expect([width, height]).toEqual([56, 28]);
    const at = (x: number, y: number) => Array.from(data.slice((y * width + x) * 4, (y * width + x) * 4 + 4));
    // Position 0 holds digit 1 (wrong: red paper), position 1 digit 0 (right: white paper).
    expect(at(0, 0)).toEqual([255, 196, 196, 255]);
    expect(at(1, 1)).toEqual([138, 110, 114, 255]); // halfway from the red paper to the ink (20, 24, 33), 114.5 rounded to even
    expect(at(28, 0)).toEqual([20, 24, 33, 255]);
    expect(at(29, 0)).toEqual([255, 255, 255, 255]);
  });

  it('rejects images that are not whole digits and indices past the end', () => {
    expect(() => digitMosaicPixels({ images: new Float32Array(100) }, [0], 1)).toThrow(/not a whole number of 28×28 digits/);
    expect(() => digitMosaicPixels({ images: digits(2) }, [0, 2], 2)).toThrow(/index 2 is outside the 2 digits/);
  });

  it('fits square cells into a box, centred, and maps a point back to the digit under it', () => {
    const layout = mosaicLayout(95, 10, { x: 0, y: 0, width: 300, height: 200 });
    expect(layout).toMatchObject({ cell: 20, x: 50, y: 0, rows: 10, columns: 10, count: 95 });
    expect(mosaicCellAt(layout, 50, 0)).toBe(0);
    expect(mosaicCellAt(layout, 50 + 3 * 20 + 19, 2 * 20 + 5)).toBe(23);
    expect(mosaicCellAt(layout, 49, 5)).toBeNull(); // left of the digits
    expect(mosaicCellAt(layout, 50 + 10 * 20, 5)).toBeNull(); // right of them
    expect(mosaicCellAt(layout, 50 + 5 * 20, 9 * 20 + 1)).toBeNull(); // the empty end of the last row
    expect(mosaicCellAt(layout, 50 + 4 * 20, 9 * 20 + 1)).toBe(94);
  });

  it('lays out the codelab test panel: wrong ones first with their labels, and an accuracy scale', () => {
    const labels = Uint8Array.from({ length: 200 }, (_, i) => i % 10);
    const predictions = labels.map((l, i) => (i === 7 || i === 150 ? (l + 1) % 10 : l));
    const { scene, layout, order } = digitMosaicScene(
      { images: digits(200), labels, predictions },
      { columns: 20, limit: 100, accuracyScale: { evaluated: 200 }, box: { x: 0, y: 0, width: 800, height: 600 } },
    );
    expect(Array.from(order).slice(0, 3)).toEqual([7, 150, 0]);
    expect(order).toHaveLength(100);
    expect(layout.x).toBeGreaterThanOrEqual(40); // room for the scale
    expect(layout.cell).toBeGreaterThan(18);
    const words = texts(scene.shapes);
    expect(words).toEqual(expect.arrayContaining(['7', '8', '0', '1', '100%', '50%'])); // true 7 read as 8, true 0 read as 1
    // Five rows of 20 out of 200 evaluated span half the accuracy: the scale runs from 100 % to 50 %.
    expect(words.filter((w) => w.endsWith('%'))).toEqual(['100%', '90%', '80%', '70%', '60%', '50%']);
    const svg = renderDigitMosaicSvg({ images: digits(4), labels: [1, 2, 3, 4], predictions: [1, 2, 3, 5] }, { title: 'Mistakes' });
    expect(svg).toContain('fill="rgb(255,196,196)"');
    expect(svg).toContain('paint-order="stroke"');
    expect(svg).toContain('<title>Mistakes</title>');
  });
});

describe('prediction vs label', () => {
  const image = Float32Array.from({ length: 784 }, (_, p) => (p % 28 === 14 ? 1 : 0)); // a vertical stroke
  const probabilities = [0.01, 0.02, 0.03, 0.04, 0.3, 0.05, 0.05, 0.1, 0.1, 0.3].map((p, d) => (d === 9 ? p + 0.001 : p));

  it('finds the guess', () => {
    expect(predictedDigit([0.1, 0.7, 0.2])).toBe(1);
    expect(predictedDigit(null)).toBeNull();
  });

  it('marks the guess red and the true digit green when the model is wrong', () => {
    const scene = predictionScene({ image, label: 4, probabilities }, { width: 520 });
    const words = texts(scene.shapes);
    expect(words).toContain('true digit: 4');
    expect(words).toContain('guess 9 (30.1%) · wrong');
    expect(words).toContain('guess');
    expect(words).toContain('true');
    const bars = scene.shapes.filter((s) => s.kind === 'rect' && s.fill === '#dc2626');
    expect(bars).toHaveLength(1); // the guess's bar
    expect(scene.shapes.filter((s) => s.kind === 'rect' && s.stroke === '#16a34a').length).toBeGreaterThan(0); // the true digit's outline
    // 28 inked pixels of the stroke, drawn inside the image's square.
    const ink = scene.shapes.filter((s) => s.kind === 'rect' && s.fill === 'rgb(0,0,0)');
    expect(ink).toHaveLength(28);
  });

  it('says right in green when the guess is the label, and waits without probabilities', () => {
    const right = texts(predictionScene({ image, label: 9, probabilities }).shapes);
    expect(right).toContain('guess 9 (30.1%) · right');
    expect(right).toContain('guess = true');
    expect(texts(predictionScene({ image, label: 9, probabilities: null }).shapes)).toContain('waiting for the model');
    expect(texts(predictionScene({ image, probabilities }).shapes)).toContain('as the model sees it');
  });

  it('puts the bars beside the image when wide and under it when narrow, inside the width', () => {
    for (const width of [320, 360, 440, 520, 900]) {
      const scene = predictionScene({ image, label: 4, probabilities }, { width });
      for (const s of scene.shapes) {
        if (s.kind === 'rect') expect(s.x + s.width, `width ${width}`).toBeLessThanOrEqual(width + 0.5);
        // Text at most ~0.62 em a character (bold system sans): it must not run off the right edge.
        if (s.kind === 'text' && s.anchor === 'start') expect(s.x + s.text.length * s.size * 0.62, `"${s.text}" at width ${width}`).toBeLessThanOrEqual(width);
        expect(s.y).toBeLessThanOrEqual(scene.height);
      }
      const frame = scene.shapes.find((s) => s.kind === 'rect' && s.stroke === '#d1d5db') as Extract<Shape, { kind: 'rect' }>;
      const verdict = scene.shapes.find((s) => s.kind === 'text' && s.text.startsWith('guess 9'))!;
      if (width >= 440) expect(verdict.x).toBeGreaterThan(frame.x + frame.width);
      else expect(verdict.y).toBeGreaterThan(frame.y + frame.height);
    }
  });

  it('rejects an image that is not 28×28 and probabilities that are not ten', () => {
    expect(() => predictionScene({ image: new Float32Array(100), probabilities })).toThrow(/100 values are not one 28×28 image/);
    expect(() => renderPredictionSvg({ image, probabilities: [0.5, 0.5] })).toThrow(/not ten class probabilities/);
  });
});

describe('pointer and click maths', () => {
  it('maps a pointer into the pad canvas’s own pixels, whatever its CSS size', () => {
    expect(padPoint({ clientX: 60, clientY: 10 }, { left: 10, top: 10, width: 140, height: 140 }, 280, 280)).toEqual({ x: 100, y: 0 });
    expect(padPoint({ clientX: 150, clientY: 150 }, { left: 10, top: 10, width: 140, height: 140 }, 280, 280)).toEqual({ x: 280, y: 280 });
  });

  it('reads ink from the alpha channel', () => {
    expect(Array.from(inkFromRgba([0, 0, 0, 255, 0, 0, 0, 0, 9, 9, 9, 51]))).toEqual([1, 0, 0.2].map((v) => Math.fround(v)));
  });

  it('a confusion cell’s centre hit-tests back to the same cell', () => {
    const { layout } = confusionScene(confusionMatrix([4, 4], [9, 4]), { width: 400 });
    for (const [t, p] of [[4, 9], [0, 0], [9, 3]]) {
      const { x, y } = confusionCellCentre(layout, t, p);
      expect(confusionCellAt(layout, x, y)).toEqual({ trueClass: t, predictedClass: p });
    }
  });
});
