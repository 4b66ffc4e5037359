import { confusionMatrix, examplesInCell } from './confusion-matrix.js';
import { confusionCellAt, confusionCellCentre, confusionScene, type ConfusionLayout } from './confusion-view.js';
import { mosaicCellAt, paintDigitMosaic, type MosaicLayout } from './digit-mosaic.js';
import { paintMessage, paintScene } from './fit-canvas.js';

/** Test digits and the model's guesses, as {@link confusionExplorer} reads them: 784 values per image. */
export interface ConfusionTest {
  images: Float32Array;
  labels: ArrayLike<number>;
  predictions: ArrayLike<number>;
}

/** The two canvases of {@link confusionExplorer}: the matrix, and the strip of one cell's test images below it. */
export interface ConfusionExplorerCanvases {
  matrix: HTMLCanvasElement;
  examples: HTMLCanvasElement;
}

/** Options of {@link confusionExplorer}. */
export interface ConfusionExplorerOptions {
  /** Called with a test image's index in the test set when it is clicked in the strip. */
  onPick(index: number): void;
  /** Called with a line describing the strip each time a cell is shown ({@link confusionCellCaption}). */
  onCaption?(caption: string): void;
  /** At most this many images in the strip; default 60. */
  maxExamples?: number;
}

/** A clickable confusion matrix made by {@link confusionExplorer}. */
export interface ConfusionExplorer {
  /** Paints the matrix of `test` (a message when null) and shows the selected cell's images again; the same `test` again does nothing. */
  update(test: ConfusionTest | null): void;
  /** Shows one cell's test images in the strip, as a click on the cell would; returns how many there are (0 before the first test). */
  select(trueClass: number, predictedClass: number): number;
  /** Where a cell is drawn, in page coordinates (to click it), or null before the first test. */
  cellCentre(trueClass: number, predictedClass: number): { x: number; y: number } | null;
  /** Removes the widget's listeners; the canvases keep their pictures. */
  dispose(): void;
}

/**
 * The line under a confusion cell's strip of test images: which cell, how many images it holds, and
 * whether only the first `limit` are shown.
 *
 * @example
 * ```ts
 * confusionCellCaption(4, 9, 12, 60); // '4s read as 9: 12 test images · click one'
 * ```
 */
export function confusionCellCaption(trueClass: number, predictedClass: number, found: number, limit: number): string {
  const what = trueClass === predictedClass ? `${trueClass}s read right` : `${trueClass}s read as ${predictedClass}`;
  const count = `${found.toLocaleString('en')} test image${found === 1 ? '' : 's'}`;
  return `${what}: ${count}${found > limit ? ` (first ${limit})` : ''}${found ? ' · click one' : ''}`;
}

/**
 * The confusion matrix of a test as a widget: the matrix with per-digit accuracy on one canvas; clicking a cell
 * shows the test images in it on the second (hidden while the cell is empty), and clicking one of those calls
 * `onPick` with its index in the test set. Takes canvases only: the caption element, if any, is yours to fill
 * from `onCaption`.
 *
 * @example
 * ```ts
 * const explorer = confusionExplorer({ matrix, examples }, { onPick: (i) => show(i), onCaption: (text) => (caption.textContent = text) });
 * explorer.update({ images: test.images, labels: test.labels, predictions });
 * ```
 */
export function confusionExplorer(canvases: ConfusionExplorerCanvases, options: ConfusionExplorerOptions): ConfusionExplorer {
  const { matrix: canvas, examples } = canvases;
  const max = options.maxExamples ?? 60;
  let test: ConfusionTest | null = null;
  let layout: ConfusionLayout | null = null;
  let selected: [number, number] | null = null;
  let shown: { layout: MosaicLayout; order: ArrayLike<number> } | null = null;

  const select = (trueClass: number, predictedClass: number): number => {
    if (!test) return 0;
    selected = [trueClass, predictedClass];
    const found = examplesInCell(test.labels, test.predictions, trueClass, predictedClass);
    options.onCaption?.(confusionCellCaption(trueClass, predictedClass, found.length, max));
    examples.hidden = found.length === 0;
    if (found.length > 0) shown = paintDigitMosaic(examples, { images: test.images }, { order: found.slice(0, max), columns: Math.min(15, found.length) });
    return found.length;
  };
  const clickMatrix = (event: MouseEvent) => {
    const cell = layout && confusionCellAt(layout, event.offsetX, event.offsetY);
    if (cell) select(cell.trueClass, cell.predictedClass);
  };
  const clickExamples = (event: MouseEvent) => {
    const scale = examples.width / examples.clientWidth; // CSS shrinks the strip on a phone
    const k = shown && mosaicCellAt(shown.layout, event.offsetX * scale, event.offsetY * scale);
    if (shown && k !== null) options.onPick(shown.order[k]);
  };
  canvas.addEventListener('click', clickMatrix);
  examples.addEventListener('click', clickExamples);

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
      if (selected) select(...selected);
    },
    select,
    cellCentre(trueClass, predictedClass) {
      if (!layout) return null;
      const box = canvas.getBoundingClientRect();
      const { x, y } = confusionCellCentre(layout, trueClass, predictedClass);
      return { x: box.left + x, y: box.top + y };
    },
    dispose() {
      canvas.removeEventListener('click', clickMatrix);
      examples.removeEventListener('click', clickExamples);
    },
  };
}
