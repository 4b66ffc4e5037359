import * as tfl from '@tensorflow/tfjs-layers';

/**
 * tfjs's Dropout layer passes its `seed` field to tf.dropout on every call. Left unset, each mask draws from
 * Math.random; set once, every step would reuse one mask. Giving it a new seed before every batch makes the
 * masks both fresh and reproducible.
 */
type DropoutWithSeed = tfl.layers.Layer & { seed?: number | string };

/**
 * A callback giving each Dropout layer of `model` a seed drawn from (seed, iteration, layer) before every
 * batch, so dropout stages train the same way twice with one --seed, and a resumed run (starting at
 * `firstIteration`) draws the masks an uninterrupted one would. The seeds are removed again at the end of
 * each epoch, before the checkpoint is saved, so a saved model never carries a fixed seed.
 * It must come before the checkpoint callback in the callbacks list.
 *
 * @example
 * const dropout = seededDropout(model, { seed: 7, firstIteration: 0 });
 * await model.fitDataset(dataset, { epochs: 2, callbacks: [dropout, checkpoint] });
 */
export function seededDropout(model: tfl.LayersModel, options: { seed: number; firstIteration: number }): tfl.CustomCallback {
  const layers = model.layers.filter((layer) => layer.getClassName() === 'Dropout') as DropoutWithSeed[];
  let iteration = options.firstIteration;
  const clear = async () => {
    for (const layer of layers) layer.seed = undefined;
  };
  return new tfl.CustomCallback({
    onBatchBegin: async () => {
      layers.forEach((layer, index) => {
        layer.seed = `${options.seed}:dropout ${iteration} ${index}`;
      });
      iteration++;
    },
    onEpochEnd: clear,
    onTrainEnd: clear,
  });
}
