import { describe, expect, it } from 'vitest';
import { parseTrainOptions } from '../src/cli/train-options.js';
import { parseEvaluateOptions } from '../src/cli/evaluate-options.js';
import { UsageError } from '../src/cli/usage-error.js';

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('parseTrainOptions', () => {
  it('uses defaults that train stage 4 into runs/stage-4 (stage, training size and seed left to the run or its checkpoint)', () => {
    expect(parseTrainOptions([])).toEqual({
      stage: undefined,
      epochs: 3,
      batchSize: undefined,
      learningRate: undefined,
      backend: 'auto',
      trainSize: undefined,
      testSize: 10_000,
      out: 'runs/stage-4',
      resume: false,
      force: false,
      verbose: false,
      seed: undefined,
      quiet: false,
    });
  });

  it('reads every flag', () => {
    const options = parseTrainOptions([
      '--stage', '2', '--epochs', '3', '--batch-size', '64', '--learning-rate', '0.01', '--backend', 'cpu', '--train-size', '2000',
      '--test-size', '500', '--out', 'tmp/x', '--resume', '--seed', '7', '--quiet', '--verbose',
    ]);
    expect(options).toEqual({
      stage: 2, epochs: 3, batchSize: 64, learningRate: 0.01, backend: 'cpu', trainSize: 2000, testSize: 500,
      out: 'tmp/x', resume: true, force: false, verbose: true, seed: 7, quiet: true,
    });
    expect(parseTrainOptions(['--force'])).toMatchObject({ force: true, resume: false });
  });

  it('defaults --out to the stage folder', () => {
    expect(parseTrainOptions(['--stage', '5'])).toMatchObject({ out: 'runs/stage-5' });
    expect(parseTrainOptions(['--stage=1'])).toMatchObject({ stage: 1, out: 'runs/stage-1' });
    expect(parseTrainOptions(['--stage', 'experts'])).toMatchObject({ stage: 6, out: 'runs/stage-6' });
    expect(parseTrainOptions(['--stage', '6'])).toMatchObject({ stage: 6, out: 'runs/stage-6' });
  });

  it('recognises --help', () => {
    expect(parseTrainOptions(['--help'])).toBe('help');
    expect(parseTrainOptions(['-h'])).toBe('help');
  });

  it.each([
    [['--stage', '7'], ['--stage', '"7"', '1, 2, 3, 4, 5, 6, experts']],
    [['--epochs', '-1'], ['--epochs', '"-1"', 'integer from 1']],
    [['--epochs', '1.5'], ['--epochs', '"1.5"']],
    [['--epochs', 'two'], ['--epochs', '"two"']],
    [['--backend', 'foo'], ['--backend', '"foo"', 'auto, wasm, cpu']],
    [['--train-size', '60000'], ['--train-size', '55000']],
    [['--test-size', '0'], ['--test-size', 'from 1 to 10000']],
    [['--batch-size', ''], ['--batch-size']],
    [['--learning-rate', '-0.1'], ['--learning-rate', '"-0.1"', 'above 0 and below 10']],
    [['--learning-rate', '10'], ['--learning-rate', '"10"', 'above 0 and below 10']],
    [['--epochs', '0x10'], ['--epochs', '"0x10"']],
    [['--epochs', '1e3'], ['--epochs', '"1e3"']],
    [['--out', ''], ['--out ""', 'give a folder']],
    [['--resume', '--force'], ['contradict']],
    [['--learning-rate', 'fast'], ['--learning-rate', '"fast"']],
  ])('rejects %j with a message naming the flag, value and choices', (argv, fragments) => {
    const error = usageError(() => parseTrainOptions(argv));
    for (const fragment of fragments) expect(error.message).toContain(fragment);
  });

  it('rejects unknown flags and lists the known ones', () => {
    const error = usageError(() => parseTrainOptions(['--epoch', '3']));
    expect(error.message).toContain("'--epoch'");
    expect(error.message).toContain('--epochs');
    expect(error.message).toContain('--help');
  });

  it('rejects a flag without its value and stray arguments', () => {
    expect(usageError(() => parseTrainOptions(['--stage'])).message).toContain('--stage');
    expect(usageError(() => parseTrainOptions(['4'])).message).toContain("'4'");
  });
});

describe('parseEvaluateOptions', () => {
  it('needs --model', () => {
    expect(usageError(() => parseEvaluateOptions([])).message).toContain('--model DIR is required');
  });

  it('reads --model, --backend and --test-size', () => {
    expect(parseEvaluateOptions(['--model', 'runs/stage-4', '--backend', 'wasm', '--test-size', '100'])).toEqual({
      model: 'runs/stage-4',
      backend: 'wasm',
      testSize: 100,
    });
  });

  it('rejects bad values', () => {
    expect(usageError(() => parseEvaluateOptions(['--model', 'x', '--backend', 'webgpu'])).message).toContain('auto, wasm, cpu');
  });
});
