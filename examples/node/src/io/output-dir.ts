import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join, resolve } from 'node:path';

/** The --out folder cannot be created or written to. */
export class OutputDirError extends Error {
  override name = 'OutputDirError';
  constructor(dir: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Cannot write to the output folder ${resolve(dir)} (${reason}). Pass --out with a folder you can write to.`, { cause });
  }
}

/**
 * Creates the folder and proves it is writable before minutes of training are spent,
 * rather than failing at the first checkpoint.
 */
export async function prepareOutputDir(dir: string): Promise<void> {
  const probe = join(dir, `.write-test-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    await writeFile(probe, '');
    await rm(probe);
  } catch (error) {
    throw new OutputDirError(dir, error);
  }
}
