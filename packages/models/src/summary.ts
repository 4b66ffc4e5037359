import type * as tfl from '@tensorflow/tfjs-layers';

/** One layer of a model as plain data: what a summary table (or a Web Worker's message) needs. */
export interface LayerSummary {
  readonly name: string;
  /** The layer's class, e.g. `'Conv2D'`. */
  readonly className: string;
  /** Output shape without the batch dimension, e.g. `[28, 28, 32]`. */
  readonly outputShape: number[];
  /** Number of weights, trainable or not. */
  readonly params: number;
}

/**
 * The layers of a model — class, output shape, weights — as plain, cloneable data.
 *
 * @example
 * ```ts
 * summarizeModel(createStageModel(1).model);
 * // [{ name: 'dense_Dense1', className: 'Dense', outputShape: [10], params: 7850 }]
 * ```
 */
export function summarizeModel(model: tfl.LayersModel): LayerSummary[] {
  return model.layers.map((layer) => {
    const shape = (Array.isArray(layer.outputShape[0]) ? layer.outputShape[0] : layer.outputShape) as (number | null)[];
    return { name: layer.name, className: layer.getClassName(), outputShape: shape.slice(1) as number[], params: layer.countParams() };
  });
}
