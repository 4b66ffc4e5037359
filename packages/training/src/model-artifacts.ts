import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { loadStageModel } from '@nophd/models';

/**
 * The model as tfjs artifacts (topology, training config, weights) with its optimizer's state appended
 * (Adam's moments and step count), so a resumed run continues the same optimisation instead of
 * restarting Adam.
 *
 * Same content as `model.save(handler, { includeOptimizer: true })`, without its leak: in tfjs-layers
 * 4.22 that call asks `optimizer.getWeights()` for a fresh step-count scalar and never disposes it.
 */
export async function modelArtifacts(model: LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    captured = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const optimizerWeights = await model.optimizer.getWeights();
  try {
    const optimizer = await tf.io.encodeWeights(optimizerWeights, 'optimizer');
    const trainingConfig = (model as unknown as { getTrainingConfig(): tf.io.TrainingConfig }).getTrainingConfig();
    return {
      ...captured!,
      userDefinedMetadata: { ...captured!.userDefinedMetadata, ...(await adamPowers(model.optimizer)) },
      trainingConfig,
      weightSpecs: [...(captured!.weightSpecs ?? []), ...optimizer.specs],
      weightData: tf.io.concatenateArrayBuffers([
        tf.io.CompositeArrayBuffer.join(captured!.weightData ?? new ArrayBuffer(0)),
        optimizer.data,
      ]),
    };
  } finally {
    // The optimizer's slot variables are its own; only the freshly made step count is ours to free.
    tf.dispose(optimizerWeights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  }
}

/** Rebuilds a model saved by {@link modelArtifacts}, compiled, with its optimizer's state restored. */
export async function modelFromArtifacts(artifacts: tf.io.ModelArtifacts): Promise<LayersModel> {
  const model = await loadStageModel(tf.io.fromMemory(artifacts));
  const saved = (artifacts.userDefinedMetadata as { adamPowers?: [number, number] } | undefined)?.adamPowers;
  const adam = model.optimizer as unknown as Partial<AdamPowers>;
  if (saved && adam.accBeta1 && adam.accBeta2) {
    adam.accBeta1.assign(tf.scalar(saved[0]));
    adam.accBeta2.assign(tf.scalar(saved[1]));
  }
  return model;
}

/** Adam's running powers β₁ᵗ and β₂ᵗ (private fields of tfjs's AdamOptimizer). */
interface AdamPowers {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

/**
 * Adam's β₁ᵗ and β₂ᵗ as it holds them. tfjs's `setWeights` recomputes them as pow(β, t + 1), which rounds
 * differently from the product Adam accumulated step by step, and a resumed run would drift from an
 * uninterrupted one in the 4th decimal; saving the exact values keeps the two identical.
 */
async function adamPowers(optimizer: tf.Optimizer): Promise<{ adamPowers?: [number, number] }> {
  const adam = optimizer as unknown as Partial<AdamPowers>;
  if (!(adam.accBeta1 instanceof tf.Variable) || !(adam.accBeta2 instanceof tf.Variable)) return {};
  const [beta1, beta2] = await Promise.all([adam.accBeta1.data(), adam.accBeta2.data()]);
  return { adamPowers: [beta1[0], beta2[0]] };
}
