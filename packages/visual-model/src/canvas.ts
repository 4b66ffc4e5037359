import type { Scene, Shape, Theme } from './scene.js';

/** The subset of CanvasRenderingContext2D the views use (also met by OffscreenCanvas and node-canvas). */
export type Canvas2D = Pick<
  CanvasRenderingContext2D,
  'save' | 'restore' | 'fillRect' | 'strokeRect' | 'fillText' | 'strokeText' | 'fillStyle' | 'strokeStyle' | 'lineWidth' | 'lineJoin' | 'font' | 'textAlign' | 'textBaseline'
>;

/** Paints a scene on a 2-D canvas context at the origin, in the context's current transform. */
export function drawScene(ctx: Canvas2D, scene: Scene, theme: Theme): void {
  ctx.save();
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, scene.width, scene.height);
  ctx.restore();
  drawShapes(ctx, scene.shapes, theme);
}

/** Paints shapes over what the canvas already shows (no background). */
export function drawShapes(ctx: Canvas2D, shapes: readonly Shape[], theme: Theme): void {
  ctx.save();
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 1;
  for (const s of shapes) {
    if (s.kind === 'rect') {
      if (s.fill !== 'none') {
        ctx.fillStyle = s.fill;
        ctx.fillRect(s.x, s.y, s.width, s.height);
      }
      if (s.stroke) {
        ctx.strokeStyle = s.stroke;
        ctx.strokeRect(s.x + 0.5, s.y + 0.5, s.width - 1, s.height - 1);
      }
    } else {
      ctx.fillStyle = s.fill;
      ctx.font = `${s.weight === 'bold' ? '600 ' : ''}${s.size}px ${theme.fontFamily}`;
      ctx.textAlign = s.anchor === 'middle' ? 'center' : s.anchor === 'end' ? 'right' : 'left';
      if (s.halo) {
        ctx.strokeStyle = s.halo;
        ctx.lineWidth = 3;
        ctx.lineJoin = 'round';
        ctx.strokeText(s.text, s.x, s.y);
        ctx.lineWidth = 1;
      }
      ctx.fillText(s.text, s.x, s.y);
    }
  }
  ctx.restore();
}
