import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import type { MnistData } from '@nophd/mnist-data';
import { CheckpointError, loadCheckpointModel, train } from '../src/index.js';
import { CHECKPOINTS_DIR, CURRENT_FILE, folderCheckpoints, LOCK_FILE, SAVE_STEPS, WEIGHTS_BIN } from '../src/node.js';
import { smallMnist, tempFolders, weightsFingerprint } from './helpers.js';
import { disposeModel } from '@nophd/models';

let data: MnistData;
const folders = tempFolders('nophd-checkpoints-');
const freshFolder = folders.fresh;
beforeAll(async () => {
  data = await smallMnist();
});
afterEach(folders.removeAll);
async function currentFolder(dir: string): Promise<string> {
  const pointer = JSON.parse(await readFile(join(dir, CURRENT_FILE), 'utf8')) as { current: string };
  return join(dir, pointer.current);
}

describe('folderCheckpoints()', () => {
  it('saves after every epoch, keeps the previous one, and loads the model with its run state', async () => {
    const dir = await freshFolder();
    const run = train({ stage: 1, data, epochs: 3, checkpoints: folderCheckpoints(dir) });
    const { model } = await run.result;
    const { model: loaded, state } = await loadCheckpointModel(folderCheckpoints(dir));
    expect(state).toMatchObject({ stage: 1, epoch: 3, batchInEpoch: 0, seed: 42, data: { train: 2000, validation: 500 } });
    expect(await weightsFingerprint(loaded)).toEqual(await weightsFingerprint(model));
    expect((await readdir(join(dir, CHECKPOINTS_DIR))).filter((n) => n.startsWith('epoch-'))).toHaveLength(2);
    await expect(readFile(join(dir, LOCK_FILE))).rejects.toThrow(/ENOENT/);
    disposeModel(loaded);
    run.dispose();
  });

  it('names the damaged file of a truncated or altered checkpoint instead of loading it', async () => {
    const dir = await freshFolder();
    const run = train({ stage: 1, data, epochs: 1, checkpoints: folderCheckpoints(dir) });
    await run.result;
    run.dispose();
    const weights = join(await currentFolder(dir), WEIGHTS_BIN);
    await truncate(weights, 100);
    await expect(folderCheckpoints(dir).latest()).rejects.toThrow(CheckpointError);
    await expect(folderCheckpoints(dir).latest()).rejects.toThrow(/weights\.bin has 100 bytes, the manifest says \d+ \(truncated/);
    await expect(train({ data, checkpoints: folderCheckpoints(dir), resume: true }).result).rejects.toThrow(/damaged/);
  });

  it('keeps two live runs out of one folder, and takes over the lock of a killed run with a notice', async () => {
    const dir = await freshFolder();
    const release = await folderCheckpoints(dir).claim!();
    await expect(folderCheckpoints(dir).claim!()).rejects.toThrow(/in use by another training run \(process \d+/);
    await release();
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid!)));
    const { hostname } = await import('node:os');
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    const notices: string[] = [];
    const again = await folderCheckpoints(dir, { warn: (m) => notices.push(m) }).claim!();
    expect(notices.join()).toMatch(new RegExp(`process ${deadPid}.*probably killed`));
    await again();
  });
});

/** Runs the fixture in its own Node process (tsx), resolving with its exit signal and what it printed. */
function trainingProcess(args: string[]): Promise<{ signal: NodeJS.Signals | null; code: number | null; out: string; err: string }> {
  // From the package's folder, where `tsx` is installed (CI runs vitest from the repository root).
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'train-until-killed.ts'), ...args], {
    cwd: join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })));
}

describe('a training process killed at every step of a save', () => {
  it('resumes from the last complete checkpoint and ends exactly where an uninterrupted run ends', async () => {
    const whole = await trainingProcess([await freshFolder()]);
    expect(whole.code, whole.err).toBe(0);
    const expected = JSON.parse(whole.out) as { iteration: number; weights: string };

    // Each kill lands in the save of the second epoch; two at a time, the machine has two cores.
    const outcomes: string[] = [];
    for (let i = 0; i < SAVE_STEPS.length; i += 2) {
      await Promise.all(SAVE_STEPS.slice(i, i + 2).map(async (step) => {
        const dir = await freshFolder();
        const killed = await trainingProcess([dir, step, '2']);
        expect(killed.signal, `${step}: ${killed.err}`).toBe('SIGKILL');
        const { state } = await folderCheckpoints(dir).latest().then((c) => ({ state: c!.state }));
        // Before the pointer is switched the first epoch's checkpoint is current; after it, the second's.
        expect(state.epoch, step).toBe(step === 'pointer-renamed' ? 2 : 1);
        const resumed = await trainingProcess([dir, '', '', 'resume']);
        expect(resumed.code, `${step}: ${resumed.err}`).toBe(0);
        const result = JSON.parse(resumed.out) as { iteration: number; weights: string };
        expect(result.iteration, step).toBe(expected.iteration);
        expect(result.weights, step).toEqual(expected.weights);
        const left = await readdir(join(dir, CHECKPOINTS_DIR));
        expect(left.filter((n) => n.endsWith('.partial')), step).toEqual([]);
        outcomes.push(step);
      }));
    }
    expect(outcomes.sort()).toEqual([...SAVE_STEPS].sort());
  }, 300_000);
});
