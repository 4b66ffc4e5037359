import { selectBackend } from '@nophd/backend';
import { loadMnist } from '@nophd/mnist-data';
import { describeLearningRate, stageInfo, withLearningRate, type StageNumber } from '@nophd/models';
import { nanGuard, percentileSampler, progressReporter } from '@nophd/training-callbacks';
import { CheckpointError, DEFAULT_SEED, evaluate, type TrainingResult } from '@nophd/training';
import { clearRunFolder, folderCheckpoints, prepareRunFolder, recordRun, type RunRecorder } from '@nophd/training/node';
import { modelViewsOf, renderRunReportSvg } from '@nophd/visual-model';
import type { TrainOptions } from '../cli/train-options.js';
import { DEFAULT_STAGE, MAX_TRAIN_SIZE, VALIDATION_SIZE } from '../cli/train-options.js';
import { displayPath } from '../cli/user-path.js';
import { describeBackend } from './describe-backend.js';

export interface TrainingOutcome {
  recorder: RunRecorder;
  status: 'completed' | 'interrupted';
}

/**
 * `pnpm train` in order: the folder, the backend, the checkpoint to resume (if asked), the data, then
 * `train()` from @nophd/training with the report recorder, and the final test.
 */
export async function runTraining(options: TrainOptions, signal: AbortSignal, say: (line: string) => void): Promise<TrainingOutcome> {
  const out = displayPath(options.out);
  await prepareRunFolder(options.out);
  const checkpoints = folderCheckpoints(options.out, { warn: say });
  if (options.force) await clearRunFolder(options.out, checkpoints);

  const selection = await selectBackend({ backend: options.backend });
  for (const line of describeBackend(selection)) say(line);

  const saved = options.resume ? await checkpoints.latest() : undefined;
  if (options.resume && !saved) {
    throw new CheckpointError(checkpoints.description, 'holds no checkpoint to resume', `Train into it first without --resume (pnpm train --out ${out}), or point --out at the folder of the run to continue.`);
  }
  const stage = options.stage ?? (saved?.state.stage as StageNumber | undefined) ?? DEFAULT_STAGE;
  // A resumed run reads its seed and training size from the checkpoint, so the split is the one it trained on.
  const seed = options.seed ?? saved?.state.seed ?? DEFAULT_SEED;
  const trainSize = options.trainSize ?? saved?.state.data.train ?? MAX_TRAIN_SIZE;
  const dataStarted = performance.now();
  const data = await loadMnist({ trainSize, testSize: options.testSize, validationSize: VALIDATION_SIZE, seed });
  const dataSeconds = (performance.now() - dataStarted) / 1000;

  const epochs = saved ? saved.state.epoch + options.epochs : options.epochs;
  if (saved) say(`Resuming stage ${saved.state.stage} from ${out} after ${saved.state.iteration.toLocaleString('en')} steps (epoch ${saved.state.epoch + 1}).`);
  const recipe = saved?.state.recipe ?? stageInfo(stage).recipe;
  const batchSize = options.batchSize ?? recipe.batchSize;
  // As train() applies --learning-rate: a new starting rate, the recipe's decay.
  const learningRateText = describeLearningRate(options.learningRate === undefined ? recipe : withLearningRate(recipe, options.learningRate));
  say(
    `Stage ${stage}: ${stageInfo(stage).title} — ${epochs} epoch${epochs === 1 ? '' : 's'} of ` +
      `${data.train.size.toLocaleString('en')} images, batch ${batchSize}, ${recipe.optimizer} (learning rate ${learningRateText}); ` +
      `validation ${data.validation.size.toLocaleString('en')}, test ${data.test.size.toLocaleString('en')}.`,
  );

  const batchesPerEpoch = Math.ceil(data.train.size / batchSize);
  const sampler = percentileSampler(undefined, { everyBatches: Math.max(1, Math.round(batchesPerEpoch / 25)) });
  const progress = progressReporter({ quiet: options.quiet || undefined });
  const recorder = await recordRun(options.out, {
    stage,
    resumeFrom: saved?.state,
    testSize: data.test.size,
    backend: selection,
    dataSeconds,
    bands: sampler,
    svg: renderRunReportSvg,
    // The live bar shows training metrics only; the one-line-per-epoch mode (--quiet, CI, no TTY) adds validation.
    onEpoch: (e) => {
      if (!progress.quiet && e.validationAccuracy !== undefined) {
        say(`  validation: loss ${e.validationLoss!.toFixed(4)}, accuracy ${(e.validationAccuracy * 100).toFixed(2)} %`);
      }
    },
  });
  const run = recorder.train({
    // A resumed run's stage comes from its checkpoint; train() refuses a different --stage.
    stage: saved ? options.stage : stage,
    data,
    epochs,
    seed: options.seed ?? (saved ? undefined : seed),
    learningRate: options.learningRate,
    recipe: options.batchSize === undefined ? undefined : { batchSize: options.batchSize },
    checkpoints,
    resume: options.resume,
    signal,
    // train() checks every weight after each epoch itself; the guard watches the loss of every batch.
    callbacks: [nanGuard({ checkWeights: false }), progress, sampler],
  });

  let result: TrainingResult;
  try {
    result = await run.result;
  } catch (error) {
    await recorder.finish('failed', error).catch(() => undefined);
    throw error;
  }
  if (result.status === 'stopped') {
    await recorder.finish('interrupted');
    run.dispose();
    return { recorder, status: 'interrupted' };
  }
  const testStarted = performance.now();
  const test = await evaluate(result.model, data.test);
  const modelViews = modelViewsOf(result.model, test, result.epochsCompleted);
  recorder.recordTest(test, { seconds: (performance.now() - testStarted) / 1000, modelViews });
  await recorder.finish('completed');
  run.dispose();
  return { recorder, status: 'completed' };
}
