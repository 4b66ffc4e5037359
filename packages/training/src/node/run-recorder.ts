import * as tf from '@tensorflow/tfjs-core';
import { stageInfo, type StageNumber } from '@nophd/models';
import type { LoopCallback, PercentileSampler } from '@nophd/training-callbacks';
import type { TrainingState } from '../checkpoint-store.js';
import type { Evaluation } from '../evaluate.js';
import { train } from '../train.js';
import { DEFAULT_SEED, type TrainOptions } from '../train-options.js';
import type { TrainingRun } from '../training-run.js';
import { readRunReport, truncateToCheckpoint, writeRunReport, type EpochRecord, type ModelViews, type RunReport, type SessionRecord } from './run-report.js';

/**
 * Options of {@link recordRun}: what the report says about the run besides what training records (the seed,
 * the split sizes and the epochs asked for come from the options given to {@link RunRecorder.train}).
 */
export interface RecordRunOptions {
  /** The stage a fresh run trains (a resumed run's stage comes from its checkpoint). */
  stage: StageNumber;
  /** The checkpoint's state when resuming: the folder's report is cut back to it and continued. */
  resumeFrom?: TrainingState;
  /** Test images the final test scores, for the report's settings. Default 0 (none). */
  testSize?: number;
  /** The backend this session trains on (a `selectBackend()` result fits). */
  backend: SessionRecord['backend'];
  /** Seconds spent loading the data before training, counted in the session's time. Default 0. */
  dataSeconds?: number;
  /** The `percentileSampler` among the run's callbacks: its weight and bias bands go into the report. */
  bands?: Pick<PercentileSampler, 'weights' | 'biases'>;
  /** Draws report.svg from the report (e.g. `renderRunReportSvg` from @nophd/visual-model); without it only report.json is kept. */
  svg?: (report: RunReport) => string;
  /** Called with each epoch's record before the report is rewritten (to print it, say). */
  onEpoch?: (record: EpochRecord) => void;
}

/**
 * Starts the report of a training run in `dir` (report.json, and report.svg when given a renderer): one
 * record per epoch, the run's history and weight bands, one session per invocation, the final test. Train
 * through the recorder's {@link RunRecorder.train}; the report is rewritten after every epoch and by
 * {@link RunRecorder.finish}. A resumed run (`resumeFrom`) continues the folder's report from its
 * checkpoint; nothing is written until training begins, so a run refused at the start (a folder that
 * already holds another run) leaves that folder's report alone.
 *
 * @example
 * ```ts
 * import { recordRun } from '@nophd/training/node';
 * const recorder = await recordRun('runs/stage-1', { stage: 1, backend: await selectBackend(), testSize: data.test.size });
 * const run = recorder.train({ stage: 1, data, epochs: 2, checkpoints: folderCheckpoints('runs/stage-1') });
 * const result = await run.result;
 * recorder.recordTest(await evaluate(result.model, data.test));
 * await recorder.finish('completed');
 * ```
 */
export async function recordRun(dir: string, options: RecordRunOptions): Promise<RunRecorder> {
  const { resumeFrom: saved } = options;
  const session: SessionRecord = {
    startedAt: new Date().toISOString(),
    status: 'running',
    backend: { name: options.backend.name, label: options.backend.label, reason: options.backend.reason, candidates: options.backend.candidates },
    firstEpoch: saved?.epoch ?? 0,
    epochsRequested: 0,
    seconds: { data: options.dataSeconds ?? 0, model: 0, training: 0, test: 0, total: 0 },
  };
  const previous = saved && (await readRunReport(dir));
  const info = stageInfo((saved?.stage as StageNumber | undefined) ?? options.stage);
  const report: RunReport = previous
    ? { ...truncateToCheckpoint({ ...previous, epochsCompleted: saved!.epoch, iterationsCompleted: saved!.iteration }), status: 'running', test: undefined }
    : {
        formatVersion: 1,
        stage: info.stage,
        title: info.title,
        recipe: saved?.recipe ?? info.recipe,
        // Completed by train(): the sizes of its data, its seed and its batches.
        settings: { batchSize: 0, trainSize: 0, validationSize: 0, testSize: options.testSize ?? 0, seed: saved?.seed ?? DEFAULT_SEED, batchesPerEpoch: 0 },
        status: 'running',
        epochsCompleted: saved?.epoch ?? 0,
        iterationsCompleted: saved?.iteration ?? 0,
        epochs: [],
        history: { train: [], validation: [], learningRate: [] },
        bands: { weights: [], biases: [] },
        sessions: [],
      };
  report.sessions = [...report.sessions, session];
  return new RunRecorder(dir, report, session, options, previous !== undefined);
}

/** Keeps a training folder's report as its run goes; made by {@link recordRun}. */
export class RunRecorder {
  private readonly started = performance.now();
  private readonly previousBands: RunReport['bands'];
  private run: TrainingRun | undefined;
  /** Set once training begins: a run refused at the start must not replace the folder's report. */
  private trainingBegan = false;

  /** @internal Made by {@link recordRun}. */
  constructor(
    private readonly dir: string,
    /** The report as recorded so far (written to report.json after every epoch and at the end). */
    readonly report: RunReport,
    private readonly session: SessionRecord,
    private readonly options: RecordRunOptions,
    /** True when the report continues one read from the folder (its settings are the first session's). */
    private readonly continued: boolean,
  ) {
    this.previousBands = report.bands;
  }

  /**
   * Starts `train(options)` with this recorder after the given callbacks, and returns its run.
   *
   * @example
   * ```ts
   * const run = recorder.train({ stage: 2, data, epochs: 4, checkpoints, callbacks: [sampler] });
   * ```
   */
  train(options: TrainOptions): TrainingRun {
    if (this.run) throw new Error('RunRecorder.train: this recorder already records a run; call recordRun() again for another.');
    this.run = train({ ...options, callbacks: [...(options.callbacks ?? []), this.callback(options.epochs)] });
    if (!this.continued) {
      const { data, seed } = options; // checked by train()
      this.report.settings = { ...this.report.settings, trainSize: data.train.size, validationSize: data.validation?.size ?? 0, seed: seed ?? this.report.settings.seed };
    }
    return this.run;
  }

  /**
   * Adds the final test (and, when given, the model views) to the report; {@link RunRecorder.finish} writes it.
   *
   * @example
   * ```ts
   * recorder.recordTest(await evaluate(result.model, data.test), { seconds: 1.5, modelViews: modelViewsOf(result.model, test, 4) });
   * ```
   */
  recordTest(test: Evaluation, extra: { seconds?: number; modelViews?: ModelViews } = {}): void {
    this.report.test = {
      accuracy: test.accuracy,
      loss: test.loss,
      size: test.size,
      epoch: this.report.epochsCompleted,
      perDigit: test.perDigit.map((d) => (Number.isNaN(d.accuracy) ? null : d.accuracy)),
      confusion: test.confusion,
    };
    if (extra.modelViews) this.report.modelViews = extra.modelViews;
    this.session.seconds.test = extra.seconds ?? 0;
  }

  /**
   * Closes this session with its status (and the error that ended it) and writes the report. Does nothing
   * when training never began (the run was refused at the start), so the folder's report stays as it was.
   *
   * @example
   * ```ts
   * const result = await run.result.catch(async (error) => {
   *   await recorder.finish('failed', error);
   *   throw error;
   * });
   * await recorder.finish(result.status === 'stopped' ? 'interrupted' : 'completed');
   * ```
   */
  async finish(status: Exclude<SessionRecord['status'], 'running'>, error?: unknown): Promise<void> {
    if (!this.trainingBegan || !this.run) return;
    const { report, session } = this;
    report.status = session.status = status;
    if (error !== undefined) session.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    session.finishedAt = new Date().toISOString();
    session.seconds.total = (performance.now() - this.started) / 1000 + session.seconds.data;
    session.seconds.training = session.seconds.total - session.seconds.data - session.seconds.model - session.seconds.test;
    // Stopped mid-epoch: what was trained after the last finished epoch is in the checkpoint too.
    if (status === 'interrupted') report.iterationsCompleted = this.run.iteration;
    await this.write(this.run);
  }

  private callback(epochs: number | undefined): LoopCallback {
    const run = () => this.run!;
    let epochStarted = 0;
    let images = 0;
    const { report, session } = this;
    return {
      onTrainBegin: async () => {
        this.trainingBegan = true;
        const { recipe, batchesPerEpoch } = run();
        report.recipe = recipe!;
        session.seconds.model = (performance.now() - this.started) / 1000;
        report.settings = { ...report.settings, batchSize: recipe!.batchSize, batchesPerEpoch };
        // As train() counts them: a resumed run's epochs include those already trained.
        session.epochsRequested = (epochs ?? this.options.resumeFrom?.epochs ?? recipe!.epochs) - session.firstEpoch;
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
        this.options.onEpoch?.(record);
        report.epochs.push(record);
        report.epochsCompleted = epoch + 1;
        report.iterationsCompleted = run().iteration;
        await this.write(run());
      },
    };
  }

  private async write(run: TrainingRun): Promise<void> {
    const samples = (list: readonly { iteration: number; bands: ArrayLike<number> }[] = []) => list.map((s) => ({ iteration: s.iteration, bands: Array.from(s.bands) }));
    const { data } = run.history;
    const { bands, svg } = this.options;
    await writeRunReport(this.dir, {
      ...this.report,
      history: { train: [...data.train], validation: [...data.validation], learningRate: [...data.learningRate] },
      bands: {
        weights: [...this.previousBands.weights, ...samples(bands?.weights)],
        biases: [...this.previousBands.biases, ...samples(bands?.biases)],
      },
    }, { svg });
  }
}
