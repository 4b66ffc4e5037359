import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError } from '../src/index.js';
import {
  CHECKPOINTS_DIR,
  clearRunFolder,
  CURRENT_FILE,
  folderCheckpoints,
  prepareRunFolder,
  removeEmptyRunFolder,
  REPORT_JSON,
  RunFolderError,
} from '../src/node.js';
import { tempFolders } from './helpers.js';

const folders = tempFolders('nophd-run-folder-');
afterEach(folders.removeAll);

describe('run folders', () => {
  it('prepareRunFolder makes nested folders, leaves no probe file, and accepts an existing folder', async () => {
    const dir = join(await folders.fresh(), 'runs', 'stage-4');
    await prepareRunFolder(dir);
    expect(await readdir(dir)).toEqual([]);
    await prepareRunFolder(dir);
    expect((await stat(dir)).isDirectory()).toBe(true);
  });

  it('prepareRunFolder names the folder and the cause when it cannot write there, and leaves nothing it made', async () => {
    const root = await folders.fresh();
    const file = join(root, 'a-file');
    await writeFile(file, 'not a folder');
    const error = await prepareRunFolder(join(file, 'run')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFolderError);
    expect((error as Error).message).toMatch(/^Cannot write to the run folder .*a-file\/run \(.*ENOTDIR.*\)\. Choose a folder you can write to/);
    expect(await readdir(root)).toEqual(['a-file']);
  });

  it('removeEmptyRunFolder removes only an empty folder', async () => {
    const root = await folders.fresh();
    await mkdir(join(root, 'empty'));
    await mkdir(join(root, 'full'));
    await writeFile(join(root, 'full', 'notes.txt'), 'mine');
    await removeEmptyRunFolder(join(root, 'empty'));
    await removeEmptyRunFolder(join(root, 'full'));
    await removeEmptyRunFolder(join(root, 'never-made'));
    expect((await readdir(root)).sort()).toEqual(['full']);
  });

  it("clearRunFolder deletes the run's checkpoints and report but not the user's files, and never under a live run", async () => {
    const dir = await folders.fresh();
    await mkdir(join(dir, CHECKPOINTS_DIR, 'epoch-0001'), { recursive: true });
    await writeFile(join(dir, CURRENT_FILE), '{}');
    await writeFile(join(dir, REPORT_JSON), '{}');
    await writeFile(join(dir, 'notes.txt'), 'mine');

    const release = await folderCheckpoints(dir).claim!();
    await expect(clearRunFolder(dir)).rejects.toThrow(CheckpointError);
    expect((await readdir(dir)).sort()).toContain(CURRENT_FILE);
    await release();

    await clearRunFolder(dir);
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });
});
