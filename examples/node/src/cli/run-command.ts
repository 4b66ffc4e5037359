import { UsageError } from './usage-error.js';

/**
 * Errors whose message already says what is wrong and what to do: printed as one paragraph, no stack trace.
 * Anything else is a bug, and its stack is printed.
 */
const EXPLAINED = new Set([
  'UsageError',
  'RunReportError',
  'RunFolderError',
  'NonFiniteLossError',
  'NonFiniteWeightsError',
  'UnknownBackendError',
  'BackendUnavailableError',
  'UnknownStageError',
  'InvalidModelOptionError',
  'MnistFormatError',
  'MnistIntegrityError',
  'MnistOptionError',
  'MnistFetchError',
  'CheckpointError',
  'ResumeMismatchError',
  'TrainingOptionError',
  'NotADigitClassifierError',
  'MnistDataMissingError',
  'InvalidCallbackOptionError',
  'InvalidScheduleError',
  'MissingMetricError',
  'UnsupportedOptimizerError',
  'BackendOptionError',
  'InvalidBandsArgumentError',
]);

/**
 * Runs a command's main function and turns its outcome into an exit status:
 * its own number, 2 for a usage mistake, 1 for any other error. `verbose` prints every error's stack.
 */
export function runCommand(main: () => Promise<number>, verbose = false): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const known = error instanceof Error && EXPLAINED.has(error.name) && !verbose;
      process.stderr.write(`\n${known ? `${(error as Error).name}: ${(error as Error).message}` : (error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}
