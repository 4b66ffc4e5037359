import { kernelPictures, paintMessage, paintScene, weightPicturesScene, type WeightPictures } from '@nophd/visual-model';
import type { KernelData } from './model-port';

/** Enough pictures to see the pattern; stage 2's first layer has 200 units. */
const MAX_PICTURES = 32;

/**
 * The first layer's weights as pictures: stage 1's ten digit templates, or the conv stages' first filters,
 * red positive / white / blue negative.
 */
export function createWeightsView(canvas: HTMLCanvasElement): { update(kernel: KernelData | null): void } {
  return {
    update(kernel) {
      if (!kernel) return paintMessage(canvas, 'The first layer’s weights appear here');
      const all = kernelPictures(kernel.values, kernel.shape);
      const pictures: WeightPictures = { ...all, pictures: all.pictures.slice(0, MAX_PICTURES) };
      const templates = all.width === 28 && all.pictures.length === 10;
      const title = templates
        ? 'One template per digit'
        : all.width === 28
          ? `First ${pictures.pictures.length} of ${all.pictures.length} units`
          : `${all.pictures.length} first-layer filters, ${all.width}×${all.height}`;
      paintScene(canvas, (width) =>
        weightPicturesScene(pictures, {
          width,
          title,
          labels: templates ? [...'0123456789'] : undefined,
          columns: templates ? (width < 480 ? 5 : 10) : width < 480 ? 6 : 8,
        }),
      );
    },
  };
}
