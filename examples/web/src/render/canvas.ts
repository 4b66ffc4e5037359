/** A 2D context sized for the canvas's CSS box at the screen's pixel density; draw in CSS pixels. */
export interface FittedCanvas {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
}

/** Resizes the backing store to the canvas's displayed size × devicePixelRatio and clears it. */
export function fitCanvas(canvas: HTMLCanvasElement): FittedCanvas {
  const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const width = Math.max(1, Math.round(canvas.clientWidth));
  const height = Math.max(1, Math.round(canvas.clientHeight));
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser gave no 2D canvas context; the panels need one.');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  return { ctx, width, height };
}

/** A centred grey message, for panels with nothing to show yet. */
export function drawMessage({ ctx, width, height }: FittedCanvas, message: string): void {
  ctx.fillStyle = '#8a94a3';
  ctx.font = '14px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(message, width / 2, height / 2);
}
