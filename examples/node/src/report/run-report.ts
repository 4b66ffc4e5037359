import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const REPORT_JSON = 'report.json';
export const REPORT_SVG = 'report.svg';

/** A point of a metric curve; `iteration` counts training batches from the very first run. */
export interface MetricPoint {
  iteration: number;
  epoch: number;
  loss: number;
  accuracy: number;
}

/** One percentile-band sample: `bands` holds the boundaries from min to max. */
export interface BandRecord {
  iteration: number;
  bands: number[];
}

/** What happened in one epoch, including `numTensors` at its end to prove memory stays flat. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy: number;
  validationLoss?: number;
  validationAccuracy?: number;
  learningRate: number;
  seconds: number;
  imagesPerSecond: number;
  numTensors: number;
  /** true when Ctrl-C ended this epoch early (it was not checkpointed). */
  partial?: boolean;
}

/** One invocation of `pnpm train` (a resumed run adds another). */
export interface SessionRecord {
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'completed' | 'interrupted' | 'failed';
  error?: string;
  backend: { name: string; label: string; reason: string; candidates: { name: string; outcome: string; reason: string }[] };
  firstEpoch: number;
  epochsRequested: number;
  seconds: { data: number; model: number; training: number; test: number; total: number };
}

/**
 * The training report written next to the model as report.json. Everything the
 * report.svg charts is in here, so other tools can redraw it.
 */
export interface RunReport {
  formatVersion: 1;
  stage: number;
  title: string;
  recipe: unknown;
  settings: { batchSize: number; trainSize: number; validationSize: number; testSize: number; seed: number; batchesPerEpoch: number };
  status: SessionRecord['status'];
  /** Epochs saved in the checkpoint; `--resume` continues from here. */
  epochsCompleted: number;
  /** Training batches behind the checkpoint; a resumed run numbers its iterations from here. */
  iterationsCompleted: number;
  epochs: EpochRecord[];
  history: { train: MetricPoint[]; validation: MetricPoint[]; learningRate: { iteration: number; value: number }[] };
  bands: { weights: BandRecord[]; biases: BandRecord[] };
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
  sessions: SessionRecord[];
}

/** report.json exists but cannot be used to resume. */
export class ReportFormatError extends Error {
  override name = 'ReportFormatError';
  constructor(file: string, problem: string) {
    super(`${file} cannot be resumed from: ${problem}. Start a fresh run without --resume, or use another --out folder.`);
  }
}

/** Reads report.json from a run folder, or `undefined` when there is none. */
export async function readReport(dir: string): Promise<RunReport | undefined> {
  const file = join(dir, REPORT_JSON);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let report: RunReport;
  try {
    report = JSON.parse(text) as RunReport;
  } catch (error) {
    throw new ReportFormatError(file, `invalid JSON (${(error as Error).message})`);
  }
  if (report.formatVersion !== 1 || !Array.isArray(report.epochs)) {
    throw new ReportFormatError(file, 'it is not a nophd training report (formatVersion 1)');
  }
  return report;
}

/** Writes report.json atomically (a Ctrl-C mid-write must not destroy the previous report). */
export async function writeReport(dir: string, report: RunReport): Promise<void> {
  const file = join(dir, REPORT_JSON);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(report, null, 1));
    await rename(temporary, file);
  } finally {
    // A failed write (a full disk) must not leave the temporary file behind.
    await rm(temporary, { force: true });
  }
}

/**
 * Drops what a resumed run will redo: anything recorded after the last checkpoint
 * (a partial epoch cut short by Ctrl-C), so history continues without duplicates.
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
