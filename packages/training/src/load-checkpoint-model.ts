import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { CheckpointStore, TrainingState } from './checkpoint-store.js';
import { CheckpointError } from './errors.js';
import { modelFromArtifacts } from './model-artifacts.js';

/**
 * The model of a store's newest checkpoint (compiled, optimizer state restored) and the state of its run,
 * e.g. to evaluate a trained model. Free the model with `disposeModel` from `@nophd/models`.
 *
 * @example
 * ```ts
 * const { model, state } = await loadCheckpointModel(folderCheckpoints('runs/stage-4'));
 * console.log(`stage ${state.stage}, ${state.epoch} epochs`, (await evaluate(model, data.test)).accuracy);
 * ```
 */
export async function loadCheckpointModel(store: CheckpointStore): Promise<{ model: LayersModel; state: TrainingState }> {
  const checkpoint = await store.latest();
  if (!checkpoint) {
    throw new CheckpointError(store.description, 'holds no checkpoint', 'Train a model into it first (pnpm train --out DIR), or point at the folder a run wrote.');
  }
  try {
    return { model: await modelFromArtifacts(checkpoint.artifacts), state: checkpoint.state };
  } catch (error) {
    throw new CheckpointError(store.description, `its model cannot be rebuilt (${(error as Error).message})`,
      'The checkpoint was written by another version or edited; train it again.', { cause: error });
  }
}
