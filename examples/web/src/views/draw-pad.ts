import { mnistFromDrawing } from '@nophd/visual-model';
import { paintDigits } from './digit-grid';

/** What the pad shows: the model's ten probabilities for the drawing, and its guess. */
export interface DrawPadState {
  probabilities: number[] | null;
  prediction: number | null;
  /** Strokes drawn since the last clear. */
  strokes: number;
}

/**
 * A pad to draw a digit on with a mouse, a pen or a finger. The drawing is turned into MNIST's format
 * (20×20 box, centre of mass at the centre of 28×28, shown in the small preview) and `classify` returns
 * the model's ten probabilities for it, redrawn as bars.
 */
export function createDrawPad(
  figure: HTMLElement,
  classify: (pixels: Float32Array) => Promise<Float32Array | null>,
): { refresh(): void; state(): DrawPadState } {
  const pad = figure.querySelector<HTMLCanvasElement>('canvas.pad')!;
  const preview = figure.querySelector<HTMLCanvasElement>('canvas.preview')!;
  const bars = figure.querySelector<HTMLElement>('.probabilities')!;
  const clear = figure.querySelector<HTMLButtonElement>('button.clear')!;
  const ctx = pad.getContext('2d', { willReadFrequently: true })!;
  const state: DrawPadState = { probabilities: null, prediction: null, strokes: 0 };
  let last: { x: number; y: number } | null = null;
  let pending = false;

  bars.innerHTML = Array.from(
    { length: 10 },
    (_, d) => `<div class="probability" data-digit="${d}"><span class="digit">${d}</span><span class="bar"><span class="fill"></span></span><span class="value">–</span></div>`,
  ).join('');

  /** Pointer position in the pad's own 280×280 pixels, whatever size CSS gives it. */
  const point = (event: PointerEvent) => {
    const box = pad.getBoundingClientRect();
    return { x: ((event.clientX - box.left) * pad.width) / box.width, y: ((event.clientY - box.top) * pad.height) / box.height };
  };
  const stroke = (to: { x: number; y: number }) => {
    ctx.strokeStyle = '#000';
    ctx.lineWidth = pad.width / 14; // about 2 MNIST pixels once the digit is scaled to 20
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(last!.x, last!.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    last = to;
  };

  pad.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    last = point(event);
    stroke({ x: last.x + 0.01, y: last.y }); // a tap leaves a dot
    state.strokes++;
    refresh();
  });
  pad.addEventListener('pointermove', (event) => {
    if (!last) return;
    event.preventDefault();
    for (const e of event.getCoalescedEvents?.() ?? [event]) stroke(point(e));
    refresh();
  });
  const end = () => {
    last = null;
    refresh();
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  clear.addEventListener('click', () => {
    ctx.clearRect(0, 0, pad.width, pad.height);
    state.strokes = 0;
    state.probabilities = null;
    state.prediction = null;
    paintDigits(preview, new Float32Array(784), [0], 1);
    showBars();
  });

  function showBars(): void {
    const p = state.probabilities;
    for (const row of bars.querySelectorAll<HTMLElement>('.probability')) {
      const d = Number(row.dataset.digit);
      const value = p ? p[d] : 0;
      row.querySelector<HTMLElement>('.fill')!.style.width = `${(value * 100).toFixed(1)}%`;
      row.querySelector('.value')!.textContent = p ? `${(value * 100).toFixed(1)}%` : '–';
      row.classList.toggle('best', p !== null && d === state.prediction);
    }
  }

  /** Classifies the drawing again (at most once per frame): after a stroke, or when the model has moved on. */
  function refresh(): void {
    if (pending || state.strokes === 0) return;
    pending = true;
    requestAnimationFrame(async () => {
      try {
        const { data, width, height } = ctx.getImageData(0, 0, pad.width, pad.height);
        const ink = new Float32Array(width * height);
        for (let i = 0; i < ink.length; i++) ink[i] = data[i * 4 + 3] / 255;
        const pixels = mnistFromDrawing(ink, width, height);
        paintDigits(preview, pixels, [0], 1);
        const probabilities = await classify(pixels);
        state.probabilities = probabilities ? Array.from(probabilities) : null;
        state.prediction = probabilities ? state.probabilities!.indexOf(Math.max(...state.probabilities!)) : null;
        showBars();
      } finally {
        pending = false;
      }
    });
  }

  paintDigits(preview, new Float32Array(784), [0], 1);
  return { refresh, state: () => ({ ...state, probabilities: state.probabilities && [...state.probabilities] }) };
}
