import { InvalidViewDataError } from './errors.js';

/**
 * Turns a drawing into the 784 pixels an MNIST model expects, the way the dataset itself was made: the
 * ink's bounding box is scaled (keeping its aspect ratio, box-filtered so strokes stay anti-aliased) to fit
 * a 20×20 square, then placed in the 28×28 image so that its centre of mass sits at the centre.
 * `ink` is one value per pixel of the drawing, row-major, 0 = paper and 1 = full ink (e.g. a canvas'
 * alpha channel / 255). Returns all zeros for an empty drawing.
 *
 * @example
 * ```ts
 * const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
 * const ink = Float32Array.from({ length: width * height }, (_, i) => data[i * 4 + 3] / 255);
 * const pixels = mnistFromDrawing(ink, width, height); // Float32Array(784), ready for model.predict
 * ```
 */
export function mnistFromDrawing(ink: ArrayLike<number>, width: number, height: number): Float32Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || ink.length !== width * height) {
    throw new InvalidViewDataError('ink', `${ink.length} values do not make a ${width}×${height} drawing`, 'Pass one ink value per pixel, row by row, with the drawing\'s width and height.');
  }
  const out = new Float32Array(784);
  let [left, top, right, bottom] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > 0) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  if (right < 0) return out;

  // Scale the bounding box into at most 20×20, averaging the source pixels each target pixel covers.
  const [boxWidth, boxHeight] = [right - left + 1, bottom - top + 1];
  const scale = 20 / Math.max(boxWidth, boxHeight);
  const [w, h] = [Math.max(1, Math.round(boxWidth * scale)), Math.max(1, Math.round(boxHeight * scale))];
  const small = new Float32Array(w * h);
  for (let ty = 0; ty < h; ty++) {
    const [y0, y1] = [top + (ty * boxHeight) / h, top + ((ty + 1) * boxHeight) / h];
    for (let tx = 0; tx < w; tx++) {
      const [x0, x1] = [left + (tx * boxWidth) / w, left + ((tx + 1) * boxWidth) / w];
      small[ty * w + tx] = areaAverage(ink, width, x0, x1, y0, y1);
    }
  }

  // Centre of mass of the scaled digit, moved to the image centre (14, 14) by a whole-pixel shift.
  let [mass, sumX, sumY] = [0, 0, 0];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = small[y * w + x];
      mass += v;
      sumX += v * (x + 0.5);
      sumY += v * (y + 0.5);
    }
  }
  const [dx, dy] = [Math.round(14 - sumX / mass), Math.round(14 - sumY / mass)];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [ox, oy] = [x + dx, y + dy];
      if (ox >= 0 && ox < 28 && oy >= 0 && oy < 28) out[oy * 28 + ox] = Math.min(1, small[y * w + x]);
    }
  }
  return out;
}

/** Mean ink over the source rectangle [x0, x1) × [y0, y1), weighting pixels by how much of them it covers. */
function areaAverage(ink: ArrayLike<number>, width: number, x0: number, x1: number, y0: number, y1: number): number {
  let [sum, area] = [0, 0];
  for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
    const cy = Math.min(y + 1, y1) - Math.max(y, y0);
    for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
      const c = cy * (Math.min(x + 1, x1) - Math.max(x, x0));
      sum += c * ink[y * width + x];
      area += c;
    }
  }
  return area > 0 ? sum / area : 0;
}
