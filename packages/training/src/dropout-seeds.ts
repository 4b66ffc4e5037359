import type { LayersModel } from '@tensorflow/tfjs-layers';

/** tfjs's Dropout layer hands its `seed` field to tf.dropout on every call. */
type SeedableLayer = { seed?: number | string; getClassName(): string };

/**
 * Seeds every Dropout layer of a model per training step. Left unseeded, masks draw from Math.random and a
 * run cannot be repeated; seeded once, every step would reuse one mask. A seed from (run seed, step, layer)
 * makes the masks fresh, repeatable, and the same for a resumed run as for an uninterrupted one.
 */
export class DropoutSeeds {
  private readonly layers: SeedableLayer[];

  constructor(model: LayersModel, private readonly seed: number) {
    this.layers = (model.layers as unknown as SeedableLayer[]).filter((layer) => layer.getClassName() === 'Dropout');
  }

  /** Seeds the masks of training step `iteration` (counted from the run's very first batch). */
  set(iteration: number): void {
    this.layers.forEach((layer, index) => {
      layer.seed = `${this.seed}:dropout ${iteration} ${index}`;
    });
  }

  /** Removes the seeds, so a saved or handed-back model never carries a fixed mask. */
  clear(): void {
    for (const layer of this.layers) layer.seed = undefined;
  }
}
