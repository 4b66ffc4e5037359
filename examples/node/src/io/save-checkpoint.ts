import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * Saves the model with its optimizer state (Adam's moments, the step count), so that a resumed
 * run continues exactly where this one stopped.
 *
 * Same result as `model.save(handler, { includeOptimizer: true })`, without its leak:
 * in tfjs-layers 4.22 that call asks `optimizer.getWeights()` for a fresh step-count scalar
 * and never disposes it, one tensor per checkpoint.
 *
 * @example
 * await saveCheckpoint(model, fileSystemHandler('runs/stage-4'));
 */
export async function saveCheckpoint(model: LayersModel, handler: tf.io.IOHandler): Promise<tf.io.SaveResult> {
  if (!handler.save) throw new Error('saveCheckpoint needs an IOHandler with a save() method.');
  const save = handler.save.bind(handler);
  const optimizerWeights = await model.optimizer.getWeights();
  try {
    const optimizer = await tf.io.encodeWeights(optimizerWeights, 'optimizer');
    const trainingConfig = (model as unknown as { getTrainingConfig(): tf.io.TrainingConfig }).getTrainingConfig();
    return await model.save(
      tf.io.withSaveHandler(async (artifacts) =>
        save({
          ...artifacts,
          trainingConfig,
          weightSpecs: [...(artifacts.weightSpecs ?? []), ...optimizer.specs],
          weightData: tf.io.concatenateArrayBuffers([
            tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)),
            optimizer.data,
          ]),
        }),
      ),
    );
  } finally {
    // The optimizer's slot variables are its own; only the freshly made step count is ours to free.
    tf.dispose(optimizerWeights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  }
}
