import { MAX_LEARNING_RATE } from '@nophd/training';
import type { StageNumber } from '@nophd/models';
import { UsageError } from './usage-error.js';
import { choiceFlag, folderFlag, integerFlag, parseFlags, positiveNumberFlag } from './parse-flags.js';

/** Backends the Node example can run on (WebGL needs a browser). */
export const NODE_BACKENDS = ['auto', 'wasm', 'cpu'] as const;
export type NodeBackendName = (typeof NODE_BACKENDS)[number];

/** MNIST has 60,000 training images; 5,000 are held out for validation. */
export const MAX_TRAIN_SIZE = 55_000;
export const MAX_TEST_SIZE = 10_000;
export const VALIDATION_SIZE = 5_000;

/** The stage `pnpm train` trains when no --stage is given. */
export const DEFAULT_STAGE = 4;
export const DEFAULT_SEED = 42;
/**
 * Epochs when --epochs is not given: stage 4's whole recipe, which passes 99 % on the test set in about two
 * minutes on a 2-core machine (measured; see the README). The other stages' full epoch counts take longer.
 */
export const DEFAULT_EPOCHS = 3;

/** Everything `train` needs to know, after validation. Optional fields fall back to the stage's recipe. */
export interface TrainOptions {
  /** The stage asked for; undefined = the default (4), or a resumed run's own stage. */
  stage?: StageNumber;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  backend: NodeBackendName;
  /** Training images; undefined = all, or a resumed run's own count. */
  trainSize?: number;
  testSize: number;
  out: string;
  resume: boolean;
  /** Start over in --out even though it holds a run (its checkpoints and report are deleted). */
  force: boolean;
  /** Print stack traces of errors. */
  verbose: boolean;
  /** Seed of the data split, initial weights, batch order and dropout masks: the same seed gives the same run; a resumed run reuses its checkpoint's split unless given. */
  seed?: number;
  quiet: boolean;
}

export const TRAIN_HELP = `Train one stage of the MNIST ladder on TensorFlow.js in Node.

Usage: pnpm train [flags]

  --stage N         1-6, which model of the ladder to train (default ${DEFAULT_STAGE})
                      1 softmax regression · 2 five dense layers · 3 + lr decay and dropout
                      4 convolutional · 5 bigger convolutional with batch norm
                      6 or experts: the "Deep MNIST for Experts" network
  --epochs N        epochs to train (default ${DEFAULT_EPOCHS}); with --resume, epochs to add
  --batch-size N    images per training step (default: the stage's recipe)
  --learning-rate X starting learning rate (default: the stage's recipe; its decay still applies)
  --backend NAME    auto, wasm or cpu (default auto: the fastest that works here)
  --train-size N    training images to use, 1-${MAX_TRAIN_SIZE} (default ${MAX_TRAIN_SIZE})
  --test-size N     test images for the final accuracy, 1-${MAX_TEST_SIZE} (default ${MAX_TEST_SIZE})
  --out DIR         where the model and report go (default runs/stage-N)
  --resume          continue the run saved in --out (its seed, data and recipe)
  --force           start over in --out, deleting the run saved there
  --seed N          seed of the split, weights, batch order, dropout: runs repeat exactly (default ${DEFAULT_SEED})
  --quiet           one line per epoch instead of a progress bar
  --verbose         print stack traces of errors
  --help            show this text

Writes DIR/checkpoint.json + DIR/checkpoints/ (a checkpoint after every epoch and on Ctrl-C, each saved
atomically), DIR/report.json (metrics, learning rate, weight percentiles, timings) and DIR/report.svg.
Ctrl-C (or SIGTERM) stops after the current batch, saves a checkpoint and writes the report so far.`;

/**
 * Parses the `train` command line. Returns `'help'` for --help.
 *
 * @example
 * parseTrainOptions(['--stage', '4', '--epochs', '3']) // { stage: 4, epochs: 3, out: 'runs/stage-4', ... }
 */
export function parseTrainOptions(argv: string[]): TrainOptions | 'help' {
  const { values } = parseFlags(
    argv,
    {
      stage: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      'learning-rate': { type: 'string' },
      backend: { type: 'string' },
      'train-size': { type: 'string' },
      'test-size': { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'boolean' },
      force: { type: 'boolean' },
      verbose: { type: 'boolean' },
      seed: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'train',
  );
  if (values.help) return 'help';
  const stageFlag = choiceFlag('stage', values.stage, ['1', '2', '3', '4', '5', '6', 'experts']);
  const stage = stageFlag === undefined ? undefined : ((stageFlag === 'experts' ? 6 : Number(stageFlag)) as StageNumber);
  const out = folderFlag('out', values.out) ?? `runs/stage-${stage ?? DEFAULT_STAGE}`;
  if (values.resume && values.force) throw new UsageError('train: --resume and --force contradict each other: --resume continues the run in --out, --force deletes it. Pick one.');
  return {
    stage,
    epochs: integerFlag('epochs', values.epochs, 1, 1000) ?? DEFAULT_EPOCHS,
    batchSize: integerFlag('batch-size', values['batch-size'], 1, 10_000),
    learningRate: positiveNumberFlag('learning-rate', values['learning-rate'], MAX_LEARNING_RATE),
    backend: choiceFlag('backend', values.backend, NODE_BACKENDS) ?? 'auto',
    trainSize: integerFlag('train-size', values['train-size'], 1, MAX_TRAIN_SIZE),
    testSize: integerFlag('test-size', values['test-size'], 1, MAX_TEST_SIZE) ?? MAX_TEST_SIZE,
    out,
    resume: values.resume ?? false,
    force: values.force ?? false,
    verbose: values.verbose ?? false,
    seed: integerFlag('seed', values.seed, 0, 2 ** 31 - 1),
    quiet: values.quiet ?? false,
  };
}
