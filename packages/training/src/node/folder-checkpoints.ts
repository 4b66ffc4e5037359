import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Checkpoint, CheckpointStore, TrainingState } from '../checkpoint-store.js';
import { CheckpointError } from '../errors.js';
import { makeFolder, replaceFile, sha256, syncFolder, writeDurably } from './durable-files.js';
import { claimFolder } from './run-lock.js';

/** The pointer file naming the current checkpoint; replacing it is the one step that makes a save count. */
export const CURRENT_FILE = 'checkpoint.json';
/** The folder holding one sub-folder per checkpoint. */
export const CHECKPOINTS_DIR = 'checkpoints';
/** Files of one checkpoint folder. */
export const MODEL_JSON = 'model.json';
/** The weights of one checkpoint, the optimizer's state appended (tfjs's weight format). */
export const WEIGHTS_BIN = 'weights.bin';
/** Where the run stood: a {@link TrainingState} as JSON. */
export const STATE_JSON = 'state.json';
/** Every file of one checkpoint with its size and SHA-256, checked when the checkpoint is loaded. */
export const MANIFEST_JSON = 'manifest.json';

/** The steps of a save, in order: a fault-injection test stops the process at each one. */
export const SAVE_STEPS = [
  'folder-created',
  'model-written',
  'weights-written',
  'state-written',
  'manifest-written',
  'folder-renamed',
  'pointer-written',
  'pointer-renamed',
] as const;
/** One of {@link SAVE_STEPS}. */
export type SaveStep = (typeof SAVE_STEPS)[number];

/** Options of {@link folderCheckpoints}. */
export interface FolderCheckpointsOptions {
  /** Checkpoints kept besides the current one (default 1: the previous epoch's, as a fallback by hand). */
  keepPrevious?: number;
  /** Where notices go (a stale lock taken over, leftovers cleaned); default `console.warn`. */
  warn?: (message: string) => void;
  /** Called as each step of a save completes; tests use it to kill the process mid-save. */
  onSaveStep?: (step: SaveStep) => void;
}

interface Manifest {
  format: 'nophd-checkpoint';
  version: 1;
  files: Record<string, { bytes: number; sha256: string }>;
}

interface Pointer {
  format: 'nophd-checkpoint-pointer';
  version: 1;
  current: string;
  epoch: number;
  iteration: number;
  savedAt: string;
}

/**
 * Checkpoints in a folder on disk, saved so that a crash, a kill or a full disk at any moment leaves the
 * previous complete checkpoint readable: each save writes a new folder (model.json, weights.bin with the
 * optimizer state, state.json, and a manifest with every file's SHA-256), renames it into place, then
 * switches the pointer `checkpoint.json` with one rename. Loading verifies the manifest and names any
 * damaged file. A lock file keeps two live runs out of one folder.
 *
 * @example
 * ```ts
 * import { folderCheckpoints } from '@nophd/training/node';
 * const checkpoints = folderCheckpoints('runs/stage-2');
 * await train({ stage: 2, data, checkpoints }).result;
 * ```
 */
export function folderCheckpoints(dir: string, options: FolderCheckpointsOptions = {}): CheckpointStore {
  if (typeof dir !== 'string' || dir.trim() === '') {
    throw new CheckpointError('folderCheckpoints', `the folder is ${JSON.stringify(dir)}`, 'Pass the path of a folder to keep the checkpoints in, e.g. "runs/stage-2".');
  }
  const root = resolve(dir);
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const step = options.onSaveStep ?? (() => undefined);
  const keepPrevious = options.keepPrevious ?? 1;
  const description = `the folder ${dir}`;
  return {
    description,
    async claim() {
      await makeFolder(root).catch((error: unknown) => {
        throw new CheckpointError(description, `cannot be created (${(error as Error).message})`, 'Choose a folder you can write to (pnpm train: --out DIR).', { cause: error });
      });
      return claimFolder(root, warn);
    },
    async latest() {
      const pointer = await readPointer(root, description);
      return pointer && readCheckpoint(join(root, pointer.current), description);
    },
    async save(checkpoint) {
      const { state } = checkpoint;
      const name = `epoch-${pad(state.epoch)}-batch-${pad(state.batchInEpoch)}-${Date.now().toString(36)}`;
      const folders = join(root, CHECKPOINTS_DIR);
      const partial = join(folders, `.${name}.partial`);
      try {
        await makeFolder(partial);
        step('folder-created');
        const files = await writeCheckpointFiles(partial, checkpoint, step);
        const manifest: Manifest = { format: 'nophd-checkpoint', version: 1, files };
        await writeDurably(join(partial, MANIFEST_JSON), JSON.stringify(manifest, null, 1));
        step('manifest-written');
        await rename(partial, join(folders, name));
        await syncFolder(folders);
        step('folder-renamed');
        const pointer: Pointer = { format: 'nophd-checkpoint-pointer', version: 1, current: `${CHECKPOINTS_DIR}/${name}`, epoch: state.epoch, iteration: state.iteration, savedAt: new Date().toISOString() };
        await replaceFile(join(root, CURRENT_FILE), JSON.stringify(pointer, null, 1), () => step('pointer-written'));
        await syncFolder(root);
        step('pointer-renamed');
      } catch (error) {
        await rm(partial, { recursive: true, force: true }).catch(() => undefined);
        await rm(join(root, `${CURRENT_FILE}.${process.pid}.tmp`), { force: true }).catch(() => undefined);
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOSPC' ? 'the disk is full (ENOSPC)' : code === 'EROFS' || code === 'EACCES' || code === 'EPERM' ? `the folder is not writable (${code})` : (error as Error).message;
        throw new CheckpointError(description, `could not save the checkpoint of epoch ${state.epoch}, batch ${state.batchInEpoch}: ${why}`,
          'The previous checkpoint there is intact. Free some space or fix the permissions, then continue with resume (pnpm train: --resume).', { cause: error });
      }
      await prune(folders, name, keepPrevious).catch((error: unknown) => warn(`Could not remove old checkpoints in ${folders}: ${(error as Error).message}`));
    },
  };
}

async function writeCheckpointFiles(folder: string, checkpoint: Checkpoint, step: (s: SaveStep) => void): Promise<Manifest['files']> {
  const { artifacts, state } = checkpoint;
  const weights = new Uint8Array(artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  const contents: [string, Uint8Array | string, SaveStep][] = [
    [MODEL_JSON, JSON.stringify(modelJson), 'model-written'],
    [WEIGHTS_BIN, weights, 'weights-written'],
    [STATE_JSON, JSON.stringify(state), 'state-written'],
  ];
  const files: Manifest['files'] = {};
  for (const [file, data, done] of contents) {
    await writeDurably(join(folder, file), data);
    files[file] = { bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength, sha256: sha256(data) };
    step(done);
  }
  return files;
}

async function readPointer(root: string, description: string): Promise<Pointer | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, CURRENT_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CheckpointError(description, `${CURRENT_FILE} cannot be read (${(error as Error).message})`, 'Check the folder\'s permissions.', { cause: error });
  }
  let pointer: Pointer;
  try {
    pointer = JSON.parse(text) as Pointer;
  } catch {
    pointer = {} as Pointer;
  }
  if (pointer.format !== 'nophd-checkpoint-pointer' || typeof pointer.current !== 'string' || !pointer.current.startsWith(`${CHECKPOINTS_DIR}/`) || pointer.current.includes('..')) {
    throw new CheckpointError(description, `${CURRENT_FILE} is not a nophd checkpoint pointer`, `Restore it, or delete ${join(root, CURRENT_FILE)} to start that folder afresh.`);
  }
  return pointer;
}

async function readCheckpoint(folder: string, description: string): Promise<Checkpoint> {
  const damaged = (problem: string) =>
    new CheckpointError(description, `the current checkpoint ${folder} is damaged: ${problem}`,
      'Restore the folder from a backup, or start over in another folder (pnpm train: --out DIR, or --force to replace this run).');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(folder, MANIFEST_JSON), 'utf8')) as Manifest;
  } catch (error) {
    throw damaged(`${MANIFEST_JSON} is missing or unreadable (${(error as Error).message})`);
  }
  if (manifest.format !== 'nophd-checkpoint' || manifest.files == null) throw damaged(`${MANIFEST_JSON} is not a nophd checkpoint manifest`);
  const read: Record<string, Buffer> = {};
  for (const file of [MODEL_JSON, WEIGHTS_BIN, STATE_JSON]) {
    const expected = manifest.files[file];
    if (!expected) throw damaged(`${MANIFEST_JSON} does not list ${file}`);
    let bytes: Buffer;
    try {
      bytes = await readFile(join(folder, file));
    } catch (error) {
      throw damaged(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (bytes.byteLength !== expected.bytes) throw damaged(`${file} has ${bytes.byteLength} bytes, the manifest says ${expected.bytes} (truncated or replaced)`);
    if (sha256(bytes) !== expected.sha256) throw damaged(`${file}'s SHA-256 does not match the manifest (its contents changed)`);
    read[file] = bytes;
  }
  const modelJson = JSON.parse(read[MODEL_JSON].toString('utf8')) as tf.io.ModelJSON;
  const state = JSON.parse(read[STATE_JSON].toString('utf8')) as TrainingState;
  if (state.format !== 'nophd-training-state' || state.version !== 1) throw damaged(`${STATE_JSON} is not a nophd training state (version 1)`);
  const weights = read[WEIGHTS_BIN];
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifestGroups) => [
    tf.io.getWeightSpecs(manifestGroups),
    weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
  ]);
  return { state, artifacts };
}

/** Removes older checkpoints (all but the current and `keepPrevious` before it) and leftovers of interrupted saves. */
async function prune(folders: string, current: string, keepPrevious: number): Promise<void> {
  const entries = (await readdir(folders)).sort();
  const complete = entries.filter((name) => name.startsWith('epoch-') && name !== current);
  const leftovers = entries.filter((name) => name.endsWith('.partial'));
  const drop = [...complete.slice(0, Math.max(0, complete.length - keepPrevious)), ...leftovers];
  for (const name of drop) await rm(join(folders, name), { recursive: true, force: true });
}

function pad(n: number): string {
  return String(n).padStart(6, '0');
}
