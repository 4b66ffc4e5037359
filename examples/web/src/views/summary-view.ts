import type { LayerSummary } from '@nophd/models';
import { modelSummaryScene, paintMessage, paintScene } from '@nophd/visual-model';

/** The model's layers, output shapes and weights. */
export function createSummaryView(canvas: HTMLCanvasElement): { update(layers: LayerSummary[] | null, title: string): void } {
  return {
    update(layers, title) {
      if (!layers) return paintMessage(canvas, 'The model’s layers appear here');
      paintScene(canvas, (width) => modelSummaryScene(layers, { width, title }));
    },
  };
}
