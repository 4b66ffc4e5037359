import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendSelection } from '@nophd/backend';
import { stageInfo, type StageNumber } from '@nophd/models';
import type { LoopCallback, PercentileSampler } from '@nophd/training-callbacks';
import type { Evaluation, TrainingRun, TrainingState } from '@nophd/training';
import { OutputDirError } from '../io/output-dir.js';
import { renderReportSvg } from './report-svg.js';
import { readReport, REPORT_SVG, truncateToCheckpoint, writeReport, type EpochRecord, type RunReport, type SessionRecord } from './run-report.js';

interface OpenOptions {
  stage: StageNumber;
  selection: BackendSelection;
  /** The checkpoint being resumed, if any: the report is cut back to it. */
  saved?: TrainingState;
  dataSeconds: number;
  /** The run's seed. */
  seed: number;
  /** Epochs this invocation was asked to train. */
  epochsRequested: number;
  /** Images in the splits, for the report's settings. */
  sizes: { train: number; validation: number; test: number };
}

/**
 * Keeps report.json and report.svg of a `pnpm train` folder: one record per epoch, the run's history and
 * weight bands, one session per invocation, the final test. Written after every epoch and at the end.
 */
export class RunRecorder {
  private readonly started = performance.now();
  private readonly previousBands: RunReport['bands'];
  /** Set once training begins: a run refused at the start must not replace the folder's report. */
  private trainingBegan = false;

  private constructor(
    private readonly dir: string,
    readonly report: RunReport,
    private readonly session: SessionRecord,
  ) {
    this.previousBands = report.bands;
  }

  static async open(dir: string, { stage, selection, saved, dataSeconds, epochsRequested, sizes, seed }: OpenOptions): Promise<RunRecorder> {
    const session: SessionRecord = {
      startedAt: new Date().toISOString(),
      status: 'running',
      backend: { name: selection.name, label: selection.label, reason: selection.reason, candidates: selection.candidates },
      firstEpoch: saved?.epoch ?? 0,
      epochsRequested,
      seconds: { data: dataSeconds, model: 0, training: 0, test: 0, total: 0 },
    };
    const previous = saved && (await readReport(dir));
    const info = stageInfo((saved?.stage as StageNumber | undefined) ?? stage);
    const report: RunReport = previous
      ? { ...truncateToCheckpoint({ ...previous, epochsCompleted: saved!.epoch, iterationsCompleted: saved!.iteration }), status: 'running', test: undefined }
      : {
          formatVersion: 1,
          stage: info.stage,
          title: info.title,
          recipe: saved?.recipe ?? info.recipe,
          settings: { batchSize: 0, trainSize: sizes.train, validationSize: sizes.validation, testSize: sizes.test, seed, batchesPerEpoch: 0 },
          status: 'running',
          epochsCompleted: saved?.epoch ?? 0,
          iterationsCompleted: saved?.iteration ?? 0,
          epochs: [],
          history: { train: [], validation: [], learningRate: [] },
          bands: { weights: [], biases: [] },
          sessions: [],
        };
    report.sessions = [...report.sessions, session];
    return new RunRecorder(dir, report, session);
  }

  /** The callback that records each epoch and rewrites the report. */
  callback(run: () => TrainingRun, sampler: PercentileSampler, say: (line: string) => void, quiet: boolean): LoopCallback {
    let epochStarted = 0;
    let images = 0;
    const { report, session } = this;
    return {
      onTrainBegin: async () => {
        this.trainingBegan = true;
        const { recipe, batchesPerEpoch } = run();
        const state = { recipe: recipe!, batchesPerEpoch };
        report.recipe = state.recipe;
        session.seconds.model = (performance.now() - this.started) / 1000;
        report.settings = { ...report.settings, batchSize: state.recipe.batchSize, batchesPerEpoch: state.batchesPerEpoch };
      },
      onEpochBegin: async () => {
        epochStarted = performance.now();
        images = 0;
      },
      onBatchEnd: async (_batch, logs) => {
        images += Number(logs?.size ?? 0);
      },
      onEpochEnd: async (epoch, logs = {}) => {
        const seconds = (performance.now() - epochStarted) / 1000;
        const record: EpochRecord = {
          epoch,
          loss: Number(logs.loss),
          accuracy: Number(logs.acc),
          validationLoss: logs.val_loss === undefined ? undefined : Number(logs.val_loss),
          validationAccuracy: logs.val_acc === undefined ? undefined : Number(logs.val_acc),
          learningRate: Number(logs.lr ?? run().model?.optimizer.getConfig().learningRate ?? Number.NaN),
          seconds,
          imagesPerSecond: images / seconds,
          numTensors: tf.memory().numTensors,
        };
        if (!quiet && record.validationAccuracy !== undefined) {
          say(`  validation: loss ${record.validationLoss!.toFixed(4)}, accuracy ${(record.validationAccuracy * 100).toFixed(2)} %`);
        }
        report.epochs.push(record);
        report.epochsCompleted = epoch + 1;
        report.iterationsCompleted = run().iteration;
        await this.write(run(), sampler);
      },
    };
  }

  recordTest(test: Evaluation, epoch: number, seconds: number): void {
    this.report.test = {
      accuracy: test.accuracy,
      loss: test.loss,
      size: test.size,
      epoch,
      perDigit: test.perDigit.map((d) => (Number.isNaN(d.accuracy) ? null : d.accuracy)),
      confusion: test.confusion,
    };
    this.session.seconds.test = seconds;
  }

  /** Closes this session with its status (and error) and writes the report. */
  async finish(status: SessionRecord['status'], run: TrainingRun, sampler: PercentileSampler, error?: unknown): Promise<void> {
    if (!this.trainingBegan) return;
    const { report, session } = this;
    report.status = session.status = status;
    if (error !== undefined) session.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    session.finishedAt = new Date().toISOString();
    session.seconds.total = (performance.now() - this.started) / 1000 + session.seconds.data;
    session.seconds.training = session.seconds.total - session.seconds.data - session.seconds.model - session.seconds.test;
    if (status === 'interrupted') {
      // What was trained after the last finished epoch is in the checkpoint too (stopped mid-epoch).
      report.iterationsCompleted = run.iteration;
    }
    await this.write(run, sampler);
  }

  private async write(run: TrainingRun, sampler: PercentileSampler): Promise<void> {
    const bands = (samples: { iteration: number; bands: ArrayLike<number> }[]) => samples.map((s) => ({ iteration: s.iteration, bands: Array.from(s.bands) }));
    const { data } = run.history;
    const report: RunReport = {
      ...this.report,
      history: { train: [...data.train], validation: [...data.validation], learningRate: [...data.learningRate] },
      bands: { weights: [...this.previousBands.weights, ...bands(sampler.weights)], biases: [...this.previousBands.biases, ...bands(sampler.biases)] },
    };
    try {
      await writeReport(this.dir, report);
      await writeFile(join(this.dir, REPORT_SVG), renderReportSvg(report));
    } catch (error) {
      throw new OutputDirError(this.dir, error);
    }
  }
}
