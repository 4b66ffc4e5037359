import type { LayerSummary } from '@nophd/models';

/** A first layer's kernel as plain data: `shape` is tfjs's ([784, units] dense, or [h, w, in, out] conv). */
export interface KernelData {
  values: Float32Array;
  shape: number[];
}

/**
 * What the model views ask of the model being trained, as plain data in and out. Today the session
 * answers from the page's own model; a model living in a Web Worker answers the same questions by message.
 */
export interface ModelPort {
  /** The first layer's kernel, copied out of the model. */
  firstLayerWeights(): Promise<KernelData>;
  /** Ten class probabilities for one 28×28 image (784 values in [0, 1]). */
  predict(pixels: Float32Array): Promise<Float32Array>;
  /** The layers: class, output shape, weights. */
  layers(): LayerSummary[];
}

/** A question the port could not answer because the model was being replaced (reset, new stage, lost WebGL context). */
export class ModelReplacedError extends Error {
  constructor() {
    super('the model is being replaced; ask again once the new one trains');
    this.name = 'ModelReplacedError';
  }
}

/** What the views draw from: a snapshot of the session, plain data plus the port. */
export interface ViewsInput {
  stage: number;
  /** Batches trained so far: the weights view refreshes when this moves. */
  batches: number;
  port: ModelPort | null;
  /** The test digits last evaluated, with the model's guesses (panel 6's data). */
  test: { images: Float32Array; labels: Uint8Array; predictions: Uint8Array } | null;
}
