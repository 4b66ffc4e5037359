import { DEFAULT_THEME, drawScene, type Scene } from '@nophd/visual-model';

/**
 * Paints a laid-out scene on a canvas as wide as its CSS box: the canvas takes the scene's height, and its
 * backing store the screen's pixel density, so text stays sharp on a phone.
 */
export function paintScene(canvas: HTMLCanvasElement, layout: (width: number) => Scene): Scene {
  const width = Math.max(120, Math.round(canvas.clientWidth || canvas.parentElement?.clientWidth || 320));
  const scene = layout(width);
  const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  canvas.style.height = `${scene.height}px`;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(scene.height * ratio);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  drawScene(ctx, scene, DEFAULT_THEME);
  return scene;
}

/** Grey text in place of a picture that has no data yet. */
export function paintMessage(canvas: HTMLCanvasElement, message: string): void {
  paintScene(canvas, (width) => ({
    width,
    height: 80,
    shapes: [{ kind: 'text', x: width / 2, y: 40, text: message, fill: '#8a94a3', size: 13, anchor: 'middle' }],
  }));
}
