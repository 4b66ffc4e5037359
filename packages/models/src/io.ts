import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InputConv2D } from './layers/input-conv2d.js';
import { OptionalScaleBatchNormalization } from './layers/optional-scale-batch-normalization.js';

/** Custom layers a saved stage model may contain. */
export const CUSTOM_LAYERS = [OptionalScaleBatchNormalization, InputConv2D] as const;

/**
 * Registers this package's custom layers with `tf.serialization` (idempotent). Importing the package
 * already does it; call it explicitly before `tf.loadLayersModel` if a bundler might drop the import.
 *
 * @example
 * ```ts
 * registerModelLayers();
 * const model = await tf.loadLayersModel('file://runs/stage5/model.json');
 * ```
 */
export function registerModelLayers(): void {
  // One list: CUSTOM_LAYERS. The cast only unifies the two classes' fromConfig signatures.
  for (const layer of CUSTOM_LAYERS) tf.serialization.registerClass(layer as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}

/**
 * Loads a saved stage model (any of the five, including the batch-norm one) from a URL, path or
 * `tf.io.IOHandler`, with this package's custom layers registered first.
 *
 * @example
 * ```ts
 * const model = await loadStageModel(tf.io.fromMemory(artifacts));
 * ```
 */
export async function loadStageModel(
  source: string | tf.io.IOHandler,
  options?: tf.io.LoadOptions,
): Promise<tfl.LayersModel> {
  registerModelLayers();
  return tfl.loadLayersModel(source, options);
}
