import { mnistFromDrawing } from './drawn-digit.js';

/** Options of {@link drawPad}. */
export interface DrawPadOptions {
  /** Called with the drawing as MNIST input (784 values in [0, 1]) after each change, at most once per frame. */
  onDigit(pixels: Float32Array): void;
  /** Stroke width as a share of the canvas width; default 1/14, about two MNIST pixels once scaled to 20. */
  lineWidth?: number;
}

/** A draw pad on a canvas, made by {@link drawPad}. */
export interface DrawPad {
  /** The drawing as MNIST input; all zeros when empty. */
  pixels(): Float32Array;
  /** Strokes since the last clear. */
  strokes(): number;
  /** Wipes the drawing (does not call `onDigit`). */
  clear(): void;
  /** Removes the pad's listeners; the canvas keeps its drawing. */
  dispose(): void;
}

/**
 * A pointer's position in a canvas's own pixels, whatever size CSS gives the canvas.
 *
 * @example
 * ```ts
 * padPoint({ clientX: 60, clientY: 10 }, { left: 10, top: 10, width: 140, height: 140 }, 280, 280); // { x: 100, y: 0 }
 * ```
 */
export function padPoint(
  pointer: { clientX: number; clientY: number },
  box: { left: number; top: number; width: number; height: number },
  width: number,
  height: number,
): { x: number; y: number } {
  return { x: ((pointer.clientX - box.left) * width) / box.width, y: ((pointer.clientY - box.top) * height) / box.height };
}

/**
 * A canvas's ink, one value per pixel in [0, 1], from its RGBA pixels' alpha (what a pad draws on a
 * transparent canvas): the input of {@link mnistFromDrawing}.
 *
 * @example
 * ```ts
 * const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
 * const pixels = mnistFromDrawing(inkFromRgba(data), width, height);
 * ```
 */
export function inkFromRgba(data: ArrayLike<number>): Float32Array {
  const ink = new Float32Array(Math.floor(data.length / 4));
  for (let i = 0; i < ink.length; i++) ink[i] = data[i * 4 + 3] / 255;
  return ink;
}

/**
 * Turns a canvas into a pad to draw one digit on with a mouse, a pen or a finger (pointer events, so
 * touch works and the page does not scroll under the finger), and hands each drawing over as the 28×28
 * input an MNIST model expects ({@link mnistFromDrawing}).
 *
 * @example
 * ```ts
 * const pad = drawPad(canvas, { onDigit: async (pixels) => show(await predict(pixels)) });
 * clearButton.onclick = () => pad.clear();
 * ```
 */
export function drawPad(canvas: HTMLCanvasElement, options: DrawPadOptions): DrawPad {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('drawPad: this canvas gave no 2D context (does it already have a WebGL one?); pass a fresh <canvas>.');
  const previousTouchAction = canvas.style.touchAction;
  canvas.style.touchAction = 'none'; // a finger draws instead of scrolling the page
  let last: { x: number; y: number } | null = null;
  let strokes = 0;
  let frame: number | null = null;

  const point = (event: PointerEvent) => padPoint(event, canvas.getBoundingClientRect(), canvas.width, canvas.height);
  const line = (to: { x: number; y: number }) => {
    ctx.strokeStyle = '#000';
    ctx.lineWidth = canvas.width * (options.lineWidth ?? 1 / 14);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(last!.x, last!.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    last = to;
  };
  const pixels = () => mnistFromDrawing(inkFromRgba(ctx.getImageData(0, 0, canvas.width, canvas.height).data), canvas.width, canvas.height);
  const changed = () => {
    frame ??= requestAnimationFrame(() => {
      frame = null;
      options.onDigit(pixels());
    });
  };

  const down = (event: PointerEvent) => {
    if (event.button > 0) return; // the main button, a pen or a finger
    event.preventDefault();
    canvas.setPointerCapture?.(event.pointerId);
    last = point(event);
    line({ x: last.x + 0.01, y: last.y }); // a tap leaves a dot
    strokes++;
    changed();
  };
  const move = (event: PointerEvent) => {
    if (!last) return;
    event.preventDefault();
    for (const e of event.getCoalescedEvents?.() ?? [event]) line(point(e));
    changed();
  };
  const up = () => {
    last = null;
  };
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointercancel', up);

  return {
    pixels,
    strokes: () => strokes,
    clear() {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      strokes = 0;
      last = null;
      if (frame !== null) cancelAnimationFrame(frame);
      frame = null;
    },
    dispose() {
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
      if (frame !== null) cancelAnimationFrame(frame);
      canvas.style.touchAction = previousTouchAction;
    },
  };
}
