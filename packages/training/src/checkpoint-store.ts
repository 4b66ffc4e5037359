import type * as tf from '@tensorflow/tfjs-core';
import type { Recipe } from '@nophd/models';
import type { MetricsData } from '@nophd/training-callbacks';

/** Where a run stands, saved with its model; `train({ resume: true })` continues from exactly here. */
export interface TrainingState {
  format: 'nophd-training-state';
  version: 1;
  /** The stage trained (1–5), or undefined for a model passed in. */
  stage?: number;
  /** The recipe in force (learning-rate overrides included). */
  recipe: Recipe;
  /** The run's seed: data order, dropout masks, initial weights. A resumed run must keep it. */
  seed: number;
  /** Epochs the run was asked for in all. */
  epochs: number;
  /** Epochs finished. */
  epoch: number;
  /** Batches of epoch `epoch` already trained (non-zero when the run was stopped mid-epoch). */
  batchInEpoch: number;
  /** Training steps since the run began. */
  iteration: number;
  /** Sizes of the splits trained and validated on: a resumed run must see the same data. */
  data: { train: number; validation: number };
  /** The metrics recorded so far, so charts continue where they stopped. */
  history: MetricsData;
  /** What the caller saved with it (a CLI's report, say); plain JSON. */
  extra?: unknown;
}

/** A model with its optimizer state, and the state of the run that trained it. */
export interface Checkpoint {
  state: TrainingState;
  artifacts: tf.io.ModelArtifacts;
}

/**
 * Where checkpoints live. `train()` saves after every epoch and when stopped; `latest()` reads back the
 * newest complete one. `@nophd/training/node`'s `folderCheckpoints(dir)` keeps them on disk, atomically;
 * {@link memoryCheckpoints} keeps them in memory (a page, a test).
 */
export interface CheckpointStore {
  /** Names the store in messages, e.g. `the folder runs/stage-4`. */
  readonly description: string;
  /** The newest complete checkpoint, or undefined when there is none. Throws when one exists but is damaged. */
  latest(): Promise<Checkpoint | undefined>;
  /** Makes `checkpoint` the newest, all at once: a reader sees the previous one or this one, never a mix. */
  save(checkpoint: Checkpoint): Promise<void>;
  /** Claims the store for one run; the returned function releases it. Optional (a memory store has one owner). */
  claim?(): Promise<() => Promise<void>>;
}

/**
 * Checkpoints kept in memory, for a page or a test: the newest one only.
 *
 * @example
 * ```ts
 * const checkpoints = memoryCheckpoints();
 * await train({ stage: 1, data, epochs: 1, checkpoints }).result;
 * await train({ stage: 1, data, epochs: 2, checkpoints, resume: true }).result;
 * ```
 */
export function memoryCheckpoints(): CheckpointStore {
  let newest: Checkpoint | undefined;
  return {
    description: 'the in-memory checkpoint store',
    async latest() {
      return newest && structuredClone(newest);
    },
    async save(checkpoint) {
      newest = structuredClone(checkpoint);
    },
  };
}
