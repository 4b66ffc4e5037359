import { drawScene, type Canvas2D } from './canvas.js';
import { InvalidViewDataError } from './errors.js';
import { DEFAULT_THEME, rect, text, type Scene, type Shape, type Theme } from './scene.js';
import { sceneToSvg } from './svg.js';

/** One image, its true digit if known, and a model's ten probabilities for it (null before the model answers). */
export interface PredictionInput {
  /** 784 values in [0, 1], row-major. */
  image: ArrayLike<number>;
  /** The true digit; omit it for a drawing, whose digit nobody told the page. */
  label?: number;
  probabilities: ArrayLike<number> | null;
}

/** Options of the prediction-vs-label renderers. */
export interface PredictionOptions extends Partial<Theme> {
  /** Width in CSS pixels; from 440 up the bars sit beside the image, below that under it. SVG default 520; canvas default: the canvas' width. */
  width?: number;
  title?: string;
}

const RIGHT = '#16a34a';
const WRONG = '#dc2626';
const PLAIN = '#93c5fd';
const GUESS = '#2563eb';
/** From this width up the bars sit beside the image. */
const WIDE = 440;

/**
 * The digit with the highest probability, or null when there are none.
 *
 * @example
 * ```ts
 * predictedDigit([0.1, 0.7, 0.2]); // 1
 * ```
 */
export function predictedDigit(probabilities: ArrayLike<number> | null): number | null {
  if (!probabilities || probabilities.length === 0) return null;
  let best = 0;
  for (let d = 1; d < probabilities.length; d++) if (probabilities[d] > probabilities[best]) best = d;
  return best;
}

/**
 * Lays out "prediction vs label" for one image: the image large, its true digit, and the model's ten
 * probabilities as bars, the guess filled green when right and red when wrong, the true digit's bar
 * outlined in green. Pure: no DOM.
 *
 * @example
 * ```ts
 * const scene = predictionScene({ image: test.images.subarray(784 * i, 784 * (i + 1)), label: test.labels[i], probabilities }, { width: 360 });
 * ```
 */
export function predictionScene(input: PredictionInput, options: PredictionOptions = {}): Scene {
  const theme = { ...DEFAULT_THEME, ...options };
  if (input.image.length !== 784) {
    throw new InvalidViewDataError('image', `${input.image.length} values are not one 28×28 image`, 'Pass the 784 pixels of one image, row by row.');
  }
  if (input.probabilities && input.probabilities.length !== 10) {
    throw new InvalidViewDataError('probabilities', `${input.probabilities.length} values are not ten class probabilities`, 'Pass the model\'s softmax output for this one image.');
  }
  const width = options.width ?? 520;
  const fs = theme.fontSize;
  const wide = width >= WIDE;
  const pad = 8;
  const shapes: Shape[] = [];
  const top = options.title ? fs * 2 : pad;
  if (options.title) shapes.push(text(pad, fs, options.title, theme.textColor, fs * 1.15, 'start', 'bold'));

  // The image, large, with its true digit under it.
  const side = Math.floor(wide ? Math.min(224, width * 0.38) : Math.min(width - 2 * pad, 196));
  const imageLeft = wide ? pad : (width - side) / 2;
  shapes.push(rect(imageLeft, top, side, side, '#ffffff', '#d1d5db'));
  const pixel = side / 28;
  for (let p = 0; p < 784; p++) {
    const ink = Math.round(Math.min(1, Math.max(0, input.image[p])) * 16) / 16;
    if (ink === 0) continue;
    const v = Math.round(255 * (1 - ink));
    shapes.push(rect(imageLeft + (p % 28) * pixel, top + Math.floor(p / 28) * pixel, pixel + 0.3, pixel + 0.3, `rgb(${v},${v},${v})`));
  }
  const caption = input.label === undefined ? 'as the model sees it' : `true digit: ${input.label}`;
  shapes.push(text(imageLeft + side / 2, top + side + fs * 1.1, caption, theme.textColor, fs * 1.1, 'middle', input.label === undefined ? 'normal' : 'bold'));

  // The verdict, then one bar per digit.
  const guess = predictedDigit(input.probabilities);
  const p = input.probabilities;
  const barsLeft = wide ? imageLeft + side + 20 : pad;
  const barsTop = wide ? top : top + side + fs * 2.6;
  const barsWidth = width - barsLeft - pad;
  let verdict = 'waiting for the model';
  let verdictColour = theme.mutedColor;
  if (guess !== null && p) {
    const percent = `${(p[guess] * 100).toFixed(1)}%`;
    if (input.label === undefined) [verdict, verdictColour] = [`guess ${guess} (${percent})`, theme.textColor];
    else if (guess === input.label) [verdict, verdictColour] = [`guess ${guess} (${percent}) · right`, RIGHT];
    else [verdict, verdictColour] = [`guess ${guess} (${percent}) · wrong`, WRONG];
  }
  shapes.push(text(barsLeft, barsTop + fs * 0.7, verdict, verdictColour, fs * 1.1, 'start', 'bold'));
  const rowsTop = barsTop + fs * 2;
  const row = wide ? Math.max(fs + 4, Math.min(24, (top + side - rowsTop) / 10)) : fs + 8;
  const tagWidth = fs * 6.8; // room for "guess = true"
  const valueWidth = fs * 3.8;
  const trackLeft = barsLeft + fs * 1.4;
  const trackWidth = Math.max(20, barsWidth - fs * 1.4 - valueWidth - tagWidth);
  for (let d = 0; d < 10; d++) {
    const y = rowsTop + d * row;
    const isTrue = d === input.label;
    const isGuess = d === guess;
    shapes.push(text(barsLeft, y + row / 2, String(d), isTrue || isGuess ? theme.textColor : theme.mutedColor, fs, 'start', isTrue || isGuess ? 'bold' : 'normal'));
    const barHeight = row * 0.66;
    const barTop = y + (row - barHeight) / 2;
    shapes.push(rect(trackLeft, barTop, trackWidth, barHeight, '#eef1f5', isTrue ? RIGHT : undefined));
    if (p) {
      const fill = !isGuess ? PLAIN : input.label === undefined ? GUESS : isTrue ? RIGHT : WRONG;
      if (p[d] > 0) shapes.push(rect(trackLeft, barTop, Math.max(1, trackWidth * Math.min(1, p[d])), barHeight, fill, isTrue ? RIGHT : undefined));
      shapes.push(text(trackLeft + trackWidth + valueWidth - 4, y + row / 2, `${(p[d] * 100).toFixed(1)}%`, theme.mutedColor, fs * 0.9, 'end'));
    }
    const tag = isGuess && isTrue ? 'guess = true' : isGuess ? 'guess' : isTrue ? 'true' : '';
    if (tag) shapes.push(text(trackLeft + trackWidth + valueWidth + 4, y + row / 2, tag, isTrue ? RIGHT : input.label === undefined ? GUESS : WRONG, fs * 0.9, 'start', 'bold'));
  }
  const bottom = Math.max(wide ? top + side + fs * 2 : 0, rowsTop + 10 * row);
  return { width, height: Math.ceil(bottom + pad), shapes };
}

/**
 * Prediction vs label as a standalone SVG document.
 *
 * @example
 * ```ts
 * writeFileSync('prediction.svg', renderPredictionSvg({ image, label: 4, probabilities }, { title: 'Test image 247' }));
 * ```
 */
export function renderPredictionSvg(input: PredictionInput, options: PredictionOptions = {}): string {
  return sceneToSvg(predictionScene(input, options), { ...DEFAULT_THEME, ...options }, options.title ?? 'Prediction vs label');
}

/**
 * Draws prediction vs label on a canvas, as wide as the canvas unless `width` says otherwise; returns the
 * height drawn.
 *
 * @example
 * ```ts
 * const height = drawPrediction(canvas.getContext('2d')!, { image, label: 7, probabilities: await predict(image) });
 * ```
 */
export function drawPrediction(ctx: Canvas2D & { canvas?: { width: number } }, input: PredictionInput, options: PredictionOptions = {}): number {
  const scene = predictionScene(input, { ...options, width: options.width ?? ctx.canvas?.width ?? 520 });
  drawScene(ctx, scene, { ...DEFAULT_THEME, ...options });
  return scene.height;
}
