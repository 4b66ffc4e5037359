import { access, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CheckpointStore } from '@nophd/training';
import { CHECKPOINTS_DIR, CURRENT_FILE, makeFolder, REPORT_JSON, REPORT_SVG } from '@nophd/training/node';

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
  const createdHere = !(await stat(dir).then(() => true, () => false));
  try {
    await makeFolder(dir);
    await access(dir, constants.W_OK);
    await writeFile(probe, '');
    await rm(probe);
  } catch (error) {
    if (createdHere) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw new OutputDirError(dir, error);
  }
}

/** Removes an empty folder this run created, so a run that failed before its first checkpoint leaves nothing behind. */
export async function removeIfEmpty(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => undefined);
  if (entries && entries.length === 0) await rm(dir, { recursive: true, force: true });
}

/**
 * `--force`: deletes the run saved in `dir` (its checkpoints and report), after making sure no live run
 * holds the folder. Other files there are left alone.
 */
export async function clearRun(dir: string, checkpoints: CheckpointStore): Promise<void> {
  const release = await checkpoints.claim!();
  try {
    for (const name of [CURRENT_FILE, CHECKPOINTS_DIR, REPORT_JSON, REPORT_SVG]) await rm(join(dir, name), { recursive: true, force: true });
  } finally {
    await release();
  }
}
