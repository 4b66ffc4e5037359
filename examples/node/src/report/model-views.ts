import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { kernelPictures } from '@nophd/visual-model';
import type { Evaluation } from '@nophd/training';
import { renderReportSvg } from './report-svg.js';
import { readReport, REPORT_SVG, writeReport, type RunReport } from './run-report.js';

/** At most this many first-layer pictures are kept: all of stage 1's ten and every conv filter, 32 of stage 2's 200 units. */
const MAX_PICTURES = 32;

/** The trained model seen from outside, as stored in report.json: first-layer pictures and test confusions. */
export interface ModelViews {
  /** First-layer weights as pictures (red positive, blue negative on ±scale). */
  firstLayer: { width: number; height: number; scale: number; total: number; pictures: number[][] };
  /** confusion[actual][predicted] counts on `testSize` test images. */
  confusion: number[][];
  testSize: number;
  /** Epochs the model had trained when it was measured. */
  epochsCompleted: number;
}

/**
 * Reads the first layer's kernel of `model` and pairs its pictures with an evaluation's confusion matrix.
 *
 * @example
 * const views = modelViewsOf(model, await evaluate(model, data.test), 4);
 */
export function modelViewsOf(model: LayersModel, evaluation: Evaluation, epochsCompleted: number): ModelViews {
  const kernel = model.layers.find((layer) => layer.getWeights().length > 0)!.getWeights()[0];
  const pictures = kernelPictures(kernel.dataSync(), kernel.shape);
  const round = (v: number) => Number(v.toPrecision(4));
  return {
    firstLayer: {
      width: pictures.width,
      height: pictures.height,
      scale: round(pictures.scale),
      total: pictures.pictures.length,
      pictures: pictures.pictures.slice(0, MAX_PICTURES).map((p) => Array.from(p, round)),
    },
    confusion: evaluation.confusion,
    testSize: evaluation.size,
    epochsCompleted,
  };
}

/**
 * Adds the model views to the report in `dir` (report.json and report.svg), when that folder has a report.
 * Returns false when there is none (a model saved by other means).
 *
 * @example
 * await saveModelViews('runs/stage-1', model, evaluation);
 */
export async function saveModelViews(dir: string, model: LayersModel, evaluation: Evaluation): Promise<boolean> {
  const report = await readReport(dir);
  if (!report) return false;
  const updated: RunReport = { ...report, modelViews: modelViewsOf(model, evaluation, report.epochsCompleted) };
  await writeReport(dir, updated);
  await writeFile(join(dir, REPORT_SVG), renderReportSvg(updated));
  return true;
}
