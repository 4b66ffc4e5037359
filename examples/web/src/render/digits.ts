import type { LabelledDigits, TestDigits } from '@nophd/training/worker';
import { drawDigitMosaic, drawMessage, mosaicCellAt, type FittedCanvas, type MosaicLayout } from '@nophd/visual-model';

const PAD = 8;
/** Where panel 6 last drew its digits, to tell which one a click hit. */
let testPanel: { layout: MosaicLayout; order: ArrayLike<number> } | null = null;

/** Panel 3: the current training batch, as a square, misrecognised ones first on red with their labels. */
export function drawTrainingDigits(target: FittedCanvas, digits: LabelledDigits | null): void {
  if (!digits) return drawMessage(target, 'The current batch appears once training starts');
  drawDigitMosaic(target.ctx, digits, { box: { x: PAD, y: PAD, width: target.width - 2 * PAD, height: target.height - 2 * PAD } });
}

/**
 * Panel 6: the first 1,000 test digits (25 rows of 40, as in the codelab) after sorting the misrecognised ones
 * to the top, and a scale on the left that reads as accuracy: where the red ends is the accuracy.
 */
export function drawTestDigits(target: FittedCanvas, digits: TestDigits | null): void {
  testPanel = null;
  if (!digits) return drawMessage(target, 'Test digits appear after the first evaluation');
  const box = { x: PAD, y: PAD + 4, width: target.width - 2 * PAD, height: target.height - 2 * PAD - 8 };
  testPanel = drawDigitMosaic(target.ctx, digits, { columns: 40, limit: 1000, accuracyScale: { evaluated: digits.evaluated }, box });
}

/** The test image under a point of panel 6 (CSS pixels from its corner), or null. */
export function testDigitAt(x: number, y: number): number | null {
  const k = testPanel && mosaicCellAt(testPanel.layout, x, y);
  return k === null || !testPanel ? null : testPanel.order[k];
}
