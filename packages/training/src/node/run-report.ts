import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Recipe } from '@nophd/models';
import { replaceFile } from './durable-files.js';

/** The run report's data, next to the checkpoints of a training folder. */
export const REPORT_JSON = 'report.json';
/** The run report drawn as one picture, when {@link writeRunReport} is given a renderer. */
export const REPORT_SVG = 'report.svg';

/** A point of a metric curve; `iteration` counts training batches from the very first session of the run. */
export interface MetricPoint {
  /** Training batches before this point, earlier sessions included. */
  iteration: number;
  /** The epoch (0-based) the point belongs to. */
  epoch: number;
  /** Cross-entropy loss. */
  loss: number;
  /** Fraction of images classified right. */
  accuracy: number;
}

/** One percentile-band sample (a `percentileSampler` sample as JSON): `bands` holds the boundaries from min to max. */
export interface BandRecord {
  /** Training batches before the sample. */
  iteration: number;
  /** The bucket boundaries, from the smallest value to the largest. */
  bands: number[];
}

/** What happened in one epoch, including `numTensors` at its end to show that memory stays flat. */
export interface EpochRecord {
  /** The epoch, 0-based. */
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  /** Mean training accuracy over the epoch's batches. */
  accuracy: number;
  /** Loss on the validation images, when the data has a validation split. */
  validationLoss?: number;
  /** Accuracy on the validation images, when the data has a validation split. */
  validationAccuracy?: number;
  /** The learning rate at the epoch's end. */
  learningRate: number;
  /** Wall-clock seconds of the epoch (validation included). */
  seconds: number;
  /** Training images per second of the epoch. */
  imagesPerSecond: number;
  /** `tf.memory().numTensors` at the epoch's end. */
  numTensors: number;
  /** true when a stop ended this epoch early (it was not checkpointed). */
  partial?: boolean;
}

/** One session of a run: the first training, and one more for each resume. */
export interface SessionRecord {
  /** ISO time the session began. */
  startedAt: string;
  /** ISO time the session ended, once it has. */
  finishedAt?: string;
  /** How the session is going or ended. */
  status: 'running' | 'completed' | 'interrupted' | 'failed';
  /** The error that ended a failed session, as `Name: message`. */
  error?: string;
  /** The backend the session trained on and why it was chosen (a `selectBackend()` result has these fields). */
  backend: { name: string; label: string; reason: string; candidates: { name: string; outcome: string; reason: string }[] };
  /** The epoch the session started from (0 for a fresh run). */
  firstEpoch: number;
  /** Epochs this session was asked to train. */
  epochsRequested: number;
  /** Where the session's time went, in seconds. */
  seconds: { data: number; model: number; training: number; test: number; total: number };
}

/** The trained model seen from outside: its first-layer weights as pictures and its test confusions. */
export interface ModelViews {
  /** First-layer weights as pictures (positive and negative on ±scale), at most a few dozen of `total`. */
  firstLayer: { width: number; height: number; scale: number; total: number; pictures: number[][] };
  /** confusion[actual][predicted] counts on `testSize` test images. */
  confusion: number[][];
  /** Test images the confusion counts. */
  testSize: number;
  /** Epochs the model had trained when it was measured. */
  epochsCompleted: number;
}

/**
 * A training run's report, kept as report.json next to its checkpoints: one record per epoch, the
 * batch-by-batch history, percentile bands of weights and biases, one record per session and the final
 * test. Everything a report picture shows is in here, so other tools can redraw it.
 */
export interface RunReport {
  /** Always 1; another number is a report this version cannot read. */
  formatVersion: 1;
  /** The ladder stage trained. */
  stage: number;
  /** The stage's title. */
  title: string;
  /** The recipe in force (a resumed run keeps its first session's). */
  recipe: Recipe;
  /** The run's batch size, split sizes and seed. */
  settings: { batchSize: number; trainSize: number; validationSize: number; testSize: number; seed: number; batchesPerEpoch: number };
  /** The last session's status. */
  status: SessionRecord['status'];
  /** Epochs saved in the checkpoint; a resumed run continues from here. */
  epochsCompleted: number;
  /** Training batches behind the checkpoint; a resumed run numbers its iterations from here. */
  iterationsCompleted: number;
  /** One record per finished epoch. */
  epochs: EpochRecord[];
  /** Loss and accuracy of training batches and validation epochs, and the learning rate, by iteration. */
  history: { train: MetricPoint[]; validation: MetricPoint[]; learningRate: { iteration: number; value: number }[] };
  /** Percentile bands of all weights and all biases, sampled as training went. */
  bands: { weights: BandRecord[]; biases: BandRecord[] };
  /** The final test, once the run completed. */
  test?: {
    accuracy: number;
    loss: number;
    size: number;
    epoch: number;
    /** Accuracy on each digit 0–9 (null where the test images held none of it: JSON has no NaN). */
    perDigit?: (number | null)[];
    /** confusion[label][predicted] counts. */
    confusion?: number[][];
  };
  /** First-layer weight pictures and the test confusion matrix of the finished model. */
  modelViews?: ModelViews;
  /** One record per session, the first first. */
  sessions: SessionRecord[];
}

/** A run report cannot be read back (not JSON, not a nophd report) or cannot be written. */
export class RunReportError extends Error {
  override name = 'RunReportError';
  constructor(file: string, problem: string, fix: string, options?: { cause?: unknown }) {
    super(`${file} ${problem}. ${fix}`, options);
  }
}

/** Options of {@link writeRunReport}. */
export interface WriteRunReportOptions {
  /** Draws the report as SVG (e.g. `renderRunReportSvg` from @nophd/visual-model), written as report.svg. */
  svg?: (report: RunReport) => string;
}

/**
 * Reads the report of a training folder, or `undefined` when the folder has none.
 *
 * @example
 * ```ts
 * import { readRunReport } from '@nophd/training/node';
 * const report = await readRunReport('runs/stage-2');
 * console.log(report?.test?.accuracy);
 * ```
 */
export async function readRunReport(dir: string): Promise<RunReport | undefined> {
  const file = join(dir, REPORT_JSON);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const fix = 'Delete it (or start the run over with pnpm train --force), or train into another folder (--out DIR).';
  let report: RunReport;
  try {
    report = JSON.parse(text) as RunReport;
  } catch (error) {
    throw new RunReportError(file, `is not valid JSON (${(error as Error).message})`, fix);
  }
  if (report?.formatVersion !== 1 || !Array.isArray(report.epochs)) {
    throw new RunReportError(file, 'is not a nophd run report (formatVersion 1)', fix);
  }
  return report;
}

/**
 * Writes report.json (and report.svg when given a renderer) into `dir`, each through a temporary file
 * renamed into place, so a crash or a Ctrl-C mid-write leaves the previous report whole.
 *
 * @example
 * ```ts
 * import { readRunReport, writeRunReport } from '@nophd/training/node';
 * import { renderRunReportSvg } from '@nophd/visual-model';
 * const report = (await readRunReport('runs/stage-2'))!;
 * await writeRunReport('runs/stage-2', { ...report, title: 'My run' }, { svg: renderRunReportSvg });
 * ```
 */
export async function writeRunReport(dir: string, report: RunReport, options: WriteRunReportOptions = {}): Promise<void> {
  const files: [string, () => string][] = [[REPORT_JSON, () => JSON.stringify(report, null, 1)]];
  if (options.svg) files.push([REPORT_SVG, () => options.svg!(report)]);
  for (const [name, contents] of files) {
    const file = join(dir, name);
    try {
      await replaceFile(file, contents());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error; // not the disk: a renderer's bug
      const why = code === 'ENOSPC' ? 'the disk is full (ENOSPC)' : (error as Error).message;
      throw new RunReportError(file, `cannot be written: ${why}`, 'The previous report there is intact; free some space or train into a folder you can write to (pnpm train: --out DIR).', { cause: error });
    }
  }
}

/**
 * The report cut back to its checkpoint (`epochsCompleted`, `iterationsCompleted`): what a resumed run
 * will train again (the batches of an epoch stopped midway) is dropped, so its history continues
 * without duplicates.
 *
 * @example
 * ```ts
 * import { readRunReport, truncateToCheckpoint } from '@nophd/training/node';
 * const report = (await readRunReport('runs/stage-2'))!;
 * const kept = truncateToCheckpoint({ ...report, epochsCompleted: 3, iterationsCompleted: 1800 });
 * ```
 */
export function truncateToCheckpoint(report: RunReport): RunReport {
  const keepEpochs = report.epochsCompleted;
  const lastIteration = report.iterationsCompleted;
  return {
    ...report,
    epochs: report.epochs.filter((e) => e.epoch < keepEpochs && !e.partial),
    history: {
      train: report.history.train.filter((p) => p.epoch < keepEpochs),
      validation: report.history.validation.filter((p) => p.epoch < keepEpochs),
      learningRate: report.history.learningRate.filter((p) => p.iteration < lastIteration),
    },
    bands: {
      weights: report.bands.weights.filter((b) => b.iteration < lastIteration),
      biases: report.bands.biases.filter((b) => b.iteration < lastIteration),
    },
  };
}
