import { UsageError } from './usage-error.js';
import { choiceFlag, folderFlag, integerFlag, parseFlags } from './parse-flags.js';
import { MAX_TEST_SIZE, NODE_BACKENDS, type NodeBackendName } from './train-options.js';

export interface EvaluateOptions {
  model: string;
  backend: NodeBackendName;
  testSize: number;
}

export const EVALUATE_HELP = `Evaluate a trained model on the MNIST test images.

Usage: pnpm evaluate --model DIR [flags]

  --model DIR       the folder a pnpm train run wrote (its checkpoint.json and checkpoints/)
  --backend NAME    auto, wasm or cpu (default auto)
  --test-size N     test images to use, 1-${MAX_TEST_SIZE} (default ${MAX_TEST_SIZE})
  --verbose         print stack traces of errors
  --help            show this text

Prints the accuracy, the accuracy of each digit and the digits most often confused.`;

/**
 * Parses the `evaluate` command line. Returns `'help'` for --help.
 *
 * @example
 * parseEvaluateOptions(['--model', 'runs/stage-4']) // { model: 'runs/stage-4', backend: 'auto', testSize: 10000 }
 */
export function parseEvaluateOptions(argv: string[]): EvaluateOptions | 'help' {
  const { values } = parseFlags(
    argv,
    {
      model: { type: 'string' },
      backend: { type: 'string' },
      'test-size': { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'evaluate',
  );
  if (values.help) return 'help';
  if (values.model === undefined) {
    throw new UsageError('evaluate: --model DIR is required (the folder pnpm train wrote, e.g. runs/stage-4).');
  }
  return {
    model: folderFlag('model', values.model)!,
    backend: choiceFlag('backend', values.backend, NODE_BACKENDS) ?? 'auto',
    testSize: integerFlag('test-size', values['test-size'], 1, MAX_TEST_SIZE) ?? MAX_TEST_SIZE,
  };
}
