import { constants } from 'node:fs';
import { access, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CheckpointStore } from '../checkpoint-store.js';
import { makeFolder } from './durable-files.js';
import { CHECKPOINTS_DIR, CURRENT_FILE, folderCheckpoints } from './folder-checkpoints.js';
import { REPORT_JSON, REPORT_SVG } from './run-report.js';

/** A run folder cannot be created or written to. */
export class RunFolderError extends Error {
  override name = 'RunFolderError';
  constructor(dir: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Cannot write to the run folder ${resolve(dir)} (${reason}). Choose a folder you can write to (pnpm train: --out DIR).`, { cause });
  }
}

/**
 * Creates a run's folder and proves it writable before minutes of training are spent, rather than failing at
 * the first checkpoint. A folder it created is removed again when it turns out unwritable.
 *
 * @example
 * await prepareRunFolder('runs/stage-4');
 * const checkpoints = folderCheckpoints('runs/stage-4');
 */
export async function prepareRunFolder(dir: string): Promise<void> {
  const probe = join(dir, `.write-test-${process.pid}`);
  const createdHere = !(await stat(dir).then(() => true, () => false));
  try {
    await makeFolder(dir);
    await access(dir, constants.W_OK);
    await writeFile(probe, '');
    await rm(probe);
  } catch (error) {
    if (createdHere) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw new RunFolderError(dir, error);
  }
}

/**
 * Removes `dir` if it is empty: a run that failed before its first checkpoint leaves nothing behind.
 *
 * @example
 * try { await run.result; } catch (error) { await removeEmptyRunFolder(dir); throw error; }
 */
export async function removeEmptyRunFolder(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => undefined);
  if (entries && entries.length === 0) await rm(dir, { recursive: true, force: true });
}

/**
 * Deletes the run saved in `dir` (its checkpoints and report) to start over there, once no live run holds
 * the folder (a live one makes it throw a CheckpointError). Other files in the folder are left alone.
 *
 * @example
 * await clearRunFolder('runs/stage-4'); // pnpm train --force
 */
export async function clearRunFolder(dir: string, checkpoints: CheckpointStore = folderCheckpoints(dir)): Promise<void> {
  const release = await checkpoints.claim?.();
  try {
    for (const name of [CURRENT_FILE, CHECKPOINTS_DIR, REPORT_JSON, REPORT_SVG]) await rm(join(dir, name), { recursive: true, force: true });
  } finally {
    await release?.();
  }
}
