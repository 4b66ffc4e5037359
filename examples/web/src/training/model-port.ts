import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { summarizeModel } from '@nophd/models';
import type { ModelPort } from '../views/model-port';

/**
 * Answers the model views' questions from a model in this thread (see {@link ModelPort}); each call copies
 * its answer out of tfjs, so the views never hold a tensor.
 */
export function createModelPort(model: LayersModel, inputShape: 'flat' | 'image'): ModelPort {
  return {
    async firstLayerWeights() {
      const kernel = model.layers.find((layer) => layer.getWeights().length > 0)!.getWeights()[0];
      return { values: (await kernel.data()) as Float32Array, shape: kernel.shape };
    },
    async predict(pixels) {
      const probabilities = tf.tidy(() => {
        const x = tf.tensor(pixels, inputShape === 'flat' ? [1, 784] : [1, 28, 28, 1]);
        return model.predict(x) as tf.Tensor;
      });
      try {
        return (await probabilities.data()) as Float32Array;
      } finally {
        probabilities.dispose();
      }
    },
    layers: () => summarizeModel(model),
  };
}
