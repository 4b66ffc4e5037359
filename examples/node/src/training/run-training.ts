import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend, type BackendSelection } from '@nophd/backend';
import { loadMnist } from '@nophd/mnist-data';
import { createStageModel, loadStageModel, STAGES, type Recipe, type StageNumber } from '@nophd/models';
import {
  learningRateScheduler,
  metricsHistory,
  nanGuard,
  percentileSampler,
  progressReporter,
} from '@nophd/training-callbacks';
import type { TrainOptions } from '../cli/train-options.js';
import { DEFAULT_SEED, VALIDATION_SIZE } from '../cli/train-options.js';
import { fileSystemHandler } from '../io/file-system-handler.js';
import { prepareOutputDir } from '../io/output-dir.js';
import { saveCheckpoint } from '../io/save-checkpoint.js';
import { displayPath } from '../cli/user-path.js';
import { renderReportSvg } from '../report/report-svg.js';
import {
  readReport,
  REPORT_SVG,
  truncateToCheckpoint,
  writeReport,
  type EpochRecord,
  type RunReport,
  type SessionRecord,
} from '../report/run-report.js';
import type { StopRequest } from './stop-on-interrupt.js';
import { describeBackend } from './describe-backend.js';
import { scheduleFor, withLearningRate } from './recipe-schedule.js';
import { seededDropout } from './seeded-dropout.js';
import { seededEpochs } from './seeded-epochs.js';

/** The checkpoint in --out belongs to another stage than the one asked for. */
export class StageMismatchError extends Error {
  override name = 'StageMismatchError';
  constructor(dir: string, saved: number, asked: number) {
    super(
      `${dir} holds a stage ${saved} model, but --stage ${asked} was asked for. ` +
        `Resume it with --stage ${saved}, or train stage ${asked} into another --out folder.`,
    );
  }
}

/** Metadata stored inside model.json so a checkpoint knows where it stands. */
interface CheckpointMetadata {
  stage: number;
  epochsCompleted: number;
  iterationsCompleted: number;
}

export interface TrainingOutcome {
  report: RunReport;
  status: SessionRecord['status'];
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * Trains one stage end to end: backend, data, model (fresh or resumed), the fit loop with
 * checkpoints after every epoch, the final test accuracy and the report files.
 */
export async function runTraining(
  options: TrainOptions,
  stop: StopRequest,
  say: (line: string) => void,
  /** Builds the fresh model; the stage's own, its initial weights drawn from `seed`, by default (tests pass a model that misbehaves). */
  createModel: (stage: StageNumber, seed: number) => tfl.LayersModel = (stage, seed) =>
    createStageModel<StageNumber>(stage, { seed } as never).model,
): Promise<TrainingOutcome> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  await prepareOutputDir(options.out);

  const selection: BackendSelection = await selectBackend({ backend: options.backend });
  for (const line of describeBackend(selection)) say(line);

  // --- model: a fresh one from the stage recipe, or the checkpoint in --out ---
  const modelStarted = performance.now();
  let model: tfl.LayersModel;
  let previous: RunReport | undefined;
  let firstEpoch = 0;
  let iterationOffset = 0;
  const stageInfo = STAGES.find((s) => s.stage === options.stage)!;
  if (options.resume) {
    model = await loadStageModel(fileSystemHandler(options.out));
    const meta = model.getUserDefinedMetadata() as Partial<CheckpointMetadata> | undefined;
    if (meta?.stage !== undefined && meta.stage !== options.stage) throw new StageMismatchError(options.out, meta.stage, options.stage);
    firstEpoch = meta?.epochsCompleted ?? 0;
    iterationOffset = meta?.iterationsCompleted ?? 0;
    const saved = await readReport(options.out);
    previous = saved && truncateToCheckpoint({ ...saved, epochsCompleted: firstEpoch, iterationsCompleted: iterationOffset });
    say(`Resuming stage ${options.stage} from ${displayPath(options.out)} after epoch ${firstEpoch}.`);
  } else {
    model = createModel(options.stage, options.seed ?? DEFAULT_SEED);
  }
  const modelSeconds = seconds(modelStarted);
  // A resumed run keeps the recipe it started with (saved in its report), --learning-rate included.
  const recipe = withLearningRate((previous?.recipe as Recipe | undefined) ?? stageInfo.recipe, options.learningRate);

  // --- data ---
  const dataStarted = performance.now();
  // A resumed run must split the data as before, or validation images would leak into training.
  const seed = options.seed ?? previous?.settings.seed ?? DEFAULT_SEED;
  const data = await loadMnist({ trainSize: options.trainSize, testSize: options.testSize, validationSize: VALIDATION_SIZE, seed });
  const shape = recipe.inputShape;
  const validation = data.validation.toTensors({ shape });
  const dataSeconds = seconds(dataStarted);

  const batchSize = options.batchSize ?? previous?.settings.batchSize ?? recipe.batchSize;
  const epochs = options.epochs;
  // Batches come in an order drawn from the seed and the epoch, so a run (and its resumption) is reproducible.
  const train = seededEpochs(data.train, { batchSize, shape, seed, firstEpoch, epochs });
  const { batchesPerEpoch } = train;
  const schedule = scheduleFor(recipe);
  const startRate = schedule({ epoch: firstEpoch, step: iterationOffset });
  say(
    `Stage ${options.stage}: ${stageInfo.title} — ${epochs} epoch${epochs === 1 ? '' : 's'} of ` +
      `${data.train.size.toLocaleString('en')} images, batch ${batchSize}, ${recipe.optimizer} lr ${Number(startRate.toPrecision(4))} (${schedule.description}); ` +
      `validation ${data.validation.size.toLocaleString('en')}, test ${data.test.size.toLocaleString('en')}.`,
  );

  const session: SessionRecord = {
    startedAt,
    status: 'running',
    backend: { name: selection.name, label: selection.label, reason: selection.reason, candidates: selection.candidates },
    firstEpoch,
    epochsRequested: epochs,
    seconds: { data: dataSeconds, model: modelSeconds, training: 0, test: 0, total: 0 },
  };
  const report: RunReport = previous
    ? { ...previous, status: 'running', sessions: [...previous.sessions, session] }
    : {
        formatVersion: 1,
        stage: options.stage,
        title: stageInfo.title,
        recipe,
        settings: { batchSize, trainSize: data.train.size, validationSize: data.validation.size, testSize: data.test.size, seed, batchesPerEpoch },
        status: 'running',
        // A checkpoint without its report (deleted, say) still resumes at the right epoch.
        epochsCompleted: firstEpoch,
        iterationsCompleted: iterationOffset,
        epochs: [],
        history: { train: [], validation: [], learningRate: [] },
        bands: { weights: [], biases: [] },
        sessions: [session],
      };
  report.settings = { ...report.settings, batchSize, trainSize: data.train.size, batchesPerEpoch };
  report.recipe = recipe;

  // --- callbacks from @nophd/training-callbacks plus the example's own checkpointing ---
  const recordEvery = Math.max(1, Math.round(batchesPerEpoch / 50));
  const history = metricsHistory({ everyBatches: recordEvery });
  const sampler = percentileSampler(model, { everyBatches: recordEvery * 2 });
  const scheduler = learningRateScheduler(schedule, { optimizer: model.optimizer });
  // images/s counts each batch's real size (the last batch of an epoch is smaller).
  const progress = progressReporter({ totalBatches: batchesPerEpoch, quiet: options.quiet || undefined });

  let epochStarted = 0;
  let batchesThisEpoch = 0;
  let imagesThisEpoch = 0;
  const trainingStarted = performance.now();

  // A resumed run continues the batch count, so per-batch schedules and the charts carry on where they stopped.
  for (const callback of [scheduler, history, sampler]) callback.iteration = iterationOffset;
  const before = { history: report.history, bands: report.bands };
  const withHistory = (): RunReport => {
    const bands = (samples: { iteration: number; bands: ArrayLike<number> }[]) =>
      samples.map((s) => ({ iteration: s.iteration, bands: Array.from(s.bands) }));
    return {
      ...report,
      history: {
        train: [...before.history.train, ...history.data.train],
        validation: [...before.history.validation, ...history.data.validation],
        learningRate: [...before.history.learningRate, ...history.data.learningRate],
      },
      bands: { weights: [...before.bands.weights, ...bands(sampler.weights)], biases: [...before.bands.biases, ...bands(sampler.biases)] },
    };
  };

  const own: tfl.CustomCallbackArgs = {
    onEpochBegin: async () => {
      epochStarted = performance.now();
      batchesThisEpoch = 0;
      imagesThisEpoch = 0;
    },
    onBatchEnd: async (_batch, logs = {}) => {
      batchesThisEpoch++;
      imagesThisEpoch += logs.size ?? batchSize;
      // Let the event loop run so a Ctrl-C is noticed between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    onEpochEnd: async (epoch, logs = {}) => {
      const elapsed = seconds(epochStarted);
      const record: EpochRecord = {
        epoch,
        loss: logs.loss,
        accuracy: logs.acc ?? logs.accuracy,
        validationLoss: logs.val_loss,
        validationAccuracy: logs.val_acc ?? logs.val_accuracy,
        learningRate: scheduler.current ?? Number.NaN,
        seconds: elapsed,
        imagesPerSecond: imagesThisEpoch / elapsed,
        numTensors: tf.memory().numTensors,
      };
      // The live bar shows training metrics only; quiet mode's epoch line already includes validation.
      if (!progress.quiet && record.validationAccuracy !== undefined) {
        say(`  validation: loss ${record.validationLoss!.toFixed(4)}, accuracy ${(record.validationAccuracy * 100).toFixed(2)} %`);
      }
      if (stop.requested && batchesThisEpoch < batchesPerEpoch) {
        record.partial = true;
        report.epochs.push(record);
        return; // not checkpointed: the previous epoch's model stays on disk
      }
      report.epochs.push(record);
      report.epochsCompleted = epoch + 1;
      report.iterationsCompleted += batchesThisEpoch;
      const meta: CheckpointMetadata = { stage: options.stage, epochsCompleted: report.epochsCompleted, iterationsCompleted: report.iterationsCompleted };
      model.setUserDefinedMetadata(meta as unknown as object);
      await saveCheckpoint(model, fileSystemHandler(options.out));
      await saveReport(options.out, withHistory());
    },
  };

  stop.onRequest(() => {
    model.stopTraining = true;
  });

  const finishEarly = async (status: 'interrupted' | 'failed', error?: unknown) => {
    report.status = session.status = status;
    if (error !== undefined) session.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    session.finishedAt = new Date().toISOString();
    session.seconds.total = seconds(started);
    const partial = withHistory();
    await saveReport(options.out, partial);
    return partial;
  };

  try {
    if (!stop.requested) {
      await model.fitDataset(train, {
        epochs: firstEpoch + epochs,
        initialEpoch: firstEpoch,
        batchesPerEpoch,
        validationData: [validation.xs, validation.ys],
        validationBatchSize: batchSize,
        verbose: 0,
        // Dropout masks come from the seed too; its callback clears the seeds before `own` saves the checkpoint.
        callbacks: [scheduler, history, sampler, nanGuard(), progress, seededDropout(model, { seed, firstIteration: iterationOffset }), new tfl.CustomCallback(own)],
      });
    }
  } catch (error) {
    session.seconds.training = seconds(trainingStarted);
    // Keep the report of what happened (the error is rethrown even if writing fails).
    await finishEarly('failed', error).catch(() => undefined);
    throw error;
  } finally {
    tf.dispose([validation.xs, validation.ys]);
  }
  session.seconds.training = seconds(trainingStarted);

  if (stop.requested) {
    const partial = await finishEarly('interrupted');
    model.dispose();
    return { report: partial, status: 'interrupted' };
  }

  // --- final test accuracy on the held-out test images ---
  const testStarted = performance.now();
  const test = data.test.toTensors({ shape });
  const [lossTensor, accuracyTensor] = model.evaluate(test.xs, test.ys, { batchSize: 1000 }) as tf.Scalar[];
  report.test = { loss: (await lossTensor.data())[0], accuracy: (await accuracyTensor.data())[0], size: data.test.size, epoch: report.epochsCompleted };
  tf.dispose([lossTensor, accuracyTensor, test.xs, test.ys]);
  session.seconds.test = seconds(testStarted);

  session.finishedAt = new Date().toISOString();
  session.seconds.total = seconds(started);
  report.status = session.status = 'completed';
  const final = withHistory();
  await saveReport(options.out, final);
  model.dispose();
  return { report: final, status: 'completed' };
}

async function saveReport(dir: string, report: RunReport): Promise<void> {
  await writeReport(dir, report);
  await writeFile(join(dir, REPORT_SVG), renderReportSvg(report));
}
