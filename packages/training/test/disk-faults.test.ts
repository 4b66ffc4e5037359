import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs/promises';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MnistData } from '@nophd/mnist-data';
import { CheckpointError, train } from '../src/index.js';
import { CHECKPOINTS_DIR, folderCheckpoints } from '../src/node.js';
import { smallMnist } from './helpers.js';

// A file-system stub: `open` is the real one until a test makes writes to one file fail with an errno.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, open: vi.fn(actual.open) };
});

let data: MnistData;
let dir = '';
beforeAll(async () => {
  data = await smallMnist();
});
afterEach(async () => {
  vi.mocked(fs.open).mockRestore?.();
  await rm(dir, { recursive: true, force: true });
});

/** Makes every write to a file whose name ends in `suffix` fail with `code`, as a full or read-only disk does. */
function failWrites(suffix: string, code: string): void {
  const real = vi.mocked(fs.open).getMockImplementation()!;
  vi.mocked(fs.open).mockImplementation(async (path, flags, mode) => {
    const handle = await real(path, flags, mode);
    if (!String(path).endsWith(suffix) || flags !== 'w') return handle;
    return Object.assign(Object.create(handle), {
      writeFile: async () => {
        throw Object.assign(new Error(`${code}: simulated, write '${String(path)}'`), { code });
      },
      close: () => handle.close(),
      sync: () => handle.sync(),
    });
  });
}

describe.each([
  ['ENOSPC', 'weights.bin', /the disk is full \(ENOSPC\)/],
  ['EROFS', 'checkpoint.json.' + process.pid + '.tmp', /the folder is not writable \(EROFS\)/],
])('%s while saving %s', (code, file, message) => {
  it('fails with a message naming the cause and the way out, keeps the previous checkpoint and leaves no half-written file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'nophd-disk-'));
    const checkpoints = folderCheckpoints(dir);
    const saves: number[] = [];
    const run = train({ stage: 1, data, epochs: 3, checkpoints, callbacks: [{ onEpochEnd: (epoch) => {
      saves.push(epoch);
      if (epoch === 1) failWrites(file, code); // the save after the second epoch hits the fault
    } }] });
    await expect(run.result).rejects.toThrow(CheckpointError);
    await expect(run.result).rejects.toThrow(message);
    await expect(run.result).rejects.toThrow(/previous checkpoint there is intact/);
    vi.mocked(fs.open).mockImplementation((await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises')).open);

    const latest = await folderCheckpoints(dir).latest();
    expect(latest!.state.epoch).toBe(1);
    const leftovers = [...(await readdir(dir)), ...(await readdir(join(dir, CHECKPOINTS_DIR)))].filter((name) => /\.tmp$|\.partial$/.test(name));
    expect(leftovers).toEqual([]);
    // Space freed: the run resumes from the intact checkpoint and finishes.
    const resumed = train({ data, checkpoints: folderCheckpoints(dir), resume: true });
    expect((await resumed.result).epochsCompleted).toBe(3);
    resumed.dispose();
  });
});
