import {
  confusionCellAt,
  confusionCellCentre,
  confusionMatrix,
  confusionScene,
  examplesInCell,
  mosaicCellAt,
  paintDigitMosaic,
  paintMessage,
  paintScene,
  type ConfusionLayout,
  type MosaicLayout,
} from '@nophd/visual-model';
import type { ViewsInput } from './model-port';

/** Test images shown for a clicked cell. */
const MAX_EXAMPLES = 60;

/**
 * The confusion matrix of the last test evaluation, with per-digit accuracy; clicking a cell shows the test
 * images in it below the matrix, and clicking one of those calls `onPick` with its index in the test set.
 */
export function createConfusionView(
  figure: HTMLElement,
  onPick: (index: number) => void,
): {
  update(test: ViewsInput['test']): void;
  select(trueClass: number, predictedClass: number): number;
  cellCentre(trueClass: number, predictedClass: number): { x: number; y: number } | null;
} {
  const canvas = figure.querySelector<HTMLCanvasElement>('canvas.confusion')!;
  const examples = figure.querySelector<HTMLCanvasElement>('canvas.examples')!;
  const caption = figure.querySelector<HTMLElement>('.examples-caption')!;
  let test: ViewsInput['test'] = null;
  let layout: ConfusionLayout | null = null;
  let selected: [number, number] | null = null;
  let shown: { layout: MosaicLayout; order: ArrayLike<number> } | null = null;

  const showCell = (trueClass: number, predictedClass: number): number => {
    if (!test) return 0;
    selected = [trueClass, predictedClass];
    const found = examplesInCell(test.labels, test.predictions, trueClass, predictedClass);
    const what = trueClass === predictedClass ? `${trueClass}s read right` : `${trueClass}s read as ${predictedClass}`;
    caption.textContent = `${what}: ${found.length.toLocaleString('en')} test image${found.length === 1 ? '' : 's'}${found.length > MAX_EXAMPLES ? ` (first ${MAX_EXAMPLES})` : ''}${found.length ? ' · click one' : ''}`;
    examples.hidden = found.length === 0;
    if (found.length > 0) shown = paintDigitMosaic(examples, { images: test.images }, { order: found.slice(0, MAX_EXAMPLES), columns: Math.min(15, found.length) });
    return found.length;
  };

  canvas.addEventListener('click', (event) => {
    const cell = layout && confusionCellAt(layout, event.offsetX, event.offsetY);
    if (cell) showCell(cell.trueClass, cell.predictedClass);
  });
  examples.addEventListener('click', (event) => {
    const scale = examples.width / examples.clientWidth; // CSS shrinks the strip on a phone
    const k = shown && mosaicCellAt(shown.layout, event.offsetX * scale, event.offsetY * scale);
    if (shown && k !== null) onPick(shown.order[k]);
  });

  return {
    update(next) {
      if (next === test) return;
      test = next;
      if (!test) {
        layout = null;
        return paintMessage(canvas, 'The confusion matrix appears after the first test');
      }
      const matrix = confusionMatrix(test.labels, test.predictions);
      paintScene(canvas, (width) => {
        const laid = confusionScene(matrix, { width: Math.min(width, 560), title: `${matrix.size.toLocaleString('en')} test digits · click a cell` });
        layout = laid.layout;
        return { ...laid.scene, width };
      });
      if (selected) showCell(...selected);
    },
    select: showCell,
    cellCentre(trueClass, predictedClass) {
      if (!layout) return null;
      const box = canvas.getBoundingClientRect();
      const { x, y } = confusionCellCentre(layout, trueClass, predictedClass);
      return { x: box.left + x, y: box.top + y };
    },
  };
}
