import { UsageError } from './usage-error.js';

/** Errors whose message already says what to do; anything else gets its stack printed. */
const EXPLAINED = new Set([
  'UsageError',
  'ModelNotFoundError',
  'ModelFormatError',
  'ReportFormatError',
  'OutputDirError',
  'StageMismatchError',
  'NonFiniteLossError',
  'UnknownBackendError',
  'UnknownStageError',
  'InvalidModelOptionError',
  'MnistFormatError',
]);

/**
 * Runs a command's main function and turns its outcome into an exit status:
 * its own number, 2 for a usage mistake, 1 for any other error.
 */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const known = error instanceof Error && EXPLAINED.has(error.name);
      process.stderr.write(`\n${known ? `${(error as Error).name}: ${(error as Error).message}` : (error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}
